using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Aegis.Server.Web;

/// <summary>
/// The links a reveal gives (<c>Console:RevealSeconds</c>): protected with Data Protection (so any node reads them), bound
/// to one case, one evidence item and one user, valid until they expire by this node's clock, and used once on a node.
/// The unblurred media is sent only against such a link, and the reveal is audited before the link is made.
/// </summary>
internal sealed class RevealTokens(IDataProtectionProvider protection, ServerOptions options, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Aegis.Console.Reveal");

    /// <summary>Links used on this node, until they expire.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>How long a link lives (and a reveal lasts).</summary>
    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Console.RevealSeconds);

    /// <summary>A new link's token for <paramref name="user"/> to see item <paramref name="evidenceId"/> of case <paramref name="caseId"/> unblurred.</summary>
    public string Issue(long caseId, long evidenceId, string user)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return _protector.Protect(string.Join('\n', caseId.ToString(CultureInfo.InvariantCulture), evidenceId.ToString(CultureInfo.InvariantCulture),
            expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), nonce, user));
    }

    /// <summary>
    /// Uses <paramref name="token"/> for that item, case and user: null when it holds (it cannot be used again), else why not.
    /// </summary>
    public string? Redeem(string? token, long caseId, long evidenceId, string user)
    {
        string[] parts;
        try
        {
            parts = _protector.Unprotect(token ?? "").Split('\n', 5);
        }
        catch (CryptographicException)
        {
            return "This reveal link is not valid; reveal the media again.";
        }

        var now = time.GetUtcNow();
        if (parts.Length != 5 || parts[0] != caseId.ToString(CultureInfo.InvariantCulture) || parts[1] != evidenceId.ToString(CultureInfo.InvariantCulture)
            || !string.Equals(parts[4], user, StringComparison.Ordinal) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var millis))
        {
            return "This reveal link is for another item or another reviewer.";
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if (expires <= now)
        {
            return "This reveal link has expired; reveal the media again.";
        }

        foreach (var (used, until) in _used)
        {
            if (until <= now)
            {
                _used.TryRemove(used, out _);
            }
        }

        return _used.TryAdd(parts[3], expires) ? null : "This reveal link was used already; reveal the media again.";
    }
}
