using System.Text.Json.Nodes;

namespace Aegis.Exchanges.Ncmec;

/// <summary>
/// NCMEC's hash sharing API (<c>ncmec</c>, as HMA names it): settings <c>environment</c> (one of
/// <see cref="NcmecEnvironments.All"/>) and <c>only_esp_ids</c> (take only these members' entries; empty for all);
/// credentials <c>user</c> and <c>password</c> (HTTP Basic). Credentials may be left out when an exchange is created
/// (HMA sets them separately): <see cref="Validate"/> then checks the settings alone, and a client made without them
/// answers every call with <see cref="ExchangeError.Unauthorized"/>.
/// </summary>
public sealed class NcmecHashSharingApi : IExchangeApi
{
    private readonly HashSet<string> _environments;

    /// <summary>The API as Aegis registers it: NCMEC's own environments only.</summary>
    public NcmecHashSharingApi()
        : this([])
    {
    }

    /// <summary>The API with more environments accepted (a fake NCMEC in tests, a proxy in front of NCMEC).</summary>
    /// <param name="extraEnvironments">Base URLs accepted besides NCMEC's own.</param>
    public NcmecHashSharingApi(IEnumerable<Uri> extraEnvironments)
    {
        _environments = [.. NcmecEnvironments.All, .. extraEnvironments.Select(u => u.AbsoluteUri.TrimEnd('/'))];
        Schema = new ExchangeSchema(
            [
                new ExchangeField("environment", "enum", true, "Which NCMEC hash sharing database to fetch (its base URL).", Choices: [.. _environments]),
                new ExchangeField("only_esp_ids", "set_of_number", false, "Take only entries shared by these ESP (member) ids; empty for every member.", "[]"),
            ],
            [
                new ExchangeField("user", "string", true, "NCMEC hash sharing API username."),
                new ExchangeField("password", "string", true, "NCMEC hash sharing API password."),
            ]);
    }

    /// <inheritdoc />
    public string Name => "ncmec";

    /// <inheritdoc />
    public ExchangeSchema Schema { get; }

    /// <inheritdoc />
    public bool SupportsFeedback => true;

    /// <inheritdoc />
    public string? Validate(JsonObject settings, JsonObject? credentials) => Read(settings, credentials, out _);

    /// <inheritdoc />
    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var problem = Read(settings, credentials, out var options);
        return problem is null ? new NcmecHashSharingClient(options!, http, time) : throw new ArgumentException(problem, nameof(settings));
    }

    private string? Read(JsonObject settings, JsonObject? credentials, out NcmecOptions? options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options = null;
        if (ExchangeFields.Unknown(settings, Schema.Settings, Name, "setting") is { } unknown)
        {
            return unknown;
        }

        if (ExchangeFields.IntegerSet(settings, "only_esp_ids", out var onlyEspIds) is { } wrong)
        {
            return wrong;
        }

        if (ExchangeFields.String(settings, "environment", required: true, out var environment) is { } problem)
        {
            return problem;
        }

        environment = environment!.TrimEnd('/');
        if (!_environments.Contains(environment))
        {
            return $"'environment' must be one of NCMEC's hash sharing URLs ({string.Join(", ", _environments)}); got '{ExchangeFields.Shorten(environment)}'.";
        }

        string? user = null, password = null;
        if (credentials is not null)
        {
            problem = ExchangeFields.Unknown(credentials, Schema.Credentials, Name, "credential")
                ?? ExchangeFields.String(credentials, "user", required: true, out user)
                ?? ExchangeFields.String(credentials, "password", required: true, out password);
            if (problem is not null)
            {
                return problem;
            }

            if (user!.Contains(':', StringComparison.Ordinal))
            {
                return "'user' must not contain ':' (HTTP Basic authentication cannot carry it).";
            }
        }

        options = new NcmecOptions(new Uri(environment), onlyEspIds, user, password);
        return null;
    }
}

/// <summary>An NCMEC exchange's settings and credentials, checked.</summary>
internal sealed record NcmecOptions(Uri Environment, IReadOnlySet<long> OnlyEspIds, string? User, string? Password);
