using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges.StopNcii;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.StopNcii;

/// <summary>python-threatexchange's StopNCII samples (clients/stopncii/tests/test_api.py) through the client.</summary>
public sealed class StopNciiSampleTests
{
    private const string PageToken =
        "W3siY29tcG9zaXRlVG9rZW4iOnsidG9rZW4iOiIrUklEOn4xMnRWQUo4SzU2Y0NBQUFBQUFBQUFBPT0jUlQ6MSNUUkM6MiNSVEQ6SFBKSm1LVDF1WnFsQkJuR3lOU09CTUhaRytHL1FBPT0jSVNWOjIjSUVPOjY1NTY3";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public async Task The_two_sample_pages_give_the_hashes_python_threatexchange_expects()
    {
        // Given the sample answers: page 1 without the token, page 2 with it
        using var stub = new StubExchange(request => StubExchange.Ok(
            Samples.Text(request.RequestUri!.Query.Contains("nextPageToken=" + Uri.EscapeDataString(PageToken), StringComparison.Ordinal)
                ? "stopncii/fetchhashes_page2_last.json"
                : "stopncii/fetchhashes_page1.json"),
            "application/json"));
        using var http = stub.Client();
        var client = Client(http);
        var bank = new BankMirror();

        // When the client reads the run
        var first = await bank.StepAsync(client);
        var second = await bank.StepAsync(client);

        // Then page 1: two PDQ hashes, progress 1625175071, no feedback; page 2: one, Blocked by Facebook with its tags; the run ends
        Assert.Equal(2, first.Records.Count);
        Assert.All(first.Records, r => Assert.Equal(SignalType.Pdq, Assert.Single(r.Signals).Type));
        Assert.All(first.Records, r => Assert.Empty(r.Provenance.Opinions));
        Assert.True(first.More);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1625175071), first.Progress);
        var blocked = Assert.Single(second.Records);
        Assert.Equal("ImagePDQ:9def0b7dafa86a1c90f2abd78e79ceb25ec3d1a4b3d4bc7a4354baf7717ea038", blocked.Key);
        Assert.Equal(new ExchangeProvenance("9def0b7dafa86a1c90f2abd78e79ceb25ec3d1a4b3d4bc7a4354baf7717ea038", null, "Nude, Objectionable", []), blocked.Provenance with { Opinions = [] });
        Assert.Equal(["Blocked by Facebook: Nude, Objectionable"], blocked.Provenance.Opinions);
        Assert.False(second.More);

        // The run asked from pytx's first start, 800 a page, then with the token; the next run starts at page 2's nextSetTimestamp
        Assert.Equal("?startTimestamp=10&pageSize=800", stub.Requests[0].Url.Query);
        Assert.Equal("?startTimestamp=10&pageSize=800&nextPageToken=" + Uri.EscapeDataString(PageToken), stub.Requests[1].Url.Query);
        Assert.Equal(1625167824, JsonNode.Parse(second.Checkpoint)!["start"]!.GetValue<long>());
        Assert.Equal(3, bank.Records.Count);
    }

    [Fact]
    public async Task A_record_with_an_unknown_enum_value_is_dropped_and_the_page_still_applies()
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(Samples.Text("stopncii/fetchhashes_unknown_enum_values.json"), "application/json"));
        using var http = stub.Client();

        var page = await Client(http).FetchAsync(null, CancellationToken.None);

        // pytx: "only one record has valid feedbackValue"
        var record = Assert.Single(page.Records);
        Assert.Equal("9def0b7dafa86a1c90f2abd78e79ceb25ec3d1a4b3d4bc7a4354baf7717ea038", record.Provenance.EntryId);
    }

    [Theory]
    [InlineData("lastModtimestamp")]
    [InlineData("signalType")]
    [InlineData("hashValue")]
    [InlineData("hashStatus")]
    [InlineData("caseNumbers")]
    public async Task A_record_missing_a_required_key_fails_the_page(string key)
    {
        var page = JsonNode.Parse(Samples.Text("stopncii/fetchhashes_page1.json"))!;
        page["hashRecords"]![1]!.AsObject().Remove(key);
        using var stub = new StubExchange(_ => StubExchange.Ok(page.ToJsonString(), "application/json"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Contains($"record 1 has no", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Withdrawn", true)]
    [InlineData("Deleted", true)]
    [InlineData("Active", false)]
    [InlineData("Received", false)]
    public async Task A_withdrawn_or_deleted_hash_is_a_deletion_unlike_python_threatexchange(string status, bool deleted)
    {
        var page = JsonNode.Parse(Samples.Text("stopncii/fetchhashes_page2_last.json"))!;
        page["hashRecords"]![0]!["hashStatus"] = status;
        using var stub = new StubExchange(_ => StubExchange.Ok(page.ToJsonString(), "application/json"));
        using var http = stub.Client();

        var record = Assert.Single((await Client(http).FetchAsync(null, CancellationToken.None)).Records);

        Assert.Equal(deleted, record.Deleted);
    }

    [Fact]
    public async Task Types_aegis_does_not_hold_and_values_that_are_not_hashes_are_left_out()
    {
        var page = JsonNode.Parse(Samples.Text("stopncii/fetchhashes_page1.json"))!;
        page["hashRecords"]![0]!["signalType"] = "VideoTMK";
        page["hashRecords"]![1]!["signalType"] = "VideoMD5";
        using var stub = new StubExchange(_ => StubExchange.Ok(page.ToJsonString(), "application/json"));
        using var http = stub.Client();

        var records = (await Client(http).FetchAsync(null, CancellationToken.None)).Records;

        // A 64-character value is no MD5: the VideoMD5 record is not held either
        Assert.Empty(records);
    }

    [Fact]
    public async Task More_records_without_a_page_token_fails_the_page()
    {
        var page = JsonNode.Parse(Samples.Text("stopncii/fetchhashes_page1.json"))!;
        page.AsObject().Remove("nextPageToken");
        using var stub = new StubExchange(_ => StubExchange.Ok(page.ToJsonString(), "application/json"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
    }

    public static TheoryData<string> Hostile => new()
    {
        "not json",
        "[1, 2]",
        """{"count": 1, "hasMoreRecords": false}""",
        """{"count": 1, "nextSetTimestamp": "soon", "hasMoreRecords": false}""",
        """{"count": 1, "nextSetTimestamp": 1, "hasMoreRecords": false, "hashRecords": {"a": 1}}""",
        """{"count": 1, "nextSetTimestamp": 1, "hasMoreRecords": false, "hashRecords": [7]}""",
        """{"count": 1, "nextSetTimestamp": 1, "hasMoreRecords": false, "hashRecords": [{"lastModtimestamp": 1.5, "signalType": "ImagePDQ", "hashValue": "x", "hashStatus": "Active", "caseNumbers": {}}]}""",
        """{"count": 1, "nextSetTimestamp": 1, "hasMoreRecords": false, "hashRecords": [{"lastModtimestamp": 1, "signalType": "ImagePDQ", "hashValue": "x", "hashStatus": "Active", "caseNumbers": {}, "CSPFeedbacks": [{"source": "x"}]}]}""",
        new string('[', 10_000) + new string(']', 10_000),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_answer_is_a_bad_response(string body)
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(body, "application/json"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
    }

    [Fact]
    public async Task A_page_over_the_limit_is_a_bad_response()
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(Samples.Text("stopncii/fetchhashes_page1.json"), "application/json"));
        using var http = stub.Client();
        var client = new StopNciiClient(new StopNciiOptions(StopNciiApi.DefaultBaseUrl, "f", "s", null), http, new ManualClock(Now)) { MaxPageBytes = 512 };

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Contains("512-byte limit", failure.Message, StringComparison.Ordinal);
    }

    private static StopNciiClient Client(HttpClient http) =>
        new(new StopNciiOptions(StopNciiApi.DefaultBaseUrl, "fetch", "subscription", null), http, new ManualClock(Now));
}
