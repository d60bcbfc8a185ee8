using System.Text.Json;
using System.Text.Json.Serialization;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>The hash feed's JSON, written by the publisher and read by the subscriber in one way.</summary>
public static class FeedJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>The page's bytes (UTF-8 JSON): what is signed and sent.</summary>
    public static byte[] Write(FeedPageDocument page) => JsonSerializer.SerializeToUtf8Bytes(page, Options);

    /// <summary>The page in <paramref name="body"/>.</summary>
    /// <exception cref="JsonException">Not a page.</exception>
    public static FeedPageDocument Read(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize<FeedPageDocument>(body, Options) ?? throw new JsonException("null");

    /// <summary>A signal type's name in the feed.</summary>
    public static string Name(SignalType type) => type switch
    {
        SignalType.Pdq => "pdq",
        SignalType.Md5 => "md5",
        SignalType.Sha256 => "sha256",
        SignalType.Vpdq => "vpdq",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No feed name."),
    };

    /// <summary>The signal type a feed name stands for, or null (a type this reader does not know is skipped).</summary>
    public static SignalType? Parse(string? name) => name switch
    {
        "pdq" => SignalType.Pdq,
        "md5" => SignalType.Md5,
        "sha256" => SignalType.Sha256,
        "vpdq" => SignalType.Vpdq,
        _ => null,
    };
}
