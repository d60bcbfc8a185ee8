using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's banks (<c>/c/banks</c>, <c>/c/bank/&lt;name&gt;</c>) over Aegis banks. HMA's <c>enabled_ratio</c> is the bank's
/// <see cref="Bank.MatchingRatio"/> (a bank is enabled while it is above 0); deleting a bank makes it gone (its name free,
/// its rows kept for the record); banks cannot be renamed.
/// </summary>
internal sealed class HmaBanks(BankStore store, ExchangeStore exchanges, MatcherHost host)
{
    /// <summary><c>GET /c/banks</c>: <c>[{"matching_enabled_ratio": 1.0, "name": "…"}]</c>.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        HmaJson.Json(new JsonArray([.. (await store.ListBanksAsync(cancellationToken)).Select(s => (JsonNode)HmaJson.Bank(s.Bank))]));

    /// <summary>
    /// <c>POST /c/banks</c> <c>{"name": "…", "enabled_ratio": 1.0, "enabled": …}</c>: 201 with the bank. As in HMA,
    /// <c>enabled_ratio</c> defaults to 1.0, so <c>enabled</c> counts only when <c>enabled_ratio</c> is given as null.
    /// </summary>
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var validation = new HmaValidation("BankCreateRequest");
        var body = validation.Object(await HmaJson.ReadBodyAsync(request, cancellationToken));
        string? name = null;
        double? ratio = null;
        bool? enabled = null;
        if (body is not null)
        {
            name = validation.String(body, "name", required: true);
            ratio = body.ContainsKey("enabled_ratio") ? validation.Float(body, "enabled_ratio") : 1.0;
            enabled = validation.Bool(body, "enabled");
        }

        validation.ThrowIfInvalid();
        CheckName(name!);
        var matchingRatio = CheckRatio(ratio ?? (enabled is false ? 0.0 : 1.0));
        Bank bank;
        try
        {
            bank = await store.CreateBankAsync(name!, cancellationToken: cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
        {
            throw new HmaException(StatusCodes.Status403Forbidden, "Bank already exists");
        }

        if (matchingRatio != bank.MatchingRatio)
        {
            bank = await store.UpdateBankAsync(bank.Name, new BankUpdate(MatchingRatio: matchingRatio), cancellationToken);
        }

        await host.CatchUpNowAsync(cancellationToken);
        return HmaJson.Json(HmaJson.Bank(bank), StatusCodes.Status201Created);
    }

    /// <summary><c>GET /c/bank/&lt;name&gt;</c>: the bank, or 404 (Coop's test for a free name).</summary>
    public async Task<IResult> GetAsync(string name, CancellationToken cancellationToken) =>
        HmaJson.Json(HmaJson.Bank(await FindAsync(name, $"bank '{name}' not found", cancellationToken)));

    /// <summary>
    /// <c>PUT /c/bank/&lt;name&gt;</c> <c>{"name": …, "enabled": …, "enabled_ratio": …}</c>: the bank as it now is.
    /// <c>enabled</c> sets the ratio to 1.0 or 0.0, and <c>enabled_ratio</c>, when also given, wins.
    /// </summary>
    public async Task<IResult> UpdateAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var validation = new HmaValidation("BankUpdateRequest");
        var body = validation.Object(await HmaJson.ReadBodyAsync(request, cancellationToken));
        string? rename = null;
        double? ratio = null;
        if (body is not null)
        {
            // In the model's field order, as pydantic lists the errors.
            rename = validation.String(body, "name");
            ratio = validation.Float(body, "enabled_ratio");
            var enabled = validation.Bool(body, "enabled");
            ratio ??= enabled is { } on ? (on ? 1.0 : 0.0) : null;
        }

        validation.ThrowIfInvalid();
        var bank = await FindAsync(name, "Bank not found", cancellationToken);
        if (rename is not null && rename != bank.Name)
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

        if (ratio is { } r && (CheckRatio(r) != bank.MatchingRatio || (r > 0) != bank.Enabled))
        {
            bank = await store.UpdateBankAsync(name, new BankUpdate(MatchingRatio: r), cancellationToken);
            await host.CatchUpNowAsync(cancellationToken);
        }

        return HmaJson.Json(HmaJson.Bank(bank));
    }

    /// <summary>
    /// <c>DELETE /c/bank/&lt;name&gt;</c>: the bank is gone (no longer listed or matched, its name free; its rows kept and
    /// the deletion audited), and the exchange of its name filling it with it. Always <c>{"message": "Done"}</c>, as HMA answers even for a bank that does not exist.
    /// </summary>
    public async Task<IResult> DeleteAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = request.HttpContext.User.Identity?.Name ?? "unknown";

        // A bank an exchange of its name fills (HMA's pairing, POST /c/exchanges) goes with its exchange: HMA would leave the
        // exchange fetching for a bank that is gone.
        var deleted = false;
        if (await exchanges.GetAsync(name, cancellationToken) is { } exchange && exchange.Bank == name)
        {
            try
            {
                await exchanges.DeleteAsync(name, actor, withOwnBank: true, cancellationToken);
                deleted = true;
            }
            catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
            {
                // Removed by another request in between.
            }
        }

        if (await store.DeleteBankAsync(name, actor, cancellationToken) | deleted)
        {
            await host.CatchUpNowAsync(cancellationToken);
        }

        return HmaJson.Message(StatusCodes.Status200OK, "Done");
    }

    /// <summary>The bank, or a 404 with <paramref name="notFound"/>.</summary>
    public async Task<Bank> FindAsync(string name, string notFound, CancellationToken cancellationToken) =>
        await store.GetBankAsync(name, cancellationToken) ?? throw new HmaException(StatusCodes.Status404NotFound, notFound);

    /// <summary>HMA's rule for bank names: <c>[A-Z_][A-Z0-9_]*</c>.</summary>
    public static void CheckName(string name)
    {
        var ok = name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
        if (!ok)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        }
    }

    /// <summary>A ratio Aegis stores: 0.0 to 1.0 (HMA stores any number; a ratio outside is meaningless to its coin flip).</summary>
    private static double CheckRatio(double ratio) => ratio is >= 0 and <= 1
        ? ratio
        : throw new HmaException(StatusCodes.Status400BadRequest, "enabled_ratio must be between 0.0 and 1.0");
}
