using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aegis.Server.Webhooks;

/// <summary>
/// How a webhook is signed: header <c>Aegis-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex is
/// HMAC-SHA256, keyed with the shared secret, of <c>"&lt;t&gt;.&lt;raw body&gt;"</c> (UTF-8). A receiver recomputes it,
/// compares in constant time and refuses old timestamps (replays); <c>Aegis-Event-Id</c> is the idempotency key.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Aegis-Signature";
    public const string EventIdHeader = "Aegis-Event-Id";
    public const string EventTypeHeader = "Aegis-Event-Type";

    /// <summary>The event's place in the outbox: higher was written later (within one change, in the order it happened).</summary>
    public const string SequenceHeader = "Aegis-Event-Sequence";

    /// <summary>The header value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, string body)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Mac(secret, t, body)}";
    }

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
        {
            return false;
        }

        string? t = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim() == "t")
            {
                t = kv[1].Trim();
            }
            else if (kv.Length == 2 && kv[0].Trim() == "v1")
            {
                v1 = kv[1].Trim();
            }
        }

        if (t is null || v1 is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(secret, t, body)), Encoding.ASCII.GetBytes(v1));
    }

    private static string Mac(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body)));
}
