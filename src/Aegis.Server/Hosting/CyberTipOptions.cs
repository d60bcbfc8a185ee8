namespace Aegis.Server.Hosting;

/// <summary>NCMEC's CyberTipline: where reports go, as whom, and which go without a reviewer's approval.</summary>
public sealed class CyberTipOptions
{
    /// <summary>NCMEC's test environment (<c>Test</c>, the default: reports are discarded) or <c>Production</c>, only when set.</summary>
    public string Environment { get; set; } = "Test";

    /// <summary>Another base URL for the reporting API (a proxy, or a fake in tests); overrides <see cref="Environment"/>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The credentials NCMEC issued (HTTP Basic). Without them, approved reports wait, shown as waiting for credentials.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Both of NCMEC's credentials are set: this node submits.</summary>
    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    /// <summary>
    /// Where the platform showed an item, as a template with <c>{content_id}</c> (e.g. <c>https://example.com/p/{content_id}</c>):
    /// each file's location in the report when the evidence came without a URL. Required with credentials (NCMEC needs
    /// where each incident happened).
    /// </summary>
    public string? ContentUrl { get; set; }

    /// <summary>How long one call to NCMEC may take, in seconds (an upload of a large video included).</summary>
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>The wait after a failed call to NCMEC, in seconds; it doubles with each failure, up to 5 minutes (8 attempts a step).</summary>
    public double RetrySeconds { get; set; } = 2;

    /// <summary>How often a node looks for submissions due, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How long a node's claim on a submission holds past its last step, in seconds (longer than <see cref="TimeoutSeconds"/>).</summary>
    public int LeaseSeconds { get; set; } = 180;

    /// <summary>Reports of exact gate matches against <see cref="AutoSubmitBanks"/> are submitted with no reviewer's approval.</summary>
    public bool AutoSubmit { get; set; }

    /// <summary>Comma-separated bank names whose entries come from NCMEC (or a source trusted alike), for <see cref="AutoSubmit"/>.</summary>
    public string? AutoSubmitBanks { get; set; }

    /// <summary>Who reports: the reporting person (email required), the company, as NCMEC's <c>reporter</c> block says.</summary>
    public CyberTipReporterOptions Reporter { get; set; } = new();
}

/// <summary>The reporter NCMEC contacts about the platform's reports.</summary>
public sealed class CyberTipReporterOptions
{
    /// <summary>Required for any report to be built: the reporting person's email.</summary>
    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Phone { get; set; }

    /// <summary>The platform's name, as NCMEC knows the electronic service provider.</summary>
    public string? Company { get; set; }
}
