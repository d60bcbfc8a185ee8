using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Exchanges.AegisFeed;
using Aegis.Exchanges.Tests.Support;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.AegisFeed;

/// <summary>The <c>aegis</c> exchange API against a publisher answered in-process, signing with a key made per test.</summary>
public sealed class AegisFeedClientTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string KeyId => FeedSignature.KeyId(_key.ExportSubjectPublicKeyInfo());

    public void Dispose()
    {
        _key.Dispose();
        _other.Dispose();
    }

    [Fact]
    public void A_signature_verifies_over_the_exact_bytes_only_and_under_the_pinned_key_only()
    {
        var body = Encoding.UTF8.GetBytes("""{"publisher":"p","after":"0","entries":[],"next":"0","has_more":false}""");
        var header = FeedSignature.Sign(_key, KeyId, body);
        var pinned = Pinned(_key);

        Assert.Null(FeedSignature.Verify(header, body, pinned));
        var altered = (byte[])body.Clone();
        altered[^2] = (byte)'t';
        Assert.Contains("does not verify", FeedSignature.Verify(header, altered, pinned));
        Assert.Contains("no Aegis-Signature", FeedSignature.Verify(null, body, pinned));
        Assert.Contains("not a pinned key", FeedSignature.Verify(header, body, Pinned(_other)));
        var forged = FeedSignature.Sign(_other, KeyId, body); // another key claiming the pinned key's id
        Assert.Contains("does not verify", FeedSignature.Verify(forged, body, pinned));
        Assert.Contains("algorithm", FeedSignature.Verify(header.Replace("ecdsa-p256-sha256", "none", StringComparison.Ordinal), body, pinned));
    }

    [Fact]
    public void Public_keys_are_read_from_PEM_or_base64_and_several_may_be_pinned_during_a_rotation()
    {
        var pem = _key.ExportSubjectPublicKeyInfoPem() + "\n" + _other.ExportSubjectPublicKeyInfoPem();
        Assert.Null(FeedPublicKey.Parse(pem, out var fromPem));
        Assert.Null(FeedPublicKey.Parse(Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()) + ", " + Convert.ToBase64String(_other.ExportSubjectPublicKeyInfo()), out var fromBase64));

        Assert.Equal(fromPem.Select(k => k.KeyId), fromBase64.Select(k => k.KeyId));
        Assert.Equal(KeyId, fromPem[0].KeyId);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("P-256", FeedPublicKey.Parse(p384.ExportSubjectPublicKeyInfoPem(), out _));
        using var rsa = RSA.Create(2048);
        Assert.NotNull(FeedPublicKey.Parse(rsa.ExportSubjectPublicKeyInfoPem(), out _));
        Assert.NotNull(FeedPublicKey.Parse("not a key", out _));
    }

    [Fact]
    public async Task Pages_become_records_keyed_by_entry_id_with_deletions_category_and_publisher_and_the_checkpoint_moves()
    {
        // Given a publisher with three entries, the last a deletion of the first, over two pages
        var pdq = new string('a', 64);
        var md5 = new string('b', 32);
        var pages = new Dictionary<string, FeedPageDocument>
        {
            ["0"] = new("example", "0", [Entry("e1", "pdq", pdq, false), Entry("e2", "md5", md5, false)], "2", true),
            ["2"] = new("example", "2", [Entry("e1", "pdq", pdq, true), Entry("e3", "tmk", "x", false)], "4", false),
        };
        using var stub = new StubExchange(request => Signed(_key, pages[After(request)]));
        var client = Client(stub);

        // When it is fetched from the beginning, then from the checkpoint it gave
        var first = await client.FetchAsync(null, CancellationToken.None);
        var second = await client.FetchAsync(first.Checkpoint, CancellationToken.None);

        // Then the records are the entries, keyed by id; a deletion has no signal; an unknown type is skipped
        Assert.True(first.More);
        Assert.Equal(["e1", "e2"], first.Records.Select(r => r.Key));
        Assert.Equal(new ExchangeSignal(SignalType.Pdq, pdq), Assert.Single(first.Records[0].Signals));
        Assert.Equal(("example", "A1", "e1"), (first.Records[0].Provenance.Member, first.Records[0].Provenance.Category, first.Records[0].Provenance.EntryId));
        Assert.False(second.More);
        Assert.True(Assert.Single(second.Records).Deleted);
        Assert.Equal(At, second.Progress);
        Assert.Equal(["/v1/feed?after=0&limit=1000", "/v1/feed?after=2&limit=1000"], stub.Requests.Select(r => r.Url.PathAndQuery));
        Assert.All(stub.Requests, r => Assert.Equal("Bearer aegis_sub", r.Headers["authorization"]));
    }

    [Fact]
    public async Task A_page_that_is_altered_unsigned_signed_by_another_key_or_for_another_checkpoint_is_refused()
    {
        var page = new FeedPageDocument("example", "0", [Entry("e1", "md5", new string('c', 32), false)], "1", false);
        async Task<ExchangeException> Refused(Func<HttpRequestMessage, HttpResponseMessage> answer)
        {
            using var stub = new StubExchange(answer);
            return await Assert.ThrowsAsync<ExchangeException>(() => Client(stub).FetchAsync(null, CancellationToken.None));
        }

        var altered = await Refused(_ =>
        {
            var response = Signed(_key, page);
            var bytes = response.Content.ReadAsByteArrayAsync().Result;
            bytes[Array.IndexOf(bytes, (byte)'c')] = (byte)'d';
            response.Content = new ByteArrayContent(bytes);
            return response;
        });
        var unsigned = await Refused(_ => StubExchange.Ok(FeedJson.Write(page)));
        var otherKey = await Refused(_ => Signed(_other, page));
        var replayed = await Refused(_ => Signed(_key, page with { After = "7" }));

        Assert.All([altered, unsigned, otherKey, replayed], e => Assert.Equal(ExchangeError.BadResponse, e.Error));
        Assert.Contains("does not verify", altered.Message);
        Assert.Contains("no Aegis-Signature", unsigned.Message);
        Assert.Contains("not a pinned key", otherKey.Message);
        Assert.Contains("after '7'", replayed.Message);
    }

    [Fact]
    public async Task Settings_and_credentials_are_checked_and_a_refused_key_is_unauthorized()
    {
        var api = new AegisFeedApi();
        var pem = _key.ExportSubjectPublicKeyInfoPem();
        Assert.Null(api.Validate(Settings(pem), new JsonObject { ["api_key"] = "k" }));
        Assert.Contains("public_key", api.Validate(new JsonObject { ["url"] = "https://a.example/" }, null));
        Assert.Contains("url", api.Validate(new JsonObject { ["public_key"] = pem }, null));
        Assert.Contains("page_size", api.Validate(new JsonObject { ["url"] = "https://a.example/", ["public_key"] = pem, ["page_size"] = 0 }, null));
        Assert.Contains("'token' is not a credential", api.Validate(Settings(pem), new JsonObject { ["token"] = "k" }));
        Assert.IsType<AegisFeedApi>(ExchangeApis.Find("aegis"));

        using var stub = new StubExchange(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
        var refused = await Assert.ThrowsAsync<ExchangeException>(() => Client(stub).FetchAsync(null, CancellationToken.None));
        Assert.Equal(ExchangeError.Unauthorized, refused.Error);
    }

    private static FeedEntryDocument Entry(string id, string type, string value, bool deleted) => new(id, type, value, "A1", deleted, At);

    private static string After(HttpRequestMessage request) =>
        System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["after"]!;

    private static HttpResponseMessage Signed(ECDsa key, FeedPageDocument page)
    {
        var body = FeedJson.Write(page);
        var response = StubExchange.Ok(body);
        response.Headers.TryAddWithoutValidation(FeedSignature.Header, FeedSignature.Sign(key, FeedSignature.KeyId(key.ExportSubjectPublicKeyInfo()), body));
        return response;
    }

    private static IReadOnlyList<FeedPublicKey> Pinned(ECDsa key) => [FeedPublicKey.FromSpki(key.ExportSubjectPublicKeyInfo())];

    private static JsonObject Settings(string pem) => new() { ["url"] = "https://publisher.example/", ["public_key"] = pem };

    private IExchangeClient Client(StubExchange stub) =>
        new AegisFeedApi().Create(Settings(_key.ExportSubjectPublicKeyInfoPem()), new JsonObject { ["api_key"] = "aegis_sub" }, stub.Client(), TimeProvider.System);
}
