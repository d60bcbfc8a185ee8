using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Core.Exchanges;
using Aegis.Exchanges;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's shapes for exchanges, drawn from Aegis's: an exchange's config (python-threatexchange's collab config
/// dataclass as <c>dataclass_dumps</c> writes it), an API's schema (<c>utils/exchange_schema.py</c>) and a fetch status
/// (<c>FetchStatus</c>).
/// </summary>
internal static class HmaExchangeJson
{
    /// <summary><c>json.dumps(indent=2)</c>, as HMA writes an exchange's config (keys in its dataclass's field order).</summary>
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The config as HMA's dataclass lists its fields: the API's required settings, then <c>name</c>, <c>api</c> and
    /// <c>enabled</c>, then its other settings, each with its stored value or else its default (null when it has none).
    /// </summary>
    public static JsonObject Config(Exchange exchange, IExchangeApi? api)
    {
        var settings = Exchanges.ExchangeService.Settings(exchange.Settings);
        var fields = api?.Schema.Settings ?? [];
        var config = new JsonObject();
        foreach (var field in fields.Where(f => f.Required))
        {
            config[field.Name] = Value(settings, field);
        }

        config["name"] = exchange.Name;
        config["api"] = exchange.Api;
        config["enabled"] = exchange.Enabled;
        foreach (var field in fields.Where(f => !f.Required))
        {
            config[field.Name] = Value(settings, field);
        }

        foreach (var (name, value) in settings.Where(s => !config.ContainsKey(s.Key)))
        {
            config[name] = value?.DeepClone();
        }

        return config;
    }

    /// <summary>The config as HMA's <c>GET /c/exchange/&lt;name&gt;</c> answers it: indented, in field order.</summary>
    public static IResult ConfigResult(Exchange exchange, IExchangeApi? api) =>
        TypedResults.Text(Config(exchange, api).ToJsonString(Indented), "application/json", System.Text.Encoding.UTF8);

    /// <summary>HMA's <c>{"config_schema": {"fields": […]}, "credentials_schema": {"fields": […]} or null}</c>.</summary>
    public static JsonObject Schema(IExchangeApi api) => new()
    {
        ["config_schema"] = new JsonObject { ["fields"] = Fields(api.Schema.Settings) },
        ["credentials_schema"] = api.Schema.Credentials.Count == 0 ? null : new JsonObject { ["fields"] = Fields(api.Schema.Credentials) },
    };

    /// <summary>
    /// HMA's <c>FetchStatus</c>: <c>checkpoint_ts</c> (how far the exchange's own clock was read), <c>fetched_items</c>
    /// (the records the exchange holds now), <c>last_fetch_complete_ts</c> and <c>last_fetch_succeeded</c> (the last run
    /// that ended), <c>running_fetch_start_ts</c> (the run under way) and <c>up_to_date</c>, Unix seconds or null.
    /// </summary>
    public static JsonObject Status(ExchangeStatus status, long fetchedItems) => new()
    {
        ["checkpoint_ts"] = Seconds(status.ExchangeTime),
        ["fetched_items"] = fetchedItems,
        ["last_fetch_complete_ts"] = Seconds(status.LastEndAt),
        ["last_fetch_succeeded"] = status.LastEndAt is null ? null : status.ConsecutiveFailures == 0,
        ["running_fetch_start_ts"] = Seconds(status.RunningOn is null ? null : status.LastRunAt),
        ["up_to_date"] = status.UpToDate,
    };

    /// <summary>A field's type as HMA's schema names it (<c>string</c>, <c>number</c>, <c>boolean</c>, <c>set_of_number</c>, …).</summary>
    public static string Kind(string type) => type switch
    {
        "str" => "string",
        "int" or "float" => "number",
        "bool" => "boolean",
        "set[int]" => "set_of_number",
        "set[str]" => "set_of_string",
        "list[int]" => "list_of_number",
        "list[str]" => "list_of_string",
        _ => type,
    };

    private static JsonArray Fields(IReadOnlyList<ExchangeField> fields) => new([.. fields.Select(f => (JsonNode)new JsonObject
    {
        ["choices"] = f.Choices is null ? null : new JsonArray([.. f.Choices.Select(c => (JsonNode)c)]),
        ["default"] = f.Required || f.Default is null ? null : JsonNode.Parse(f.Default),
        ["help"] = f.Description,
        ["name"] = f.Name,
        ["required"] = f.Required,
        ["type"] = Kind(f.Type),
    })]);

    private static JsonNode? Value(JsonObject settings, ExchangeField field) =>
        settings.TryGetPropertyValue(field.Name, out var value) && value is not null ? value.DeepClone()
        : field.Default is null ? null : JsonNode.Parse(field.Default);

    private static JsonNode? Seconds(DateTimeOffset? at) => at is { } t ? JsonValue.Create(t.ToUnixTimeSeconds()) : null;
}
