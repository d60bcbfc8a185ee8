namespace Aegis.CyberTip.Submission;

/// <summary>
/// Where and as whom <see cref="NcmecClient"/> reports. The default is NCMEC's TEST service: real reports go out only
/// when <see cref="Environment"/> is set to <see cref="NcmecEnvironment.Production"/>, and an explicit
/// <see cref="BaseUrl"/> cannot reach the production host without it.
/// </summary>
public sealed class NcmecOptions
{
    /// <summary>NCMEC's production service.</summary>
    public static readonly Uri ProductionUrl = new("https://report.cybertip.org/ispws");

    /// <summary>NCMEC's test service (reports are discarded).</summary>
    public static readonly Uri TestUrl = new("https://exttest.cybertip.org/ispws");

    /// <summary>Test (default) or Production.</summary>
    public NcmecEnvironment Environment { get; set; } = NcmecEnvironment.Test;

    /// <summary>Overrides the environment's URL (a proxy, or a fake in tests); https unless on loopback.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The username NCMEC issued.</summary>
    public string Username { get; set; } = "";

    /// <summary>The password NCMEC issued; never logged nor put in a message.</summary>
    public string Password { get; set; } = "";

    /// <summary>How long one call may take, upload included, before it fails as a retryable timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The service's URL: <see cref="BaseUrl"/> when set, else the environment's.</summary>
    public Uri ResolveBaseUrl() => BaseUrl ?? (Environment == NcmecEnvironment.Production ? ProductionUrl : TestUrl);

    /// <summary>Every way these options are wrong, each naming its field (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Environment))
        {
            errors.Add($"{nameof(Environment)} must be Test or Production.");
        }

        if (string.IsNullOrEmpty(Username))
        {
            errors.Add($"{nameof(Username)} is required (NCMEC issues it).");
        }
        else if (Username.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{nameof(Username)} cannot contain ':' (HTTP Basic authentication).");
        }

        if (string.IsNullOrEmpty(Password))
        {
            errors.Add($"{nameof(Password)} is required (NCMEC issues it).");
        }

        if (Timeout <= TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(Timeout)} must be positive and finite.");
        }

        if (BaseUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{nameof(BaseUrl)} must be an absolute http(s) URL.");
            }
            else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
            {
                errors.Add($"{nameof(BaseUrl)} must use https (the credentials go in every request); plain http is for loopback only.");
            }
            else if (url.UserInfo.Length > 0)
            {
                errors.Add($"{nameof(BaseUrl)} cannot hold credentials; set {nameof(Username)} and {nameof(Password)}.");
            }
            else if (Environment != NcmecEnvironment.Production && string.Equals(url.Host, ProductionUrl.Host, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{nameof(BaseUrl)} is NCMEC's production service but {nameof(Environment)} is {Environment}; set {nameof(Environment)}=Production to send real reports.");
            }
        }

        return errors;
    }
}
