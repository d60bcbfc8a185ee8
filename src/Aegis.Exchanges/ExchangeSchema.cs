namespace Aegis.Exchanges;

/// <summary>What an exchange API takes, field by field (HMA's <c>/c/exchanges/api/&lt;api&gt;/schema</c> is drawn from it).</summary>
/// <param name="Settings">The non-secret settings (HMA's <c>api_json</c>), e.g. NCMEC's <c>environment</c> and <c>only_esp_ids</c>.</param>
/// <param name="Credentials">The secret fields, e.g. NCMEC's <c>user</c> and <c>password</c>; stored encrypted, never shown again.</param>
public sealed record ExchangeSchema(IReadOnlyList<ExchangeField> Settings, IReadOnlyList<ExchangeField> Credentials)
{
    /// <summary>
    /// Why <paramref name="credentials"/> are not this schema's credentials, without any settings to check them with (HMA
    /// sets credentials per API, not per exchange): a field it does not name, a required one missing or empty, a value
    /// that is not a string. Null when they fit.
    /// </summary>
    /// <param name="credentials">The credentials.</param>
    /// <param name="api">The API's name, for the message.</param>
    public string? ValidateCredentials(System.Text.Json.Nodes.JsonObject credentials, string api)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (Credentials.Count == 0)
        {
            return $"The {api} exchange API takes no credentials.";
        }

        if (ExchangeFields.Unknown(credentials, Credentials, api, "credential") is { } unknown)
        {
            return unknown;
        }

        foreach (var field in Credentials)
        {
            if (ExchangeFields.String(credentials, field.Name, field.Required, out _) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}

/// <summary>One field of an exchange's settings or credentials.</summary>
/// <param name="Name">Its JSON name.</param>
/// <param name="Type">Its type as HMA's schema names it (<c>string</c>, <c>number</c>, <c>boolean</c>, <c>enum</c>, <c>set_of_number</c>, ...).</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="Description">What it is, for people.</param>
/// <param name="Default">Its default when not given (as JSON text), or null.</param>
/// <param name="Choices">The values an <c>enum</c> field takes (HMA's <c>choices</c>), or null.</param>
public sealed record ExchangeField(string Name, string Type, bool Required, string Description, string? Default = null, IReadOnlyList<string>? Choices = null);
