namespace Aegis.Exchanges;

/// <summary>What an exchange API takes, field by field (HMA's <c>/c/exchanges/api/&lt;api&gt;/schema</c> is drawn from it).</summary>
/// <param name="Settings">The non-secret settings (HMA's <c>api_json</c>), e.g. NCMEC's <c>environment</c> and <c>only_esp_ids</c>.</param>
/// <param name="Credentials">The secret fields, e.g. NCMEC's <c>user</c> and <c>password</c>; stored encrypted, never shown again.</param>
public sealed record ExchangeSchema(IReadOnlyList<ExchangeField> Settings, IReadOnlyList<ExchangeField> Credentials);

/// <summary>One field of an exchange's settings or credentials.</summary>
/// <param name="Name">Its JSON name.</param>
/// <param name="Type">Its type as HMA's schema names it (<c>string</c>, <c>number</c>, <c>boolean</c>, <c>enum</c>, <c>set_of_number</c>, ...).</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="Description">What it is, for people.</param>
/// <param name="Default">Its default when not given (as JSON text), or null.</param>
/// <param name="Choices">The values an <c>enum</c> field takes (HMA's <c>choices</c>), or null.</param>
public sealed record ExchangeField(string Name, string Type, bool Required, string Description, string? Default = null, IReadOnlyList<string>? Choices = null);
