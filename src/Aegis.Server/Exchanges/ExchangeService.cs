using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.CyberTip.Evidence;
using Aegis.Exchanges;
using Aegis.Storage;

namespace Aegis.Server.Exchanges;

/// <summary>
/// Configuring exchanges, for the API and the CLI alike: each API checks its own settings and credentials (a refusal is a
/// <see cref="BankStoreException"/> naming the field), credentials are sealed with the server's key ring before the store
/// sees them and opened only for a fetch, and the store audits each change.
/// </summary>
/// <param name="store">The exchanges' store.</param>
/// <param name="apis">The APIs.</param>
/// <param name="keys">The key ring, asked for only when credentials are sealed or opened (the CLI has none until then).</param>
internal sealed class ExchangeService(ExchangeStore store, ExchangeRegistry apis, Func<KeyRing> keys)
{
    /// <summary>The store.</summary>
    public ExchangeStore Store => store;

    /// <summary>The APIs.</summary>
    public ExchangeRegistry Apis => apis;

    /// <summary>Configures an exchange; its settings and credentials are checked by its API first.</summary>
    /// <exception cref="BankStoreException">The API is unknown, a field is not valid, the bank does not exist, or the name is taken.</exception>
    public async Task<Exchange> CreateAsync(
        string? name, string? api, string? bank, JsonObject? settings, int? scheduleMinutes, bool? enabled, JsonObject? credentials, string actor, CancellationToken cancellationToken)
    {
        if (Core.Exchanges.ExchangeRules.ValidateName(name) is { } badName)
        {
            throw Invalid(badName);
        }

        var found = apis.Find(api) ?? throw Invalid(api is null ? $"api is required: one of {apis.Names}." : $"api: '{api}' is not an exchange API; one of {apis.Names}.");
        if (string.IsNullOrEmpty(bank))
        {
            throw Invalid("bank is required: the bank the exchange's hashes go to.");
        }

        settings ??= [];
        Check(found.Validate(settings, credentials));
        var sealedCredentials = credentials is null ? null : Seal(name!, credentials);
        return await store.CreateAsync(
            new NewExchange(name!, found.Name, settings.ToJsonString(), bank, scheduleMinutes ?? Core.Exchanges.ExchangeRules.DefaultScheduleMinutes, enabled ?? true, sealedCredentials),
            actor,
            cancellationToken);
    }

    /// <summary>Changes an exchange's settings (checked by its API with its stored credentials), schedule or enabled state.</summary>
    /// <exception cref="BankStoreException">No such exchange, or a field is not valid.</exception>
    public async Task<Exchange> UpdateAsync(
        string name, JsonObject? settings, int? scheduleMinutes, bool? enabled, bool resetCheckpoint, string actor, CancellationToken cancellationToken)
    {
        var exchange = await GetAsync(name, cancellationToken);
        if (settings is not null)
        {
            var api = apis.Find(exchange.Api) ?? throw Invalid($"Exchange '{name}' has API '{exchange.Api}', which this server does not know.");
            Check(api.Validate(settings, await OpenStoredAsync(name, cancellationToken)));
        }

        return await store.UpdateAsync(name, new ExchangeUpdate(settings?.ToJsonString(), scheduleMinutes, enabled, resetCheckpoint), actor, cancellationToken);
    }

    /// <summary>Sets an exchange's credentials (checked by its API with its settings, then sealed), or clears them with null.</summary>
    /// <exception cref="BankStoreException">No such exchange, or a credential is not valid.</exception>
    public async Task<Exchange> SetCredentialsAsync(string name, JsonObject? credentials, string actor, CancellationToken cancellationToken)
    {
        var exchange = await GetAsync(name, cancellationToken);
        if (credentials is not null)
        {
            var api = apis.Find(exchange.Api) ?? throw Invalid($"Exchange '{name}' has API '{exchange.Api}', which this server does not know.");
            Check(api.Validate(Settings(exchange.Settings), credentials));
        }

        return await store.SetCredentialsAsync(name, credentials is null ? null : Seal(name, credentials), actor, cancellationToken);
    }

    /// <summary>
    /// Configures an exchange and the bank of its name in one transaction (HMA's <c>POST /c/exchanges</c>), without
    /// credentials of its own: it fetches with its API's (<see cref="SetApiCredentialsAsync"/>).
    /// </summary>
    /// <exception cref="BankStoreException">A field is not valid, or the bank or exchange exists.</exception>
    public async Task<Exchange> CreateWithBankAsync(string name, IExchangeApi api, JsonObject settings, bool enabled, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        Check(api.Validate(settings, null));
        return await store.CreateWithBankAsync(
            new NewExchange(name, api.Name, settings.ToJsonString(), name, Core.Exchanges.ExchangeRules.DefaultScheduleMinutes, enabled, null), actor, cancellationToken);
    }

    /// <summary>
    /// Sets (or, with null, clears) an API's own credentials, which every exchange of that API without credentials of its
    /// own fetches with: checked against the API's schema and each such exchange's settings, then sealed.
    /// </summary>
    /// <exception cref="BankStoreException">A credential is not valid.</exception>
    public async Task SetApiCredentialsAsync(IExchangeApi api, JsonObject? credentials, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (credentials is not null)
        {
            Check(api.Schema.ValidateCredentials(credentials, api.Name));
            foreach (var exchange in (await store.ListAsync(cancellationToken)).Where(x => x.Api == api.Name && !x.HasCredentials))
            {
                Check(api.Validate(Settings(exchange.Settings), credentials));
            }
        }

        await store.SetApiCredentialsAsync(api.Name, credentials is null ? null : SealFor(ApiPurpose(api.Name), credentials), actor, cancellationToken);
    }

    /// <summary>The credentials a run of <paramref name="claim"/> fetches with, opened: its own, else its API's; null when neither is stored.</summary>
    /// <exception cref="EvidenceKeyException">They are sealed under a key this server does not have.</exception>
    /// <exception cref="EvidenceIntegrityException">They were altered.</exception>
    public async Task<JsonObject?> OpenForRunAsync(ExchangeClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Credentials is not null)
        {
            return Open(claim.Name, claim.Credentials);
        }

        return await store.ReadApiCredentialsAsync(claim.Api, cancellationToken) is { } shared ? OpenSealed(ApiPurpose(claim.Api), shared) : null;
    }

    /// <summary>The exchange, or a not-found refusal.</summary>
    public async Task<Exchange> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no exchange named '{name}'.");

    /// <summary>An exchange's credentials, opened for one fetch; null when none are stored.</summary>
    /// <exception cref="EvidenceKeyException">They are sealed under a key this server does not have.</exception>
    /// <exception cref="EvidenceIntegrityException">They were altered.</exception>
    public JsonObject? Open(string name, SealedSecret? credentials)
    {
        return credentials is null ? null : OpenSealed(Purpose(name), credentials);
    }

    private JsonObject? OpenSealed(string purpose, SealedSecret credentials)
    {
        var plaintext = SecretSeal.Open(keys(), purpose, credentials.KeyId, credentials.Bytes);
        try
        {
            return JsonNode.Parse(plaintext)?.AsObject();
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Settings as stored (a JSON object's text).</summary>
    public static JsonObject Settings(string text) => JsonNode.Parse(text) as JsonObject ?? [];

    private async Task<JsonObject?> OpenStoredAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return Open(name, await store.ReadCredentialsAsync(name, cancellationToken));
        }
        catch (Exception e) when (e is EvidenceKeyException or EvidenceIntegrityException or JsonException)
        {
            return null; // checked as if none were stored: the settings alone
        }
    }

    private SealedSecret Seal(string name, JsonObject credentials) => SealFor(Purpose(name), credentials);

    private SealedSecret SealFor(string purpose, JsonObject credentials)
    {
        var plaintext = Encoding.UTF8.GetBytes(credentials.ToJsonString());
        try
        {
            var (keyId, bytes) = SecretSeal.Seal(keys(), purpose, plaintext);
            return new SealedSecret(keyId, bytes);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static string Purpose(string name) => $"exchange:{name}";

    /// <summary>An API's own credentials are sealed for the API (an exchange's name could never open them).</summary>
    private static string ApiPurpose(string api) => $"exchange-api:{api}";

    private static void Check(string? problem)
    {
        if (problem is not null)
        {
            throw Invalid(problem);
        }
    }

    private static BankStoreException Invalid(string message) => new(BankStoreError.Invalid, message);
}
