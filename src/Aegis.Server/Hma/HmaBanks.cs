using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's banks (<c>/c/banks</c>, <c>/c/bank/&lt;name&gt;</c>) over Aegis banks. A bank is enabled or not, so HMA's
/// <c>enabled_ratio</c> is read as enabled when above 0 and reported as 1.0 or 0.0; deleting a bank disables it
/// (Aegis keeps every bank and entry for the record); banks cannot be renamed.
/// </summary>
internal sealed class HmaBanks(BankStore store, MatcherHost host)
{
    /// <summary><c>GET /c/banks</c>: <c>[{"matching_enabled_ratio": 1.0, "name": "…"}]</c>.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        HmaJson.Json(new JsonArray([.. (await store.ListBanksAsync(cancellationToken)).Select(s => (JsonNode)HmaJson.Bank(s.Bank))]));

    /// <summary><c>POST /c/banks</c> <c>{"name": "…", "enabled_ratio": 1.0}</c>: 201 with the bank.</summary>
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await HmaJson.ReadObjectAsync(request, cancellationToken);
        var name = HmaParse.String(body["name"], "name") ?? throw new HmaException(StatusCodes.Status422UnprocessableEntity, "name is required");
        var enabled = Enabled(body) ?? true;
        CheckName(name);
        Bank bank;
        try
        {
            bank = await store.CreateBankAsync(name, cancellationToken: cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
        {
            throw new HmaException(StatusCodes.Status403Forbidden, "Bank already exists");
        }

        if (!enabled)
        {
            bank = await store.SetBankEnabledAsync(name, false, cancellationToken);
        }

        await host.CatchUpNowAsync(cancellationToken);
        return HmaJson.Json(HmaJson.Bank(bank), StatusCodes.Status201Created);
    }

    /// <summary><c>GET /c/bank/&lt;name&gt;</c>: the bank, or 404 (Coop's test for a free name).</summary>
    public async Task<IResult> GetAsync(string name, CancellationToken cancellationToken) =>
        HmaJson.Json(HmaJson.Bank(await FindAsync(name, $"bank '{name}' not found", cancellationToken)));

    /// <summary><c>PUT /c/bank/&lt;name&gt;</c> <c>{"enabled": …, "enabled_ratio": …}</c>: the bank as it now is.</summary>
    public async Task<IResult> UpdateAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var bank = await FindAsync(name, "Bank not found", cancellationToken);
        var body = await HmaJson.ReadObjectAsync(request, cancellationToken);
        if (HmaParse.String(body["name"], "name") is { } rename && rename != bank.Name)
        {
            CheckName(rename);
            if (await store.GetBankAsync(rename, cancellationToken) is not null)
            {
                throw new HmaException(StatusCodes.Status403Forbidden, "Bank name already exists");
            }

            throw new HmaException(
                StatusCodes.Status501NotImplemented,
                "Aegis cannot rename a bank: create a bank with the new name and add the content to it");
        }

        if (Enabled(body) is { } enabled && enabled != bank.Enabled)
        {
            bank = await store.SetBankEnabledAsync(name, enabled, cancellationToken);
            await host.CatchUpNowAsync(cancellationToken);
        }

        return HmaJson.Json(HmaJson.Bank(bank));
    }

    /// <summary>
    /// <c>DELETE /c/bank/&lt;name&gt;</c>: disables the bank (it stops matching; its entries are kept). Always
    /// <c>{"message": "Done"}</c>, as HMA answers even for a bank that does not exist.
    /// </summary>
    public async Task<IResult> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (await store.GetBankAsync(name, cancellationToken) is { Enabled: true })
        {
            await store.SetBankEnabledAsync(name, false, cancellationToken);
            await host.CatchUpNowAsync(cancellationToken);
        }

        return HmaJson.Message(StatusCodes.Status200OK, "Done");
    }

    /// <summary>The bank, or a 404 with <paramref name="notFound"/>.</summary>
    public async Task<Bank> FindAsync(string name, string notFound, CancellationToken cancellationToken) =>
        await store.GetBankAsync(name, cancellationToken) ?? throw new HmaException(StatusCodes.Status404NotFound, notFound);

    /// <summary>HMA's rule for bank names: <c>[A-Z_][A-Z0-9_]*</c>.</summary>
    private static void CheckName(string name)
    {
        var ok = name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
        if (!ok)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        }
    }

    /// <summary>
    /// The enabled state a body asks for: <c>enabled_ratio</c> (above 0 is enabled) when given, else <c>enabled</c>,
    /// else null.
    /// </summary>
    private static bool? Enabled(JsonObject body)
    {
        if (HmaParse.Float(body["enabled_ratio"], "enabled_ratio") is { } ratio)
        {
            return ratio is >= 0 and <= 1
                ? ratio > 0
                : throw new HmaException(StatusCodes.Status400BadRequest, "enabled_ratio must be between 0.0 and 1.0");
        }

        return HmaParse.Bool(body["enabled"]);
    }
}
