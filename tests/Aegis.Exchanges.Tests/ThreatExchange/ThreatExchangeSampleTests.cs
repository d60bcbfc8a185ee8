using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges.Tests.Support;
using Aegis.Exchanges.ThreatExchange;
using Aegis.Fakes;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.ThreatExchange;

/// <summary>
/// The two synthetic <c>/threat_updates</c> pages (tests/data/exchanges/threatexchange; the repository has no sample)
/// through the client, as described in the shared FORMATS notes: what pytx would make of them, and where Aegis differs.
/// </summary>
public sealed class ThreatExchangeSampleTests
{
    private const string Token = "1000000000000001|abcdefghijklmnopqrstuvwxyz";
    private const long Group = 1012185296055235;

    [Fact]
    public async Task The_two_pages_give_pytxs_signals_plus_the_untagged_md5_and_the_tombstone_deletes()
    {
        using var stub = Stub();
        using var http = stub.Client();
        var client = Client(http);
        var bank = new BankMirror();

        var first = await bank.StepAsync(client);
        await bank.SyncAsync(client);

        // Then the PDQ, the HASH_MD5 (pytx keeps it through its media_type_video tag; Aegis keeps every MD5) and the
        // HASH_VIDEO_MD5 are held; the tombstoned PDQ is a deletion
        Assert.Equal(
            [
                "HASH_MD5:cab08b36195edb1a1231d2d09fa450e0 Md5 cab08b36195edb1a1231d2d09fa450e0",
                "HASH_PDQ:f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6339f3e4e9b22 Pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6339f3e4e9b22",
                "HASH_VIDEO_MD5:d41d8cd98f00b204e9800998ecf8427e Md5 d41d8cd98f00b204e9800998ecf8427e",
            ],
            bank.Signals);
        Assert.True(first.More);

        // The PDQ's opinions: app …001 positive (this app), …004 negative, …002 and …003 helpful
        var pdq = bank.Records["HASH_PDQ:f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6339f3e4e9b22"].Provenance;
        Assert.Equal("1001", pdq.EntryId);
        Assert.Equal("app 1000000000000001 (this app), app 1000000000000004", pdq.Member);
        Assert.Equal("hma_test_false_positive, hma_test_positive", pdq.Category);
        Assert.Equal(
            [
                "MALICIOUS by app 1000000000000001 (this app): hma_test_positive",
                "HELPFUL by app 1000000000000002",
                "HELPFUL by app 1000000000000003",
                "NON_MALICIOUS by app 1000000000000004: hma_test_false_positive",
            ],
            pdq.Opinions);
        Assert.Equal("media_type_video", bank.Records["HASH_MD5:cab08b36195edb1a1231d2d09fa450e0"].Provenance.Category);

        // The next run starts at the newest last_updated, 1700000300
        Assert.Equal(1700000300, JsonNode.Parse(bank.Checkpoint!)!["update_time"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_first_page_is_asked_with_the_field_list_and_the_next_link_followed_with_the_token_put_back()
    {
        using var stub = Stub();
        using var http = stub.Client();
        var client = Client(http);

        var first = await client.FetchAsync(null, CancellationToken.None);
        await client.FetchAsync(first.Checkpoint, CancellationToken.None);

        var ask = stub.Requests[0].Url;
        Assert.Equal($"/v21.0/{Group}/threat_updates/", ask.AbsolutePath);
        Assert.Equal(
            $"?access_token={Uri.EscapeDataString(Token)}&limit=100&fields={Uri.EscapeDataString(ThreatExchangeClient.Fields)}",
            ask.Query);
        var next = stub.Requests[1].Url.Query;
        Assert.Contains("after=QVFIUmxBYWZ0ZXI", next, StringComparison.Ordinal);
        Assert.DoesNotContain("REDACTED", next, StringComparison.Ordinal);
        Assert.EndsWith("&access_token=" + Uri.EscapeDataString(Token), next, StringComparison.Ordinal);

        // The checkpoint keeps the link without the token
        Assert.DoesNotContain("access_token", first.Checkpoint, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", first.Checkpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_descriptor_without_owner_is_skipped_and_an_update_left_with_none_is_a_deletion()
    {
        var page = JsonNode.Parse(Samples.Text("threatexchange/threat_updates_page2_last_SYNTHETIC.json"))!;
        page["data"]![0]!["descriptors"]!["data"]![0]!.AsObject().Remove("owner");
        using var stub = new StubExchange(_ => StubExchange.Ok(page.ToJsonString(), "application/json"));
        using var http = stub.Client();

        var records = (await Client(http).FetchAsync(null, CancellationToken.None)).Records;

        Assert.All(records, r => Assert.True(r.Deleted));
    }

    public static TheoryData<string> Hostile => new()
    {
        "not json",
        """{"paging": {}}""",
        """{"data": [{"indicator": "x", "type": "HASH_PDQ", "last_updated": 1}]}""",
        """{"data": [{"id": "1", "indicator": 5, "type": "HASH_PDQ", "last_updated": 1}]}""",
        """{"data": [{"id": "1", "indicator": "x", "type": "HASH_PDQ", "last_updated": 1.5}]}""",
        """{"data": [], "paging": {"next": "https://evil.example/v21.0/1/threat_updates/?after=x"}}""",
        """{"data": [], "paging": {"next": "/v21.0/1/threat_updates/?after=x"}}""",
        """{"data": [], "paging": {"next": "https://graph.facebook.com/v21.0/1012185296055235/threat_updates/?access_token=x&limit=100&fields=id%2Cindicator%2Ctype%2Clast_updated%2Cshould_delete%2Cdescriptors%7Bid%2Creactions%2Cmy_reactions%2Cowner%7Bid%7D%2Ctags%2Cstatus%2Cadded_on%7D"}}""",
        new string('[', 100),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_answer_is_a_bad_response(string body)
    {
        using var stub = new StubExchange(_ => StubExchange.Ok(body, "application/json"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_page_over_the_limit_is_a_bad_response_and_graphs_token_error_is_unauthorized()
    {
        using var big = new StubExchange(_ => StubExchange.Ok(Samples.Text("threatexchange/threat_updates_page1_SYNTHETIC.json"), "application/json"));
        using var http = big.Client();
        var small = new ThreatExchangeClient(ThreatExchangeApi.DefaultBaseUrl, Group, Token, http, new ManualClock(DateTimeOffset.UnixEpoch)) { MaxPageBytes = 1000 };
        Assert.Equal(ExchangeError.BadResponse, (await Assert.ThrowsAsync<ExchangeException>(() => small.FetchAsync(null, CancellationToken.None))).Error);

        // Graph answers a bad token with HTTP 400 and OAuthException code 190
        using var refused = new StubExchange(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}"""),
        });
        using var http2 = refused.Client();
        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http2).FetchAsync(null, CancellationToken.None));
        Assert.Equal(ExchangeError.Unauthorized, failure.Error);
        Assert.Contains("Invalid OAuth access token", failure.Message, StringComparison.Ordinal);
    }

    private static ThreatExchangeClient Client(HttpClient http) =>
        new(ThreatExchangeApi.DefaultBaseUrl, Group, Token, http, new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_100_000)));

    private static StubExchange Stub() => new(request => StubExchange.Ok(
        Samples.Text(request.RequestUri!.Query.Contains("after=", StringComparison.Ordinal)
            ? "threatexchange/threat_updates_page2_last_SYNTHETIC.json"
            : "threatexchange/threat_updates_page1_SYNTHETIC.json"),
        "application/json"));
}
