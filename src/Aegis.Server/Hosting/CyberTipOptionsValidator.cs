using Aegis.CyberTip.Reports;
using Aegis.Server.CyberTip;
using static System.FormattableString;

namespace Aegis.Server.Hosting;

/// <summary>The CyberTip settings' problems, each naming the setting (part of <see cref="ServerOptionsValidator"/>).</summary>
internal static class CyberTipOptionsValidator
{
    public static void Validate(CyberTipOptions o, List<string> problems)
    {
        if (o.Environment is not { } environment || !(environment.Equals("Test", StringComparison.OrdinalIgnoreCase) || environment.Equals("Production", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"CyberTip:Environment (AEGIS_CYBERTIP__ENVIRONMENT) is Test or Production; got '{o.Environment}'.");
        }

        if (!string.IsNullOrWhiteSpace(o.BaseUrl) && !Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _))
        {
            problems.Add($"CyberTip:BaseUrl (AEGIS_CYBERTIP__BASEURL) is not an absolute URL: '{o.BaseUrl}'.");
        }
        else if (!string.IsNullOrEmpty(o.Username) || !string.IsNullOrEmpty(o.Password))
        {
            // With credentials, the client's own rules: both given, https unless loopback, production only when chosen.
            problems.AddRange(NcmecConnection.Options(o).Validate().Select(p => $"CyberTip: {p}"));
        }

        if (!string.IsNullOrWhiteSpace(o.ContentUrl)
            && (!o.ContentUrl.Contains("{content_id}", StringComparison.Ordinal) || !Uri.TryCreate(o.ContentUrl.Replace("{content_id}", "x", StringComparison.Ordinal), UriKind.Absolute, out _)))
        {
            problems.Add($"CyberTip:ContentUrl (AEGIS_CYBERTIP__CONTENTURL) is an absolute URL template with {{content_id}}; got '{o.ContentUrl}'.");
        }
        else if (string.IsNullOrWhiteSpace(o.ContentUrl) && !string.IsNullOrEmpty(o.Username))
        {
            problems.Add("CyberTip:ContentUrl (AEGIS_CYBERTIP__CONTENTURL) is required with NCMEC's credentials: every report says where its items were (https://example.com/p/{content_id}).");
        }

        if (o.TimeoutSeconds is < 1 or > 3600)
        {
            problems.Add(Invariant($"CyberTip:TimeoutSeconds (AEGIS_CYBERTIP__TIMEOUTSECONDS) is 1 to 3600; got {o.TimeoutSeconds}."));
        }

        if (o.LeaseSeconds <= o.TimeoutSeconds)
        {
            problems.Add(Invariant($"CyberTip:LeaseSeconds (AEGIS_CYBERTIP__LEASESECONDS) must be longer than CyberTip:TimeoutSeconds ({o.TimeoutSeconds}), or another node could take a submission over mid-call; got {o.LeaseSeconds}."));
        }

        if (!double.IsFinite(o.RetrySeconds) || o.RetrySeconds <= 0 || o.RetrySeconds > 300)
        {
            problems.Add(Invariant($"CyberTip:RetrySeconds (AEGIS_CYBERTIP__RETRYSECONDS) is more than 0 and at most 300; got {o.RetrySeconds}."));
        }

        if (o.PollMilliseconds is < 10 or > 600_000)
        {
            problems.Add(Invariant($"CyberTip:PollMilliseconds (AEGIS_CYBERTIP__POLLMILLISECONDS) is 10 to 600000; got {o.PollMilliseconds}."));
        }

        if (o.Reporter.Email is { Length: > 0 } email)
        {
            try
            {
                _ = new CyberTipReporter(email);
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message);
            }
        }

        if (o.AutoSubmit && string.IsNullOrWhiteSpace(o.AutoSubmitBanks))
        {
            problems.Add("CyberTip:AutoSubmit (AEGIS_CYBERTIP__AUTOSUBMIT) needs CyberTip:AutoSubmitBanks: the banks whose entries come from NCMEC.");
        }
    }
}
