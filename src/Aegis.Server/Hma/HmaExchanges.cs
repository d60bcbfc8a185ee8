using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Server.Exchanges;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's exchange routes (<c>/c/exchanges</c>, <c>/c/exchanges/apis</c>, <c>/c/exchanges/api/&lt;api&gt;</c>,
/// <c>/c/exchange/&lt;name&gt;</c>) over Aegis's exchanges. As in HMA an exchange created here is a bank of the same name
/// filled by it, and credentials are per API: stored once for the API, every exchange of that API without credentials
/// of its own fetches with them. Checks run in the order of HMA's handlers, with HMA's messages.
/// </summary>
internal sealed class HmaExchanges(ExchangeService service, ExchangeWorker worker, MatcherHost host)
{
    /// <summary>HMA's rule for the <c>bank</c> of a new exchange, before the bank's own rule.</summary>
    private static bool IsHmaExchangeName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary><c>GET /c/exchanges</c>: every exchange's name.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        HmaJson.Json(new JsonArray([.. (await service.Store.ListAsync(cancellationToken)).Select(x => (JsonNode)x.Name)]));

    /// <summary><c>GET /c/exchanges/apis</c>: the API names.</summary>
    public IResult Apis() => HmaJson.Json(new JsonArray([.. service.Apis.All.Select(a => (JsonNode)a.Name)]));

    /// <summary>
    /// <c>POST /c/exchanges</c> <c>{"bank", "api", "api_json"}</c>: the bank and the exchange filling it, 201
    /// <c>{"message": "Created successfully"}</c>. <c>api_json</c> holds the API's settings (and <c>enabled</c>, default true).
    /// </summary>
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await HmaJson.ReadObjectAsync(request, cancellationToken);
        if (body["bank"] is not { } bankNode)
        {
            throw Bad("bank is required");
        }

        var bank = bankNode.GetValueKind() == JsonValueKind.String ? bankNode.GetValue<string>() : "";
        if (!IsHmaExchangeName(bank))
        {
            throw Bad("Field `bank` must match /^[A-Z0-9_]+$/");
        }

        var apiJson = body.TryGetPropertyValue("api_json", out var given) ? given : new JsonObject();
        if (apiJson is not JsonObject settings)
        {
            throw Bad("Field `api_json` must be object");
        }

        if (body["api"] is not { } apiNode)
        {
            throw Bad("Field `api_type` is required");
        }

        var apiName = apiNode.GetValueKind() == JsonValueKind.String ? apiNode.GetValue<string>() : apiNode.ToJsonString();
        var api = service.Apis.Find(apiName) ?? throw Bad($"No such exchange type '{apiName}'");

        // HMA sets name and api itself, and reads enabled (default true); the rest are the API's settings.
        settings = (JsonObject)settings.DeepClone();
        settings.Remove("name");
        settings.Remove("api");
        var enabled = true;
        if (settings.Remove("enabled", out var enabledNode) && enabledNode is not null)
        {
            enabled = enabledNode.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad("Failed to parse `api_json` - 'enabled' must be a boolean."),
            };
        }

        if (api.Validate(settings, null) is { } problem)
        {
            throw Bad($"Failed to parse `api_json` - {problem}");
        }

        HmaBanks.CheckName(bank);
        if (bank.Length > Core.Exchanges.ExchangeRules.MaxNameLength)
        {
            throw Bad($"Bank names are at most {Core.Exchanges.ExchangeRules.MaxNameLength} characters");
        }

        try
        {
            await service.CreateWithBankAsync(bank, api, settings, enabled, Actor(request), cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
        {
            throw new HmaException(StatusCodes.Status403Forbidden, "Bank already exists");
        }

        await host.CatchUpNowAsync(cancellationToken);
        worker.Wake();
        return HmaJson.Message(StatusCodes.Status201Created, "Created successfully");
    }

    /// <summary>
    /// <c>GET</c> and <c>POST /c/exchanges/api/&lt;api&gt;</c>: <c>{"has_set_authentification", "supports_authentification"}</c>.
    /// POST <c>{"credential_json": {…}}</c> sets the API's credentials; an empty one (<c>{}</c>, or another value Python
    /// reads as false) clears them; without it nothing changes.
    /// </summary>
    public async Task<IResult> ApiAsync(string api, HttpRequest request, CancellationToken cancellationToken)
    {
        var found = service.Apis.Find(api) ?? throw Bad($"no such Exchange API '{api}'");
        if (HttpMethods.IsPost(request.Method))
        {
            if (await HmaJson.ReadBodyAsync(request, cancellationToken) is not JsonObject body)
            {
                throw Bad("this endpoint expects a json object payload");
            }

            if (body["credential_json"] is { } credentials)
            {
                if (IsFalsy(credentials))
                {
                    await service.SetApiCredentialsAsync(found, null, Actor(request), cancellationToken);
                }
                else if (credentials is JsonObject json)
                {
                    await service.SetApiCredentialsAsync(found, json, Actor(request), cancellationToken);
                    worker.Wake();
                }
                else
                {
                    throw Bad("credential_json must be a json object");
                }
            }
        }

        return HmaJson.Json(new JsonObject
        {
            ["has_set_authentification"] = await service.Store.HasApiCredentialsAsync(found.Name, cancellationToken),
            ["supports_authentification"] = found.Schema.Credentials.Count > 0,
        });
    }

    /// <summary><c>GET /c/exchanges/api/&lt;api&gt;/schema</c>: the fields of its <c>api_json</c> and of its credentials.</summary>
    public IResult Schema(string api) => service.Apis.Find(api) is { } found
        ? HmaJson.Json(HmaExchangeJson.Schema(found))
        : HmaJson.Message(StatusCodes.Status404NotFound, $"Exchange API '{api}' not found");

    /// <summary><c>GET /c/exchange/&lt;name&gt;</c>: its config (<c>{"environment", "name", "api", "enabled", "only_esp_ids"}</c> for NCMEC).</summary>
    public async Task<IResult> GetAsync(string name, CancellationToken cancellationToken)
    {
        var exchange = await FindAsync(name, cancellationToken);
        return HmaExchangeJson.ConfigResult(exchange, service.Apis.Find(exchange.Api));
    }

    /// <summary><c>PUT /c/exchange/&lt;name&gt;</c> <c>{"enabled": …}</c> (HMA's <c>ExchangeUpdateRequest</c>): its config as it now is.</summary>
    public async Task<IResult> UpdateAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var validation = new HmaValidation("ExchangeUpdateRequest");
        var body = validation.Object(await HmaJson.ReadBodyAsync(request, cancellationToken));
        var enabled = body is null ? null : validation.Bool(body, "enabled");
        validation.ThrowIfInvalid();
        var exchange = await FindAsync(name, cancellationToken);
        if (enabled is { } on && on != exchange.Enabled)
        {
            exchange = await service.UpdateAsync(name, null, null, on, false, Actor(request), cancellationToken);
            worker.Wake();
        }

        return HmaExchangeJson.ConfigResult(exchange, service.Apis.Find(exchange.Api));
    }

    /// <summary>
    /// <c>DELETE /c/exchange/&lt;name&gt;</c>: the exchange goes, and its bank with it when it is its own (as HMA's import
    /// bank); always <c>{"message": "Exchange deleted"}</c>, as HMA answers even when there is no such exchange.
    /// </summary>
    public async Task<IResult> DeleteAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await service.Store.DeleteAsync(name, Actor(request), withOwnBank: true, cancellationToken);
            await host.CatchUpNowAsync(cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
        {
            // HMA deletes nothing and answers the same.
        }

        return HmaJson.Message(StatusCodes.Status200OK, "Exchange deleted");
    }

    /// <summary><c>GET /c/exchange/&lt;name&gt;/status</c>: HMA's <c>FetchStatus</c>.</summary>
    public async Task<IResult> StatusAsync(string name, CancellationToken cancellationToken)
    {
        var exchange = await FindAsync(name, cancellationToken);
        long count;
        try
        {
            count = await service.Store.CountRecordsAsync(name, cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
        {
            throw NotFound(name); // removed in between
        }

        return HmaJson.Json(HmaExchangeJson.Status(exchange.Status, count));
    }

    private async Task<Exchange> FindAsync(string name, CancellationToken cancellationToken) =>
        await service.Store.GetAsync(name, cancellationToken) ?? throw NotFound(name);

    /// <summary>Python's truth of a JSON value: <c>{}</c>, <c>[]</c>, <c>""</c>, <c>0</c> and <c>false</c> are false.</summary>
    private static bool IsFalsy(JsonNode node) => node switch
    {
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.String => node.GetValue<string>().Length == 0,
            JsonValueKind.Number => node.GetValue<double>() == 0,
            _ => false,
        },
    };

    private static string Actor(HttpRequest request) => request.HttpContext.User.Identity?.Name ?? "unknown";

    private static HmaException Bad(string message) => new(StatusCodes.Status400BadRequest, message);

    private static HmaException NotFound(string name) => new(StatusCodes.Status404NotFound, $"Exchange '{name}' not found");
}
