using System.Net.Mail;

namespace Aegis.CyberTip.Reports;

/// <summary>
/// Who reports (the report's <c>reporter</c>), from configuration. NCMEC contacts the reporting person by
/// <see cref="Email"/>, so it is required: a missing or malformed one is refused here, naming the setting
/// <c>CyberTip:Reporter:Email</c>, rather than sending an incomplete report.
/// </summary>
/// <param name="Email">The reporting person's email (<c>reportingPerson/email</c>).</param>
public sealed record CyberTipReporter(string Email)
{
    /// <summary>The configuration key of <see cref="Email"/>.</summary>
    public const string EmailSetting = "CyberTip:Reporter:Email";

    private readonly string _email = Checked(Email);

    /// <summary>The reporting person's email (<c>reportingPerson/email</c>); always a plain, well-formed address.</summary>
    public string Email { get => _email; init => _email = Checked(value); }

    /// <summary>The reporting person's first name.</summary>
    public string? FirstName { get; init; }

    /// <summary>The reporting person's last name.</summary>
    public string? LastName { get; init; }

    /// <summary>The reporting person's phone number (optional).</summary>
    public string? Phone { get; init; }

    /// <summary>
    /// The company (ESP). The schema has no company-name element (NCMEC knows the company from the API account), so it
    /// heads <c>companyTemplate</c>, the text NCMEC shows in every report of the company.
    /// </summary>
    public string? CompanyName { get; init; }

    /// <summary>The product the incident happened on: <c>incidentSummary/platform</c>, and <c>espService</c> of the people.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Text for every report (<c>companyTemplate</c>, after <see cref="CompanyName"/>): how to serve legal process, retention, an emergency line.</summary>
    public string? CompanyTemplate { get; init; }

    /// <summary>The terms of service relevant to the incident (<c>termsOfService</c>).</summary>
    public string? TermsOfService { get; init; }

    /// <summary>A page for law enforcement (<c>legalURL</c>).</summary>
    public string? LegalUrl { get; init; }

    private static string Checked(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw new ArgumentException($"{EmailSetting} is required: NCMEC contacts the reporting person at this address.", nameof(Email));
        }

        var trimmed = email.Trim();
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{EmailSetting} is not a plain email address (like reports@example.com).", nameof(Email));
        }

        return trimmed;
    }
}
