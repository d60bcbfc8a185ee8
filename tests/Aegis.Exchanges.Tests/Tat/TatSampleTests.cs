using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges.Tat;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.Tat;

/// <summary>
/// python-threatexchange's TAT sample (clients/techagainstterrorism/tests/test_api.py, written out as JSON) and a
/// synthetic last page through the client.
/// </summary>
public sealed class TatSampleTests
{
    private static readonly Uri Base = new("https://app.terrorismanalytics.org/");

    [Fact]
    public async Task The_sample_page_reads_pytxs_three_entries_whose_digests_are_not_hashes_so_nothing_is_held()
    {
        // Given the sample page (pytx expects ("video_md5","123abc"), ("video_md5","456def"), ("pdq","789ghi"))
        using var stub = Stub(_ => Samples.Text("tat/hashlist_page1_DERIVED.json"));
        using var http = stub.Client();

        var page = await Client(http).FetchAsync(null, CancellationToken.None);

        // Then the three entries are read, by id, with their ideology and file type; their digests are six
        // characters, no MD5 or PDQ, so each is passed on holding nothing (a later valid digest would replace it)
        Assert.Equal(["2819", "2820", "2821"], page.Records.Select(r => r.Key));
        Assert.All(page.Records, r => Assert.True(r.Deleted));
        Assert.Equal(["islamist", "far-right", "islamist"], page.Records.Select(r => r.Provenance.Category));
        Assert.Equal(["file type: mp4"], page.Records[0].Provenance.Opinions);
        Assert.True(page.More);
        Assert.Equal("1724856487.709035,10594", JsonNode.Parse(page.Checkpoint)!["after"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1724856487), page.Progress);
    }

    [Fact]
    public async Task The_last_page_holds_a_pdq_a_deletion_and_an_md5_of_a_pdf_kept_as_aegis_matches_any_files_md5()
    {
        using var stub = Stub(request => request.RequestUri!.Query.Contains("after=1724856487.709035", StringComparison.Ordinal)
            ? Samples.Text("tat/hashlist_page2_last_SYNTHETIC.json")
            : Samples.Text("tat/hashlist_page1_DERIVED.json"));
        using var http = stub.Client();
        var client = Client(http);
        var bank = new BankMirror();

        await bank.SyncAsync(client);

        Assert.Equal(
            [
                "10600 Pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6339f3e4e9b22",
                "10612 Md5 d41d8cd98f00b204e9800998ecf8427e",
            ],
            bank.Signals);
        Assert.Equal(["file type: pdf"], bank.Records["10612"].Provenance.Opinions);
        Assert.Equal("1724856999.125000,10612", JsonNode.Parse(bank.Checkpoint!)!["after"]!.GetValue<string>());

        // One sign-in for the run, each page asked after the one before, in ascending order
        Assert.Single(stub.Requests, r => r.Url.AbsolutePath == "/token-auth/tcap/");
        var pages = stub.Requests.Where(r => r.Url.AbsolutePath == "/api/hash-list/v2/all").Select(r => r.Url.Query).ToList();
        Assert.Equal(["?order=asc&after=", "?order=asc&after=1724856487.709035%2C10594"], pages);
        Assert.All(stub.Requests.Skip(1), r => Assert.StartsWith("Bearer eyJ", r.Headers["authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extra_keys_are_ignored_and_a_missing_optional_key_is_read_around()
    {
        var page = JsonNode.Parse(Samples.Text("tat/hashlist_page2_last_SYNTHETIC.json"))!;
        page["results"]![0]!["new_field"] = "added by TCAP";
        page["results"]![0]!.AsObject().Remove("created_on");
        page["results"]![0]!.AsObject().Remove("ideology");
        using var stub = Stub(_ => page.ToJsonString());
        using var http = stub.Client();

        var records = (await Client(http).FetchAsync(null, CancellationToken.None)).Records;

        Assert.Equal(new ExchangeSignal(SignalType.Pdq, "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6339f3e4e9b22"), Assert.Single(records[0].Signals));
        Assert.Null(records[0].Provenance.Category);
    }

    [Theory]
    [InlineData("hash_digest")]
    [InlineData("algorithm")]
    [InlineData("deleted")]
    [InlineData("id")]
    public async Task An_entry_missing_a_required_key_fails_the_page(string key)
    {
        var page = JsonNode.Parse(Samples.Text("tat/hashlist_page2_last_SYNTHETIC.json"))!;
        page["results"]![1]!.AsObject().Remove(key);
        using var stub = Stub(_ => page.ToJsonString());
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Contains($"'{key}'", failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Hostile => new()
    {
        "<html>busy</html>",
        "[]",
        """{"count": 1, "next": null}""",
        """{"results": [1]}""",
        """{"results": [{"id": "7", "hash_digest": "x", "algorithm": "MD5", "deleted": false}]}""",
        """{"results": [{"id": 7, "hash_digest": 12, "algorithm": "MD5", "deleted": false}]}""",
        """{"results": [], "next": "https://app.terrorismanalytics.org/api/hash-list/v2/all?offset=1000", "checkpoint": ""}""",
        new string('{', 5000),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_answer_is_a_bad_response(string body)
    {
        using var stub = Stub(_ => body);
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
    }

    [Fact]
    public async Task A_page_over_the_limit_is_a_bad_response()
    {
        using var stub = Stub(_ => Samples.Text("tat/hashlist_page2_last_SYNTHETIC.json"));
        using var http = stub.Client();
        var client = new TatClient(Base, "u", "p", http, new ManualClock(DateTimeOffset.UnixEpoch)) { MaxPageBytes = 700 };

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
    }

    private static TatClient Client(HttpClient http) => new(Base, "valid_user", "valid_pass", http, new ManualClock(DateTimeOffset.UnixEpoch));

    private static StubExchange Stub(Func<HttpRequestMessage, string> page) => new(request =>
        request.RequestUri!.AbsolutePath == "/token-auth/tcap/"
            ? StubExchange.Ok(Samples.Text("tat/auth_response_SYNTHETIC.json"), "application/json")
            : request.RequestUri.AbsolutePath == "/api/hash-list/v2/all"
                ? StubExchange.Ok(page(request), "application/json")
                : new HttpResponseMessage(HttpStatusCode.NotFound));
}
