using Aegis.Core.Events;
using Aegis.Core.Exchanges;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// What HMA's model of exchanges needs of the store: an exchange created with the bank of its name in one transaction,
/// credentials kept per exchange API (every exchange of that API without its own fetches with them), and the count of
/// the records an exchange holds.
/// </summary>
public sealed partial class ExchangeStore
{
    /// <summary>
    /// Creates the bank <see cref="NewExchange.Bank"/> and the exchange filling it in one transaction (HMA's
    /// <c>POST /c/exchanges</c>: an exchange is a bank of the same name); the exchange is due at once when enabled.
    /// </summary>
    /// <exception cref="BankStoreException">A name or the schedule is not valid, or the bank or the exchange exists (<see cref="BankStoreError.AlreadyExists"/>).</exception>
    public async Task<Exchange> CreateWithBankAsync(NewExchange exchange, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if ((ExchangeRules.ValidateName(exchange.Name) ?? ExchangeRules.ValidateSchedule(exchange.ScheduleMinutes) ?? Bank.ValidateName(exchange.Bank)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        if (await db.Banks.AnyAsync(b => b.Name == exchange.Bank, cancellationToken))
        {
            throw new BankStoreException(BankStoreError.AlreadyExists, $"A bank named '{exchange.Bank}' already exists.");
        }

        if (await db.Exchanges.AnyAsync(x => x.Name == exchange.Name, cancellationToken))
        {
            throw Exists(exchange.Name);
        }

        var bank = new BankRow
        {
            Name = exchange.Bank,
            PdqThreshold = Bank.DefaultPdqThreshold,
            Action = BankAction.Block,
            Kind = BankKind.Ordinary,
            Enabled = true,
            CreatedAt = now.ToUniversalTime(),
        };
        var row = new ExchangeRow
        {
            Name = exchange.Name,
            Api = exchange.Api,
            Settings = exchange.Settings,
            Credentials = exchange.Credentials?.Bytes,
            CredentialsKeyId = exchange.Credentials?.KeyId,
            ScheduleMinutes = exchange.ScheduleMinutes,
            Enabled = exchange.Enabled,
            CreatedAt = now,
            UpdatedAt = now,
            NextRunAt = now.ToUnixTimeMilliseconds(),
        };
        try
        {
            await BankStore.InsertBankAsync(db, bank, cancellationToken);
            row.BankId = bank.Id;
            db.Exchanges.Add(row);
            EventWriter.Add(db, new ExchangeCreated(actor, row.Name, row.Api, bank.Name, row.Settings, row.ScheduleMinutes, row.Enabled), now);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            throw new BankStoreException(BankStoreError.AlreadyExists, $"A bank or exchange named '{exchange.Name}' already exists.", e);
        }

        await transaction.CommitAsync(cancellationToken);
        return View(row, bank.Name, now);
    }

    /// <summary>Whether credentials are stored for the exchange API <paramref name="api"/>.</summary>
    public async Task<bool> HasApiCredentialsAsync(string api, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.ExchangeApis.AnyAsync(a => a.Api == api && a.Credentials != null, cancellationToken);
    }

    /// <summary>The exchange API's sealed credentials, or null when none are stored.</summary>
    public async Task<SealedSecret?> ReadApiCredentialsAsync(string api, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.ExchangeApis.AsNoTracking().SingleOrDefaultAsync(a => a.Api == api, cancellationToken);
        return row is { Credentials: { } bytes, CredentialsKeyId: { } keyId } ? new SealedSecret(keyId, bytes) : null;
    }

    /// <summary>
    /// Stores (or, with null, clears) an exchange API's sealed credentials, audited; every enabled exchange of that API
    /// without credentials of its own is due at once (it fetches with them). Two nodes setting them at once: the last
    /// write stands.
    /// </summary>
    public async Task SetApiCredentialsAsync(string api, SealedSecret? credentials, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(api);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SetApiCredentialsOnceAsync(api, credentials, actor, cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && StoreErrors.IsUniqueViolation(e))
            {
                // Another node inserted the API's row first: update it.
            }
        }
    }

    private async Task SetApiCredentialsOnceAsync(string api, SealedSecret? credentials, string actor, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await db.ExchangeApis.SingleOrDefaultAsync(a => a.Api == api, cancellationToken);
        if (row is null)
        {
            row = new ExchangeApiRow { Api = api };
            db.ExchangeApis.Add(row);
        }

        row.Credentials = credentials?.Bytes;
        row.CredentialsKeyId = credentials?.KeyId;
        row.UpdatedAt = now;
        EventWriter.Add(db, new ExchangeApiCredentialsSet(actor, api, credentials is null), now);
        await db.SaveChangesAsync(cancellationToken);
        if (credentials is not null)
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            await db.Exchanges.Where(x => x.Api == api && x.Credentials == null && x.NextRunAt > nowMs)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, nowMs), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How many records of the exchange it holds now (HMA's <c>fetched_items</c>): each record once, whatever its signals.</summary>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<long> CountRecordsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var id = await db.Exchanges.Where(x => x.Name == name).Select(x => (int?)x.Id).SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(name);
        return await db.ExchangeRecords.Where(r => r.ExchangeId == id).Select(r => r.RecordKey).Distinct().LongCountAsync(cancellationToken);
    }

    /// <summary>
    /// Inside <see cref="DeleteAsync"/>'s transaction: the exchange's bank goes with it when it is the exchange's own, as
    /// HMA's does (same name, no other exchange fills it); audited (<c>bank.deleted</c>) and on the change feed.
    /// </summary>
    private async Task DeleteOwnBankAsync(AegisDbContext db, ExchangeRow exchange, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bank = await db.Banks.SingleOrDefaultAsync(b => b.Id == exchange.BankId, cancellationToken);
        if (bank is null || bank.Name != exchange.Name || await db.Exchanges.AnyAsync(x => x.BankId == bank.Id && x.Id != exchange.Id, cancellationToken))
        {
            return;
        }

        bank.DeletedAt = now;
        EventWriter.Add(db, new BankDeleted(actor, bank.Name, await db.Entries.LongCountAsync(e => e.BankId == bank.Id, cancellationToken)), now);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeFeed.AppendAsync(db, bank.Id, null, BankChangeKind.BankDeleted, now, cancellationToken);
    }
}
