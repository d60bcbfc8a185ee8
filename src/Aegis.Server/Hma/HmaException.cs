using System.Text.Json.Nodes;

namespace Aegis.Server.Hma;

/// <summary>
/// A request the HMA API refuses: answered as HMA does, <c>{"message": …}</c> with <see cref="Status"/>, or with
/// <see cref="Body"/> when HMA's answer has another shape (a validation error's list).
/// </summary>
internal sealed class HmaException(int status, string message, int? retryAfterSeconds = null, JsonNode? body = null) : Exception(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>When set, the answer's <c>Retry-After</c>, in seconds.</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    /// <summary>The answer's body when it is not <c>{"message": …}</c>.</summary>
    public JsonNode? Body { get; } = body;
}
