using System.Globalization;
using Aegis.Core.Events;
using Aegis.Core.Exchanges;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aegis.Storage;

/// <summary>
/// Hash exchanges as data: their configuration (credentials only ever sealed), where their fetching stands, the claims by
/// which one node at a time fetches each, and the pages they apply to their banks. Multi-node safe like
/// <see cref="BankStore"/>: every claim and every page is a conditional write the database decides; nothing is guarded
/// by an in-process lock. Every change of configuration is audited in its own transaction.
/// </summary>
public sealed partial class ExchangeStore(BankStore store)
{
    /// <summary>Configures an exchange (due at once when enabled).</summary>
    /// <exception cref="BankStoreException">The name or schedule is not valid, the bank does not exist, or the name is taken.</exception>
    public async Task<Exchange> CreateAsync(NewExchange exchange, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if ((ExchangeRules.ValidateName(exchange.Name) ?? ExchangeRules.ValidateSchedule(exchange.ScheduleMinutes)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var bank = await db.Banks.AsNoTracking().SingleOrDefaultAsync(b => b.Name == exchange.Bank, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.Invalid, $"bank: there is no bank named '{exchange.Bank}' (create it first).");
        if (await db.Exchanges.AnyAsync(x => x.Name == exchange.Name, cancellationToken))
        {
            throw Exists(exchange.Name);
        }

        var row = new ExchangeRow
        {
            Name = exchange.Name,
            Api = exchange.Api,
            Settings = exchange.Settings,
            Credentials = exchange.Credentials?.Bytes,
            CredentialsKeyId = exchange.Credentials?.KeyId,
            BankId = bank.Id,
            ScheduleMinutes = exchange.ScheduleMinutes,
            Enabled = exchange.Enabled,
            CreatedAt = now,
            UpdatedAt = now,
            NextRunAt = now.ToUnixTimeMilliseconds(),
        };
        db.Exchanges.Add(row);
        EventWriter.Add(db, new ExchangeCreated(actor, row.Name, row.Api, bank.Name, row.Settings, row.ScheduleMinutes, row.Enabled), now);
        if (exchange.Credentials is not null)
        {
            EventWriter.Add(db, new ExchangeCredentialsSet(actor, row.Name, false), now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            throw Exists(exchange.Name, e);
        }

        return View(row, bank.Name, now);
    }

    /// <summary>Every exchange, by name, with its status.</summary>
    public async Task<IReadOnlyList<Exchange>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var banks = await db.Banks.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var rows = await db.Exchanges.AsNoTracking().ToListAsync(cancellationToken);
        var quarantined = await db.Entries.Where(e => e.QuarantinedAt != null && e.ExchangeId != null).GroupBy(e => e.ExchangeId!.Value)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => View(r, banks.GetValueOrDefault(r.BankId, "?"), now) with { QuarantinedEntries = quarantined.GetValueOrDefault(r.Id) })];
    }

    /// <summary>One exchange, or null.</summary>
    public async Task<Exchange?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(x => x.Name == name, cancellationToken);
        return row is null ? null : View(row, await BankNameAsync(db, row.BankId, cancellationToken), store.Time.GetUtcNow())
            with { QuarantinedEntries = await QuarantinedCountAsync(db, row.Id, cancellationToken) };
    }

    /// <summary>One exchange's sealed credentials, or null when none are stored.</summary>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<SealedSecret?> ReadCredentialsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        return Sealed(row);
    }

    /// <summary>
    /// Changes an exchange's settings, schedule or enabled state (audited, with what changed); a change that may change what
    /// is fetched (settings, enabling, a reset checkpoint) makes it due at once. Nothing changed, nothing written.
    /// </summary>
    /// <exception cref="BankStoreException">No such exchange, or the schedule is not valid.</exception>
    public async Task<Exchange> UpdateAsync(string name, ExchangeUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (update.ScheduleMinutes is { } minutes && ExchangeRules.ValidateSchedule(minutes) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var row = await db.Exchanges.SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var dueNow = false;
        if (update.Settings is { } settings && settings != row.Settings)
        {
            row.Settings = settings;
            changes["settings"] = settings;
            dueNow = true;
        }

        if (update.ScheduleMinutes is { } schedule && schedule != row.ScheduleMinutes)
        {
            row.ScheduleMinutes = schedule;
            changes["schedule_minutes"] = schedule.ToString(CultureInfo.InvariantCulture);
        }

        if (update.Enabled is { } enabled && enabled != row.Enabled)
        {
            row.Enabled = enabled;
            changes["enabled"] = enabled ? "true" : "false";
            dueNow |= enabled;
        }

        if (update.ResetCheckpoint && row.Checkpoint is not null)
        {
            row.Checkpoint = null;
            changes["checkpoint"] = null;
            dueNow = true;
        }

        if (changes.Count > 0)
        {
            row.UpdatedAt = now;
            if (dueNow)
            {
                row.NextRunAt = Math.Min(row.NextRunAt, now.ToUnixTimeMilliseconds());
            }

            EventWriter.Add(db, new ExchangeUpdated(actor, row.Name, changes), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return View(row, await BankNameAsync(db, row.BankId, cancellationToken), now);
    }

    /// <summary>Stores (or, with null, removes) an exchange's sealed credentials, audited; the exchange is due at once.</summary>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<Exchange> SetCredentialsAsync(string name, SealedSecret? credentials, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var row = await db.Exchanges.SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        row.Credentials = credentials?.Bytes;
        row.CredentialsKeyId = credentials?.KeyId;
        row.UpdatedAt = now;
        row.NextRunAt = Math.Min(row.NextRunAt, now.ToUnixTimeMilliseconds());
        EventWriter.Add(db, new ExchangeCredentialsSet(actor, row.Name, credentials is null), now);
        await db.SaveChangesAsync(cancellationToken);
        return View(row, await BankNameAsync(db, row.BankId, cancellationToken), now);
    }

    /// <summary>Makes an enabled exchange due now (any node's worker takes it at its next poll).</summary>
    /// <exception cref="BankStoreException">No such exchange, or it is disabled (<see cref="BankStoreError.Conflict"/>).</exception>
    public async Task<Exchange> RequestRunAsync(string name, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var row = await db.Exchanges.SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        if (!row.Enabled)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Exchange '{name}' is disabled: enable it to fetch it.");
        }

        row.NextRunAt = Math.Min(row.NextRunAt, now.ToUnixTimeMilliseconds());
        await db.SaveChangesAsync(cancellationToken);
        return View(row, await BankNameAsync(db, row.BankId, cancellationToken), now);
    }

    /// <summary>
    /// Removes an exchange in one transaction: the bank entries only it held are disabled (each a change of the feed), those
    /// other exchanges also hold show one of theirs, its records go, and the removal is audited. A node fetching it at that
    /// moment finds its claim gone at its next page and stops.
    /// </summary>
    /// <param name="name">The exchange.</param>
    /// <param name="actor">Who removes it.</param>
    /// <param name="withOwnBank">True (HMA's <c>DELETE /c/exchange/&lt;name&gt;</c>): its bank is deleted too when it is the exchange's own (same name, no other exchange fills it).</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>The entries disabled.</returns>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<long> DeleteAsync(string name, string actor, bool withOwnBank = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await db.Exchanges.SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        var disabled = await sql.QueryAsync(
            """
            UPDATE bank_entries SET enabled = @off
            WHERE exchange_id IS NOT NULL AND enabled = @on
              AND id IN (SELECT entry_id FROM exchange_records WHERE exchange_id = @exchange_id)
              AND NOT EXISTS (SELECT 1 FROM exchange_records o WHERE o.entry_id = bank_entries.id AND o.exchange_id <> @exchange_id)
            RETURNING id
            """,
            r => r.GetInt64(0),
            cancellationToken,
            ("@off", false),
            ("@on", true),
            ("@exchange_id", row.Id));
        await ShowOtherHoldersAsync(db, sql, row.Id, now, cancellationToken);
        if (disabled.Count > 0)
        {
            await ChangeFeed.LockAsync(db, cancellationToken);
            await sql.RunRowsAsync(
                InsertChangeSql,
                ["@bank_id", "@entry_id", "@kind", "@at"],
                [.. disabled.Order().Select(id => new object?[] { row.BankId, id, BankChangeKind.EntryDisabled.ToString(), now })],
                scalar: false,
                cancellationToken);
        }

        await sql.ExecuteAsync("DELETE FROM exchange_records WHERE exchange_id = @exchange_id", cancellationToken, ("@exchange_id", row.Id));
        await sql.ExecuteAsync("DELETE FROM exchange_feedback WHERE exchange_id = @exchange_id", cancellationToken, ("@exchange_id", row.Id));
        db.Exchanges.Remove(row);
        EventWriter.Add(db, new ExchangeDeleted(actor, row.Name, disabled.Count), now);
        await db.SaveChangesAsync(cancellationToken);
        if (withOwnBank)
        {
            await DeleteOwnBankAsync(db, row, actor, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return disabled.Count;
    }

    /// <summary>Entries showing the removed exchange's provenance that another exchange also holds: they show the other's now.</summary>
    private static async Task ShowOtherHoldersAsync(AegisDbContext db, ExchangeSql sql, int exchangeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shared = await sql.QueryAsync(
            """
            SELECT e.id, e.bank_id, o.exchange_id, x.name, o.record_key, o.external_id, o.member, o.category, e.enabled
            FROM bank_entries e
            JOIN exchange_records o ON o.entry_id = e.id AND o.exchange_id <> @exchange_id
            JOIN exchanges x ON x.id = o.exchange_id
            WHERE e.exchange_id = @exchange_id
            ORDER BY e.id, o.id
            """,
            r => (Id: r.GetInt64(0), Bank: r.GetInt32(1), Row: new object?[]
            {
                r.GetBoolean(8), r.GetString(3), r.IsDBNull(5) ? r.GetString(4) : r.GetString(5), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(2), r.GetString(4), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(0),
            }),
            cancellationToken,
            ("@exchange_id", exchangeId));
        var firsts = shared.GroupBy(s => s.Id).Select(g => g.First()).ToList();
        if (firsts.Count == 0)
        {
            return;
        }

        await sql.RunRowsAsync(UpdateEntrySql, ["@enabled", "@list", "@external_id", "@category", "@exchange_id", "@record_key", "@member", "@id"], [.. firsts.Select(f => f.Row)], scalar: false, cancellationToken);
        await ChangeFeed.LockAsync(db, cancellationToken);
        await sql.RunRowsAsync(
            InsertChangeSql,
            ["@bank_id", "@entry_id", "@kind", "@at"],
            [.. firsts.Select(f => new object?[] { f.Bank, f.Id, BankChangeKind.EntryUpdated.ToString(), now })],
            scalar: false,
            cancellationToken);
    }

    private static Exchange View(ExchangeRow row, string bank, DateTimeOffset now) => new(
        row.Name,
        row.Api,
        row.Settings,
        bank,
        row.ScheduleMinutes,
        row.Enabled,
        row.Credentials is not null,
        row.CreatedAt,
        row.UpdatedAt,
        new ExchangeStatus(
            row.LastRunAt,
            row.LastSuccessAt,
            DateTimeOffset.FromUnixTimeMilliseconds(row.NextRunAt),
            new ExchangeCounts(row.RunRecords, row.RunAdded, row.RunUpdated, row.RunRemoved),
            new ExchangeCounts(row.TotalRecords, row.TotalAdded, row.TotalUpdated, row.TotalRemoved),
            row.ConsecutiveFailures,
            row.LastError,
            row.Failing,
            row.ExchangeTime,
            row.ClaimToken is not null && row.LeaseUntil > now.ToUnixTimeMilliseconds() ? row.ClaimedBy : null,
            row.LastEndAt),
        row.SendFeedback,
        row.FeedbackReason)
    {
        QuarantinedAt = row.QuarantinedAt,
    };

    private static SealedSecret? Sealed(ExchangeRow row) =>
        row.Credentials is { } bytes && row.CredentialsKeyId is { } keyId ? new SealedSecret(keyId, bytes) : null;

    private static async Task<string> BankNameAsync(AegisDbContext db, int bankId, CancellationToken cancellationToken) =>
        await db.Banks.Where(b => b.Id == bankId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";

    private static BankStoreException NotFound(string name) => new(BankStoreError.NotFound, $"There is no exchange named '{name}'.");

    private static BankStoreException Exists(string name, Exception? inner = null) => inner is null
        ? new(BankStoreError.AlreadyExists, $"An exchange named '{name}' already exists.")
        : new(BankStoreError.AlreadyExists, $"An exchange named '{name}' already exists.", inner);
}
