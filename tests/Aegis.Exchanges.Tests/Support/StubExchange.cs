using System.Net;
using System.Text;

namespace Aegis.Exchanges.Tests.Support;

/// <summary>
/// An exchange answered in-process (no socket), as python-threatexchange's tests mock its HTTP session: each request is
/// given to <see cref="Answer"/>, which returns the body (200) or a full response. Every request is recorded.
/// </summary>
internal sealed class StubExchange : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<StubRequest> _requests = [];

    public StubExchange(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        Answer = answer;
    }

    public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; }

    public IReadOnlyList<StubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public static HttpResponseMessage Ok(string body, string mediaType) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body, Encoding.UTF8, mediaType),
    };

    public static HttpResponseMessage Ok(byte[] body) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

    public HttpClient Client() => new(this, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(1) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_lock)
        {
            _requests.Add(new StubRequest(request.Method.Method, request.RequestUri!, body,
                request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                    .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value))));
        }

        return Answer(request);
    }
}

/// <summary>One request a <see cref="StubExchange"/> received.</summary>
internal sealed record StubRequest(string Method, Uri Url, string Body, IReadOnlyDictionary<string, string> Headers);
