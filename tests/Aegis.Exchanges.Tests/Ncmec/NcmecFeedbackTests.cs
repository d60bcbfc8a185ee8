using System.Text;
using System.Xml.Linq;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Fakes.Exchanges;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.Ncmec;

/// <summary>Feedback to NCMEC: the PUT python-threatexchange sends, with the body of its samples.</summary>
public sealed class NcmecFeedbackTests : IAsyncLifetime
{
    private const string Md5 = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeNcmecHashSharing _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeNcmecHashSharing.StartAsync();
        _fake.Put(new FakeNcmecEntry("image1", 42, "Example Member", false, DateTimeOffset.UnixEpoch.AddYears(50), "A1", new Dictionary<string, string> { ["md5"] = Md5 }));
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_confirmed_match_sends_affirmative_feedback_as_the_sample_body()
    {
        await Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Confirmed, null), CancellationToken.None);

        var sent = Assert.Single(_fake.Feedback);
        Assert.Equal((42, "image1", "MD5", true), (sent.EspId, sent.EntryId, sent.Type, sent.Affirmative));
        Assert.Equal("application/xml; charset=utf-8", sent.ContentType);
        Assert.Equal(Shape(Samples.Text("ncmec/feedback_affirmative_request.xml")), Shape(sent.Body));
        var request = _fake.Requests.Single(r => r.Endpoint == "feedback");
        Assert.Equal(("PUT", "/hashsharing/v2/entries/42/image1/MD5/feedback"), (request.Method, request.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_fake.User}:{_fake.Password}")), request.Headers["authorization"]);
    }

    [Fact]
    public async Task A_dismissal_with_a_reason_guid_sends_negative_feedback_as_the_sample_body()
    {
        await Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Dismissed, "01234567-abcd-0123-4567-012345678900"), CancellationToken.None);

        var sent = Assert.Single(_fake.Feedback);
        Assert.False(sent.Affirmative);
        Assert.Equal(Shape(Samples.Text("ncmec/feedback_negative_request.xml")), Shape(sent.Body));
        Assert.DoesNotContain(_fake.Requests, r => r.Endpoint == "reasons");
    }

    [Fact]
    public async Task A_dismissal_naming_a_reason_sends_that_reasons_guid()
    {
        await Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Dismissed, "wrong classification"), CancellationToken.None);

        Assert.Equal("11234567-abcd-0123-4567-012345678901", Assert.Single(_fake.Feedback).ReasonGuid);
        Assert.Equal("/hashsharing/v2/feedback/MD5/reasons", _fake.Requests.Single(r => r.Endpoint == "reasons").Path);
    }

    [Fact]
    public async Task A_dismissal_without_a_reason_takes_ncmecs_only_reason_and_is_refused_when_there_are_several()
    {
        var several = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Dismissed, null), CancellationToken.None));
        Assert.Equal(ExchangeError.NotSupported, several.Error);
        Assert.Contains("Not CSAM; Wrong classification", several.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Feedback);

        _fake.Reasons = [("21234567-abcd-0123-4567-012345678902", "The only reason")];
        await Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Dismissed, null), CancellationToken.None);
        Assert.Equal("21234567-abcd-0123-4567-012345678902", Assert.Single(_fake.Feedback).ReasonGuid);
    }

    [Fact]
    public async Task The_reasons_are_listed()
    {
        var client = (NcmecHashSharingClient)Client();

        var reasons = await client.GetFeedbackReasonsAsync(SignalType.Pdq, CancellationToken.None);

        Assert.Equal(["Not CSAM", "Wrong classification"], reasons.Select(r => r.Name));
        Assert.Equal("/hashsharing/v2/feedback/PDQ/reasons", _fake.Requests.Single().Path);
    }

    [Fact]
    public async Task Sha256_has_no_ncmec_feedback_and_a_refused_or_failed_put_says_so()
    {
        var sha = Feedback(ExchangeVerdict.Confirmed, null) with { Signal = new ExchangeSignal(SignalType.Sha256, new string('b', 64)) };
        Assert.Equal(ExchangeError.NotSupported, (await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(sha, CancellationToken.None))).Error);

        var unknown = Feedback(ExchangeVerdict.Confirmed, null) with { Provenance = ExchangeProvenance.Of("nope", "42: Example Member") };
        var notFound = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(unknown, CancellationToken.None));
        Assert.Equal(ExchangeError.Failed, notFound.Error);
        Assert.Contains("HTTP 404", notFound.Message, StringComparison.Ordinal);

        _fake.Fail(ExchangeFault.Unavailable(TimeSpan.FromSeconds(7)), "feedback");
        var busy = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(Feedback(ExchangeVerdict.Confirmed, null), CancellationToken.None));
        Assert.Equal((ExchangeError.Failed, TimeSpan.FromSeconds(7)), (busy.Error, busy.RetryAfter));
        Assert.Empty(_fake.Feedback);
    }

    private static ExchangeFeedback Feedback(ExchangeVerdict verdict, string? reason) =>
        new(new ExchangeProvenance("image1", "42: Example Member", "A1", []), new ExchangeSignal(SignalType.Md5, Md5), verdict, reason);

    private IExchangeClient Client() =>
        new NcmecHashSharingApi([_fake.BaseUrl]).Create(
            Json.Object($$"""{"environment": "{{_fake.BaseUrl}}"}"""),
            Json.Object($$"""{"user": "{{_fake.User}}", "password": "{{_fake.Password}}"}"""),
            _http,
            new ManualClock(DateTimeOffset.UnixEpoch.AddYears(54)));

    /// <summary>The elements of a document, by name, in order (comments and layout aside): what NCMEC reads.</summary>
    private static string Shape(string xml) =>
        string.Join(" ", XDocument.Parse(xml).Root!.DescendantsAndSelf().Select(e => e.Name + (e.HasElements ? "" : "=" + e.Value.Trim())));
}
