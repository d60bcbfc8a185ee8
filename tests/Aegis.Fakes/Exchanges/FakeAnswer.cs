namespace Aegis.Fakes.Exchanges;

/// <summary>What a fake exchange answers one request with.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The media type of the body.</param>
/// <param name="Body">The body.</param>
/// <param name="Headers">More headers, if any.</param>
internal sealed record FakeAnswer(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeAnswer Json(string body, int status = 200) => new(status, "application/json", body);

    public static FakeAnswer Xml(string body, int status = 200) => new(status, "application/xml", body);

    public static FakeAnswer Text(int status, string body) => new(status, "text/plain", body);
}

/// <summary>A request as a fake exchange's handler sees it (the body already read).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Query">The query parameters, decoded.</param>
/// <param name="Headers">The headers (names lower-case).</param>
/// <param name="Body">The body as text.</param>
/// <param name="ContentType">The Content-Type header, or empty.</param>
internal sealed record FakeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string ContentType)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? Param(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
