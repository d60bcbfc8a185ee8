using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aegis.Exchanges;
using Aegis.Matching.Banks;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// The test-only exchange API over <see cref="FakeFeed"/> (<c>test_feed</c>; settings <c>{"url"}</c>, credentials
/// <c>{"token"}</c>), registered in a test server's services: never in production code.
/// </summary>
public sealed class FeedApi : IExchangeApi
{
    public string Name => "test_feed";

    public ExchangeSchema Schema { get; } = new([new ExchangeField("url", "str", true, "The feed.")], [new ExchangeField("token", "str", false, "A bearer token.")]);

    public bool SupportsFeedback => false;

    public string? Validate(JsonObject settings, JsonObject? credentials) =>
        settings["url"]?.GetValue<string>() is { } url && Uri.TryCreate(url, UriKind.Absolute, out _) ? null : "settings.url is the feed's URL.";

    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time) =>
        new Client(new Uri(settings["url"]!.GetValue<string>()), credentials?["token"]?.GetValue<string>(), http);

    private sealed class Client(Uri url, string? token, HttpClient http) : IExchangeClient
    {
        public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, $"?after={checkpoint ?? "0"}"));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ExchangeException(ExchangeError.Unauthorized, "the feed refused the token.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ExchangeException(ExchangeError.Failed, $"the feed answered {(int)response.StatusCode}.") { RetryAfter = response.Headers.RetryAfter?.Delta };
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var records = body["records"]!.AsArray().Select(r => new ExchangeRecord(
                r!["key"]!.GetValue<string>(),
                [.. r["signals"]!.AsArray().Select(s => new ExchangeSignal(Enum.Parse<SignalType>(s!["type"]!.GetValue<string>(), ignoreCase: true), s["value"]!.GetValue<string>()))],
                new ExchangeProvenance(r["entry_id"]!.GetValue<string>(), r["member"]?.GetValue<string>(), r["category"]?.GetValue<string>(), []))).ToList();
            return new ExchangePage(records, body["next"]!.GetValue<string>(), body["more"]!.GetValue<bool>(), null);
        }

        public Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken) =>
            throw new ExchangeException(ExchangeError.NotSupported, "no feedback");
    }
}
