using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Aegis.Core.Evidence;
using Aegis.Core.Reports;
using Aegis.CyberTip.Evidence;
using Aegis.Server.Evidence;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aegis.Server.Tests.Evidence;

/// <summary>
/// The vault over a real store, on SQLite and PostgreSQL, with the ciphertexts in the database and in a folder: what is
/// stored holds no plaintext, tampering is caught and audited, retention and holds, key rotation. A fake clock.
/// </summary>
public abstract class EvidenceVaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _time = new(Start);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aegis-vault-" + Guid.NewGuid().ToString("N"));
    private TestDatabase? _database;
    private BankStore? _store;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private BankStore Store => _store!;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await BankStore.OpenAsync(_database.Options, _time);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await _database!.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static KeyRing Ring(string current, params string[] ids) =>
        new(ids.ToDictionary(id => id, id => SHA256.HashData(Encoding.UTF8.GetBytes("test key " + id))), current);

    private EvidenceStore Evidence(bool folder) => new(Store, folder ? _folder : null);

    private EvidenceVault Vault(bool folder, KeyRing? ring = null) => new(Evidence(folder), ring ?? Ring("k1", "k1"), _time);

    /// <summary>Distinctive bytes: a picture would do as well, the vault never decodes.</summary>
    private static byte[] Media(int seed)
    {
        var bytes = new byte[200_000];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A case opened by a report of a new item; its vault row, awaiting the bytes.</summary>
    private async Task<(long CaseId, string ContentId)> ReportedAsync()
    {
        var contentId = "vault-" + Guid.NewGuid().ToString("N")[..12];
        var cases = new CaseStore(Store);
        var result = (await cases.ReportAsync(new ReportIntake([contentId], ReportCategory.ChildSexualExploitation, ReportSource.User, false, null, "reporter-1", "a report"), "platform"))[0];
        return (result.CaseId!.Value, contentId);
    }

    private async Task<EvidenceItem> PreservedAsync(EvidenceVault vault, byte[] media)
    {
        var (caseId, contentId) = await ReportedAsync();
        var (item, created) = await vault.UploadAsync(caseId, contentId, (byte[])media.Clone(), "image/jpeg", EvidenceExtras.None, "platform", default);
        Assert.True(created);
        return item;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_case_opened_by_a_report_awaits_its_item_and_an_upload_preserves_it(bool folder)
    {
        var vault = Vault(folder);
        var (caseId, contentId) = await ReportedAsync();
        var awaiting = Assert.Single(await vault.ListAsync(caseId, default));
        Assert.Equal((EvidenceState.Fetching, contentId), (awaiting.State, awaiting.ContentId));

        var media = Media(1);
        var (item, created) = await vault.UploadAsync(caseId, contentId, (byte[])media.Clone(), "image/jpeg", EvidenceExtras.None, "platform", default);

        Assert.True(created);
        Assert.Equal((EvidenceState.Preserved, (long?)media.Length, "image/jpeg"), (item.State, item.Size, item.MediaType));
        Assert.Equal(Start.AddDays(365), item.RetainUntil);
        using var read = await vault.ReadAsync(item.Id, "reviewer-ana", "review", default);
        Assert.Equal(media, read.Bytes.ToArray());
        Assert.Equal("a report", Assert.Single(read.Metadata.Reports).Text);
        var viewed = (await AuditAsync()).Last(a => a.Action == "evidence.viewed");
        Assert.Equal("reviewer-ana", viewed.Actor);
        Assert.Contains($"\"evidence_id\":{item.Id}", viewed.Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_same_bytes_again_are_the_same_item_and_other_bytes_a_conflict(bool folder)
    {
        var vault = Vault(folder);
        var media = Media(2);
        var item = await PreservedAsync(vault, media);

        var (again, created) = await vault.UploadAsync(item.CaseId, item.ContentId, (byte[])media.Clone(), "image/jpeg", EvidenceExtras.None, "platform", default);
        Assert.False(created);
        Assert.Equal(item.Id, again.Id);

        var other = await Assert.ThrowsAsync<BankStoreException>(() => vault.UploadAsync(item.CaseId, item.ContentId, Media(3), "image/jpeg", EvidenceExtras.None, "platform", default));
        Assert.Equal(BankStoreError.Conflict, other.Error);
        using var read = await vault.ReadAsync(item.Id, "reviewer-ana", "review", default);
        Assert.Equal(media, read.Bytes.ToArray()); // never replaced
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_storage_holds_no_plaintext_bytes_or_hashes(bool folder)
    {
        var vault = Vault(folder);
        var media = Media(4);
        var item = await PreservedAsync(vault, media);
        using (var read = await vault.ReadAsync(item.Id, "reviewer-ana", "review", default))
        {
            Assert.Equal(media, read.Bytes.ToArray());
        }

        var stored = await RawAsync();
        if (folder)
        {
            Assert.True(File.Exists(Path.Combine(_folder, item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            stored = [.. stored, .. Directory.GetFiles(_folder).SelectMany(File.ReadAllBytes)];
        }

        Assert.True(stored.Length > media.Length); // the ciphertext is in there
        var sha256 = SHA256.HashData(media);
        var md5 = MD5.HashData(media);
        foreach (var (what, needle) in new (string, byte[])[]
                 {
                     ("a slice of the bytes", media[1000..1064]), ("SHA-256 raw", sha256), ("SHA-256 hex", Encoding.UTF8.GetBytes(Convert.ToHexStringLower(sha256))),
                     ("MD5 raw", md5), ("MD5 hex", Encoding.UTF8.GetBytes(Convert.ToHexStringLower(md5))), ("the report's text", Encoding.UTF8.GetBytes("a report")),
                 })
        {
            Assert.True(stored.AsSpan().IndexOf(needle) < 0, $"{what} found in the vault's storage");
        }
    }

    [Theory]
    [InlineData(false, "ciphertext")]
    [InlineData(true, "ciphertext")]
    [InlineData(false, "wrapped key")]
    public async Task A_flipped_byte_is_an_error_and_an_audit_entry_and_no_bytes(bool folder, string where)
    {
        var vault = Vault(folder);
        var item = await PreservedAsync(vault, Media(5));
        if (where == "wrapped key")
        {
            await FlipAsync("evidence", "wrapped_key", "id", item.Id, 20);
        }
        else if (folder)
        {
            var path = Path.Combine(_folder, item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[777] ^= 0x01;
            await File.WriteAllBytesAsync(path, bytes);
        }
        else
        {
            await FlipAsync("evidence_content", "bytes", "evidence_id", item.Id, 777);
        }

        await Assert.ThrowsAsync<EvidenceIntegrityException>(() => vault.ReadAsync(item.Id, "reviewer-ana", "review", default));

        var audit = await AuditAsync();
        var failed = Assert.Single(audit, a => a.Action == "evidence.integrity_failed" && a.Subject == $"evidence:{item.Id}");
        Assert.Equal("reviewer-ana", failed.Actor);
        Assert.DoesNotContain(audit, a => a.Action == "evidence.viewed" && a.Data.Contains($"\"evidence_id\":{item.Id}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_what_has_passed_its_retention_without_a_hold_is_deleted(bool folder)
    {
        var vault = Vault(folder);
        var expired = await PreservedAsync(vault, Media(6));
        var held = await PreservedAsync(vault, Media(7));
        await vault.HoldAsync(held.Id, "litigation hold 2027-14", "admin", default);
        _time.Now = Start.AddDays(30);
        var younger = await PreservedAsync(vault, Media(8));
        var extended = await PreservedAsync(vault, Media(9));
        await vault.ExtendRetentionAsync([extended.Id, expired.Id], Start.AddDays(30), "cybertip report", "system", default); // shorter for expired: no change
        await vault.ExtendRetentionAsync([extended.Id], Start.AddDays(30 + 800), "cybertip report", "system", default);

        _time.Now = Start.AddDays(366);
        Assert.Equal(1, await vault.PurgeAsync("system", default));

        Assert.Null(await vault.GetAsync(expired.Id, default));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM evidence_content WHERE evidence_id = {expired.Id}"));
        Assert.False(File.Exists(Path.Combine(_folder, expired.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.NotNull(await vault.GetAsync(held.Id, default));
        Assert.NotNull(await vault.GetAsync(younger.Id, default));
        var deleted = Assert.Single(await AuditAsync(), a => a.Action == "evidence.deleted");
        Assert.Equal($"evidence:{expired.Id}", deleted.Subject);

        // The hold released, the held one goes at the next purge; the younger one once its own year has passed.
        await vault.ReleaseAsync(held.Id, "litigation ended", "admin", default);
        _time.Now = Start.AddDays(30 + 366);
        Assert.Equal(2, await vault.PurgeAsync("system", default));
        Assert.Null(await vault.GetAsync(held.Id, default));
        Assert.Null(await vault.GetAsync(younger.Id, default));
        Assert.NotNull(await vault.GetAsync(extended.Id, default));
        using var read = await vault.ReadAsync(extended.Id, "reviewer-ana", "review", default);
        Assert.Equal(Media(9), read.Bytes.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_rotation_rewraps_without_touching_the_ciphertext(bool folder)
    {
        var old = Vault(folder, Ring("k1", "k1"));
        var items = new List<(EvidenceItem Item, byte[] Media)>();
        for (var i = 0; i < 3; i++)
        {
            var media = Media(20 + i);
            items.Add((await PreservedAsync(old, media), media));
        }

        var before = await CiphertextsAsync(folder, items.Select(x => x.Item.Id));
        var rotated = Vault(folder, Ring("k2", "k1", "k2"));
        var keys = await rotated.KeysAsync(default);
        Assert.Equal(3, keys.Keys.Single(k => k.KeyId == "k1").Items);

        var (rewrapped, unreadable) = await rotated.RewrapAsync(default);

        Assert.True(rewrapped >= 3);
        Assert.Equal(0, unreadable);
        Assert.Equal(before, await CiphertextsAsync(folder, items.Select(x => x.Item.Id)));
        keys = await rotated.KeysAsync(default);
        Assert.DoesNotContain(keys.Keys, k => k.KeyId == "k1" && k.Items > 0);
        var withoutOld = Vault(folder, Ring("k2", "k2"));
        foreach (var (item, media) in items)
        {
            using var read = await withoutOld.ReadAsync(item.Id, "reviewer-ana", "review", default);
            Assert.Equal(media, read.Bytes.ToArray());
        }

        // An item still under a removed key is a clear error naming the key.
        var stranded = await PreservedAsync(old, Media(30));
        var missing = await Assert.ThrowsAsync<EvidenceKeyException>(() => withoutOld.ReadAsync(stranded.Id, "reviewer-ana", "review", default));
        Assert.Contains("k1", missing.Message, StringComparison.Ordinal);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in new AuditLog(Store).ReadAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task<Dictionary<long, byte[]>> CiphertextsAsync(bool folder, IEnumerable<long> ids)
    {
        var result = new Dictionary<long, byte[]>();
        foreach (var id in ids)
        {
            if (folder)
            {
                result[id] = await File.ReadAllBytesAsync(Path.Combine(_folder, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            await using var connection = await OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT bytes FROM evidence_content WHERE evidence_id = {id}";
            result[id] = (byte[])(await command.ExecuteScalarAsync())!;
        }

        return result;
    }

    /// <summary>Every value of every row of the vault's tables, as stored: text as UTF-8, blobs as they are.</summary>
    private async Task<byte[]> RawAsync()
    {
        var all = new List<byte>();
        await using var connection = await OpenAsync();
        foreach (var table in new[] { "evidence", "evidence_content" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    all.AddRange(value switch
                    {
                        byte[] b => b,
                        DBNull => [],
                        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!),
                    });
                }
            }
        }

        return [.. all];
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Flips the lowest bit of one stored byte, behind the vault's back.</summary>
    private async Task FlipAsync(string table, string column, string key, long id, int index)
    {
        await using var connection = await OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {column} FROM {table} WHERE {key} = {id}";
        var bytes = (byte[])(await read.ExecuteScalarAsync())!;
        bytes[index] ^= 0x01;
        await using var write = connection.CreateCommand();
        write.CommandText = $"UPDATE {table} SET {column} = @bytes WHERE {key} = {id}";
        var parameter = write.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("@bytes", bytes);
        write.Parameters.Add(parameter);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = _database!.IsPostgres
            ? new NpgsqlConnection(_database.Options.PostgresConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(_database.Options.DataDirectory!, StorageOptions.SqliteFileName)}");
        await connection.OpenAsync();
        return connection;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class SqliteEvidenceVaultTests : EvidenceVaultTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresEvidenceVaultTests : EvidenceVaultTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
