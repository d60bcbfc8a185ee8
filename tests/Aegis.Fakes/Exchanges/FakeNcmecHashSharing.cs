using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Aegis.Fakes.Exchanges;

/// <summary>
/// A faithful fake of NCMEC's hash sharing API (v2, XML), from the formats python-threatexchange reads: <c>GET
/// {base}/v2/entries?from=&amp;to=</c> selects the entries whose timestamp is in the window (both ends included), in
/// an order that is not time order (as NCMEC's), <see cref="PageSize"/> a page, images then videos, with
/// <c>paging/next</c> (<c>start</c>, <c>size</c>, <c>max</c>) while more remain; <c>deletedImage</c>/<c>deletedVideo</c>
/// for deletions; <c>GET /v2/status</c>; <c>GET /v2/feedback/{type}/reasons</c>; <c>PUT
/// /v2/entries/{esp}/{id}/{type}/feedback</c>. HTTP Basic credentials are checked (401 when wrong). Every request is
/// recorded; faults are injected on demand (<see cref="Fail"/>; endpoints <c>entries</c>, <c>status</c>,
/// <c>reasons</c>, <c>feedback</c>).
/// </summary>
public sealed class FakeNcmecHashSharing : IAsyncDisposable
{
    /// <summary>NCMEC's XML namespace.</summary>
    public const string Namespace = "https://hashsharing.ncmec.org/hashsharing/v2";

    private static readonly string[] FingerprintTypes = ["MD5", "SHA1", "PDNA", "PDQ", "NETCLEAN", "VIDENTIFIER", "TMK_PDQF", "SSVH_PDNA", "SSVH_SAFER_HASH"];

    private readonly Lock _lock = new();
    private readonly Dictionary<(long, string), FakeNcmecEntry> _entries = [];
    private readonly List<FakeNcmecFeedback> _feedback = [];
    private FakeExchangeHost _host = null!;

    private FakeNcmecHashSharing(string user, string password)
    {
        User = user;
        Password = password;
    }

    /// <summary>The environment's base URL, <c>http://127.0.0.1:{port}/hashsharing</c>.</summary>
    public Uri BaseUrl => new(_host.Root + "hashsharing");

    /// <summary>The user the fake accepts.</summary>
    public string User { get; }

    /// <summary>The password the fake accepts.</summary>
    public string Password { get; }

    /// <summary>Entries a page (NCMEC's is 1,000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The reasons answered for negative feedback, for every fingerprint type (two by default).</summary>
    public IReadOnlyList<(string Guid, string Name)> Reasons { get; set; } =
    [
        ("01234567-abcd-0123-4567-012345678900", "Not CSAM"),
        ("11234567-abcd-0123-4567-012345678901", "Wrong classification"),
    ];

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeExchangeRequest> Requests => _host.Requests;

    /// <summary>Every feedback received, in order.</summary>
    public IReadOnlyList<FakeNcmecFeedback> Feedback
    {
        get
        {
            lock (_lock)
            {
                return _feedback.ToList();
            }
        }
    }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeNcmecHashSharing> StartAsync(string user = "aegis-test", string password = "fake-ncmec-hash-password")
    {
        var fake = new FakeNcmecHashSharing(user, password);
        fake._host = await FakeExchangeHost.StartAsync(Endpoint, fake.Handle, "<?xml version=\"1.0\"?><queryResult xmlns=\"" + Namespace + "\"><images count=\"2\"><image><id>");
        return fake;
    }

    /// <summary>Adds or replaces an entry (by member and id).</summary>
    public void Put(FakeNcmecEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries[(entry.MemberId, entry.Id)] = entry;
        }
    }

    /// <summary>Deletes an entry at <paramref name="at"/>: from then on it is served as a deletion.</summary>
    public void Delete(long memberId, string id, DateTimeOffset at)
    {
        lock (_lock)
        {
            var entry = _entries[(memberId, id)];
            _entries[(memberId, id)] = entry with { Deleted = true, Timestamp = at, Fingerprints = null, Classification = null };
        }
    }

    /// <summary>Makes the <paramref name="nth"/> request from now to <paramref name="endpoint"/> (any when null) meet <paramref name="fault"/>.</summary>
    public void Fail(ExchangeFault fault, string? endpoint = "entries", int nth = 1) => _host.Fail(fault, endpoint, nth);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string Endpoint(FakeRequest request)
    {
        var path = request.Path;
        return path switch
        {
            _ when path.EndsWith("/v2/entries", StringComparison.Ordinal) => "entries",
            _ when path.EndsWith("/v2/status", StringComparison.Ordinal) => "status",
            _ when path.EndsWith("/reasons", StringComparison.Ordinal) => "reasons",
            _ when path.EndsWith("/feedback", StringComparison.Ordinal) => "feedback",
            _ => path,
        };
    }

    private FakeAnswer Handle(FakeRequest request)
    {
        if (!request.Path.StartsWith("/hashsharing/v2/", StringComparison.Ordinal))
        {
            return FakeAnswer.Text(404, "Not found.");
        }

        if (!Authorized(request))
        {
            return FakeAnswer.Text(401, "Unauthorized.") with { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"hashsharing\"" } };
        }

        var parts = request.Path["/hashsharing/v2/".Length..].Split('/');
        return (request.Method, parts) switch
        {
            ("GET", ["entries"]) => Entries(request),
            ("GET", ["status"]) => FakeAnswer.Xml(Document(new XElement(X("status"),
                new XElement(X("ipAddress"), "127.0.0.1"), new XElement(X("username"), User), new XElement(X("member"), new XAttribute("id", 1), "Aegis test member")))),
            ("GET", ["feedback", var type, "reasons"]) when FingerprintTypes.Contains(type) => FakeAnswer.Xml(Document(new XElement(X("availableFeedbackReasons"),
                Reasons.Select(r => new XElement(X("reason"), new XAttribute("guid", r.Guid), new XAttribute("name", r.Name), new XAttribute("type", type)))))),
            ("PUT", ["entries", var esp, var id, var type, "feedback"]) => SubmitFeedback(request, esp, Uri.UnescapeDataString(id), type),
            _ => FakeAnswer.Text(404, "Not found."),
        };
    }

    private FakeAnswer Entries(FakeRequest request)
    {
        var from = Time(request.Param("from"), "from");
        var to = Time(request.Param("to"), "to");
        var start = int.Parse(request.Param("start") ?? "1", CultureInfo.InvariantCulture);
        var size = int.Parse(request.Param("size") ?? PageSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        List<FakeNcmecEntry> matching;
        lock (_lock)
        {
            // Not time order: NCMEC's entries come in an order of its own.
            matching = _entries.Values
                .Where(e => e.Timestamp >= from && e.Timestamp <= to)
                .OrderBy(e => Scramble(e.MemberId, e.Id))
                .ToList();
        }

        var page = matching.Skip(start - 1).Take(size).ToList();
        var root = new XElement(X("queryResult"),
            Section("images", page.Where(e => !e.IsVideo).ToList()),
            Section("videos", page.Where(e => e.IsVideo).ToList()));
        if (start - 1 + size < matching.Count)
        {
            var next = $"/v2/entries?from={Uri.EscapeDataString(Format(from))}&to={Uri.EscapeDataString(Format(to))}&start={start + size}&size={size}&max={matching.Count}";
            root.Add(new XElement(X("paging"), new XElement(X("next"), next)));
        }

        return FakeAnswer.Xml(Document(root));
    }

    private FakeAnswer SubmitFeedback(FakeRequest request, string esp, string id, string type)
    {
        if (!request.ContentType.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase))
        {
            return FakeAnswer.Text(415, $"Expected application/xml, got '{request.ContentType}'.");
        }

        if (!FingerprintTypes.Contains(type) || !long.TryParse(esp, CultureInfo.InvariantCulture, out var espId))
        {
            return FakeAnswer.Text(404, "Not found.");
        }

        lock (_lock)
        {
            if (!_entries.ContainsKey((espId, id)))
            {
                return FakeAnswer.Text(404, $"No entry {id} of member {espId}.");
            }
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(request.Body), settings);
        var root = XDocument.Load(reader).Root!;
        if (root.Name != X("feedbackSubmission") || root.Elements().Count() != 1)
        {
            return FakeAnswer.Text(400, "Expected <feedbackSubmission> in NCMEC's namespace holding one vote.");
        }

        var vote = root.Elements().Single();
        string? reason = null;
        if (vote.Name == X("negative"))
        {
            reason = vote.Element(X("reasonIds"))?.Element(X("guid"))?.Value;
            if (reason is null || !Reasons.Any(r => r.Guid == reason))
            {
                return FakeAnswer.Text(400, $"Negative feedback needs one of the reasons' GUIDs; got '{reason}'.");
            }
        }
        else if (vote.Name != X("affirmative"))
        {
            return FakeAnswer.Text(400, $"Unknown vote <{vote.Name.LocalName}>.");
        }

        lock (_lock)
        {
            _feedback.Add(new FakeNcmecFeedback(espId, id, type, reason is null, reason, request.ContentType, request.Body));
        }

        return FakeAnswer.Xml(Document(new XElement(X("submissionResult"))));
    }

    private static XElement? Section(string name, List<FakeNcmecEntry> entries)
    {
        var section = new XElement(X(name), new XAttribute("count", entries.Count));
        if (entries.Count > 0)
        {
            section.Add(new XAttribute("maxTimestamp", Format(entries.Max(e => e.Timestamp), millis: false)));
        }

        foreach (var entry in entries)
        {
            var kind = entry.IsVideo ? "video" : "image";
            var element = new XElement(X(entry.Deleted ? "deleted" + char.ToUpperInvariant(kind[0]) + kind[1..] : kind),
                new XElement(X("member"), new XAttribute("id", entry.MemberId), entry.MemberName),
                new XElement(X("timestamp"), Format(entry.Timestamp, millis: false)),
                new XElement(X("id"), entry.Id));
            if (!entry.Deleted)
            {
                if (entry.Classification is not null)
                {
                    element.Add(new XElement(X("classification"), entry.Classification));
                }

                element.Add(new XElement(X("fingerprints"), (entry.Fingerprints ?? new Dictionary<string, string>()).Select(f => new XElement(X(f.Key), f.Value))));
            }

            section.Add(element);
        }

        return section;
    }

    private bool Authorized(FakeRequest request)
    {
        var header = request.Header("authorization") ?? "";
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) == User + ":" + Password;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static DateTimeOffset Time(string? text, string name)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new FormatException($"'{name}' must be a UTC timestamp like 2017-10-20T00:00:00Z; got '{text}'.");
    }

    private static string Format(DateTimeOffset at, bool millis = true) =>
        at.UtcDateTime.ToString(millis ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of the key: an order that is stable from run to run and unrelated to time.</summary>
    private static uint Scramble(long member, string id)
    {
        var hash = 2166136261u;
        foreach (var c in $"{member}-{id}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static XName X(string name) => XName.Get(name, Namespace);

    private static string Document(XElement root) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + root.ToString(SaveOptions.DisableFormatting);
}
