using System.Net;
using System.Text;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;

namespace Aegis.Exchanges.Tests.Ncmec;

/// <summary>Whatever NCMEC (or something in its place) answers, the client fails the call cleanly: never a crash or a hang.</summary>
public sealed class NcmecHostileTests
{
    private const string Base = "https://report.cybertip.org/hashsharing";

    public static TheoryData<string, string> Answers => new()
    {
        {
            "entity expansion",
            """<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><queryResult><images count="1"><image><id>&c;</id><member id="1">m</member></image></images></queryResult>"""
        },
        {
            "external entity",
            """<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]><queryResult><images count="1"><image><id>&x;</id><member id="1">m</member></image></images></queryResult>"""
        },
        { "garbage", "\u0001\u0002not xml at all{}" },
        { "json", """{"data": []}""" },
        { "wrong root", """<status><member id="1">m</member></status>""" },
        { "entry without id", """<queryResult><images count="1"><image><member id="1">m</member></image></images></queryResult>""" },
        { "member without id", """<queryResult><images count="1"><image><id>x</id><member>m</member></image></images></queryResult>""" },
        { "paging to another host", """<queryResult><paging><next>https://evil.example/v2/entries?start=2</next></paging></queryResult>""" },
        { "paging to a host-relative path", """<queryResult><paging><next>//evil.example/v2/entries</next></paging></queryResult>""" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_hostile_answer_is_a_bad_response_and_nothing_expands_or_is_fetched(string what, string body)
    {
        Assert.NotNull(what);
        using var stub = new StubExchange(_ => StubExchange.Ok(body, "application/xml"));
        using var http = stub.Client();
        var client = Client(http);

        // The first page may be read (a paging link is only followed on the next call): take both calls
        var failure = await Assert.ThrowsAsync<ExchangeException>(async () =>
        {
            var page = await client.FetchAsync(null, CancellationToken.None);
            await client.FetchAsync(page.Checkpoint, CancellationToken.None);
        });

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.All(stub.Requests, r => Assert.Equal("report.cybertip.org", r.Url.Host));
    }

    [Fact]
    public async Task A_page_over_the_limit_is_refused_from_its_length_without_reading_it()
    {
        using var stub = new StubExchange(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new NeverReadContent(NcmecHashSharingClient.DefaultMaxPageBytes + 1) });
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Contains("over the 67108864-byte limit", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deeply_nested_document_under_the_limit_is_refused_by_its_depth()
    {
        var nested = new StringBuilder("<queryResult>");
        for (var i = 0; i < 100_000; i++)
        {
            nested.Append("<a>");
        }

        using var stub = new StubExchange(_ => StubExchange.Ok(nested.ToString(), "application/xml"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync(null, CancellationToken.None));

        // Refused by depth before a tree is built (building one 100,000 levels deep takes half a minute)
        Assert.Equal(ExchangeError.BadResponse, failure.Error);
        Assert.Contains("nests elements more than 64 deep", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_checkpoint_says_to_start_again()
    {
        using var stub = new StubExchange(_ => StubExchange.Ok("<queryResult/>", "application/xml"));
        using var http = stub.Client();

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client(http).FetchAsync("{\"from\": \"yesterday\"}", CancellationToken.None));

        Assert.Equal(ExchangeError.CheckpointExpired, failure.Error);
        Assert.Empty(stub.Requests);
    }

    private static NcmecHashSharingClient Client(HttpClient http) =>
        new(new NcmecOptions(new Uri(Base), new HashSet<long>(), "user", "pass"), http, new ManualClock(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <summary>A body that claims a length and fails the test if anyone reads it.</summary>
    private sealed class NeverReadContent(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            throw new InvalidOperationException("The body was read.");

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}
