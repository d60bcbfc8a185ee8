using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.Ncmec;

/// <summary>
/// python-threatexchange's NCMEC samples (clients/ncmec/tests/data.py) through the client, served as its tests serve
/// them: the entries call answers page 1 and each <c>next</c> path the following page.
/// </summary>
public sealed class NcmecSampleTests
{
    private const string Base = "https://exttest.cybertip.org/hashsharing";
    private const string Next1 = "/v2/entries?from=2017-10-20T00%3A00%3A00.000Z&to=2017-10-30T00%3A00%3A00.000Z&start=2001&size=1000&max=3000";
    private const string Next2 = "/v2/entries?from=2017-10-20T00%3A00%3A00.000Z&to=2017-10-30T00%3A00%3A00.000Z&start=3001&size=1000&max=4000";
    private const string Next3 = "/v2/entries?from=2017-10-20T00%3A00%3A00.000Z&to=2017-10-30T00%3A00%3A00.000Z&start=4001&size=1000&max=5000";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_four_sample_pages_give_the_entries_python_threatexchange_expects_with_image_md5s_kept_too()
    {
        // Given the four sample pages
        using var stub = FourPages();
        using var http = stub.Client();
        var client = Client(http);
        var bank = new BankMirror();

        // When the client reads them all
        var first = await bank.StepAsync(client);
        await bank.SyncAsync(client);

        // Then page 1 has pytx's four updates, keyed "member-id", and the fetch ends after page 4
        Assert.Equal(["42-image1", "43-image4", "42-video1", "42-video4"], first.Records.Select(r => r.Key));
        Assert.True(first.Records[1].Deleted && first.Records[3].Deleted);
        Assert.Equal(4, bank.Pages);
        Assert.Equal(4, stub.Requests.Count);
        Assert.Equal([Next1, Next2, Next3], stub.Requests.Skip(1).Select(r => r.Url.PathAndQuery.Replace("/hashsharing", "", StringComparison.Ordinal)));

        // pytx's video_md5 result (b1b1… from member 42 unclassified; face… from 101 reclassified A2; bace… deleted), and
        // the images' MD5s, which pytx drops and Aegis matches; SHA-1 and PhotoDNA are not held
        Assert.Equal(
            [
                "101-willupdate Md5 facefacefacefacefacefacefaceface",
                "42-image1 Md5 a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                "42-image10 Md5 b1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                "42-video1 Md5 b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1",
            ],
            bank.Signals);
        var updated = bank.Records["101-willupdate"].Provenance;
        Assert.Equal(new ExchangeProvenance("willupdate", "101: TX Example", "A2", []), updated with { Opinions = [] });
        Assert.Null(bank.Records["42-video1"].Provenance.Category);

        // The feedback block becomes the members' votes
        Assert.Equal(["up Md5 by 42: Example Member", "down Sha1 by 42: Example Member: Example Reason 1"], bank.Records["42-image1"].Provenance.Opinions);
    }

    [Theory]
    [InlineData("101", "101-willupdate")]
    [InlineData("42", "42-image1 42-image10 42-video1")]
    [InlineData("", "101-willupdate 42-image1 42-image10 42-video1")]
    public async Task Only_esp_ids_keeps_those_members_entries(string only, string expected)
    {
        using var stub = FourPages();
        using var http = stub.Client();
        var ids = only.Length == 0 ? new HashSet<long>() : [long.Parse(only, System.Globalization.CultureInfo.InvariantCulture)];
        var client = new NcmecHashSharingClient(new NcmecOptions(new Uri(Base), ids, "user", "pass"), http, new ManualClock(Now));
        var bank = new BankMirror();

        await bank.SyncAsync(client);

        Assert.Equal(expected, string.Join(' ', bank.Records.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task The_window_is_utc_and_ends_five_seconds_before_now_and_the_checkpoint_moves_to_its_end()
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(Samples.Text("ncmec/entries_empty.xml"), "application/xml"));
        using var http = stub.Client();

        var page = await Client(http).FetchAsync(null, CancellationToken.None);

        // pytx formats unix time in the host's zone with a literal Z; Aegis writes UTC
        Assert.Equal("/hashsharing/v2/entries?from=1970-01-01T00%3A00%3A00Z&to=2024-06-01T11%3A59%3A55Z", stub.Requests.Single().Url.PathAndQuery);
        Assert.Empty(page.Records);
        Assert.False(page.More);
        Assert.Equal(Now.AddSeconds(-5), page.Progress);
        Assert.Equal(Now.AddSeconds(-5).ToUnixTimeSeconds(), JsonNode.Parse(page.Checkpoint)!["from"]!.GetValue<long>());
    }

    [Fact]
    public async Task Fingerprints_given_by_reference_are_skipped()
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(Samples.Text("ncmec/entries_large_fingerprints.xml"), "application/xml"));
        using var http = stub.Client();

        var page = await Client(http).FetchAsync(null, CancellationToken.None);

        var record = Assert.Single(page.Records);
        Assert.Equal("101-largetags", record.Key);
        Assert.Equal([new ExchangeSignal(SignalType.Md5, "facefacefacefacefacefacefaceface")], record.Signals);
    }

    [Fact]
    public void The_sample_feedback_reasons_are_read()
    {
        var root = Aegis.Exchanges.Http.SafeXml.Parse(File.ReadAllBytes(Samples.Path("ncmec/feedback_reasons.xml")), "sample");

        var reason = Assert.Single(NcmecXml.ParseReasons(root));

        Assert.Equal(new NcmecFeedbackReason("01234567-abcd-0123-4567-012345678900", "Example Reason 1"), reason);
    }

    private static NcmecHashSharingClient Client(HttpClient http) =>
        new(new NcmecOptions(new Uri(Base), new HashSet<long>(), "fake_user", "fake_pass"), http, new ManualClock(Now));

    private static StubExchange FourPages() => new(request =>
    {
        var path = request.RequestUri!.PathAndQuery;
        var name = path.EndsWith(Next1, StringComparison.Ordinal) ? "entries_page2.xml"
            : path.EndsWith(Next2, StringComparison.Ordinal) ? "entries_page3.xml"
            : path.EndsWith(Next3, StringComparison.Ordinal) ? "entries_page4_last.xml"
            : path.StartsWith("/hashsharing/v2/entries?from=", StringComparison.Ordinal) ? "entries_page1.xml"
            : null;
        return name is null ? new HttpResponseMessage(HttpStatusCode.NotFound) : StubExchange.Ok(Samples.Text("ncmec/" + name), "application/xml");
    });
}
