using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Storage.Tests;

/// <summary>What the console's admin pages need of the store: roles changed and locks lifted (never one's own), keys and bank changes audited, entries paged, last changes.</summary>
public abstract partial class BankStoreTests
{
    private async Task<List<AuditEntry>> AuditOfAsync(BankStore store, string subject) =>
        [.. (await ToListAsync(new AuditLog(store).ReadAsync())).Where(e => e.Subject == subject)];

    [Fact]
    public async Task A_users_role_is_changed_and_a_lock_lifted_audited_and_no_one_disables_or_demotes_themselves()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store, ThreeStrikes);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");
        for (var i = 0; i < 3; i++)
        {
            await users.VerifyPasswordAsync(name, "wrong password " + i);
        }

        var changed = await users.SetRoleAsync(name, ApiKeyRole.Curator, "admin-1");
        var same = await users.SetRoleAsync(name, ApiKeyRole.Curator, "admin-1");
        Assert.Equal(SignInOutcome.LockedOut, (await users.VerifyPasswordAsync(name, Password)).Outcome);
        var unlocked = await users.UnlockAsync(name, "admin-1");
        await users.UnlockAsync(name, "admin-1"); // nothing to lift: not audited
        var self = await Assert.ThrowsAsync<BankStoreException>(() => users.SetDisabledAsync(name, true, name.ToUpperInvariant()));
        var demote = await Assert.ThrowsAsync<BankStoreException>(() => users.SetRoleAsync(name, ApiKeyRole.Reviewer, name));
        var platform = await Assert.ThrowsAsync<BankStoreException>(() => users.SetRoleAsync(name, ApiKeyRole.Platform, "admin-1"));

        Assert.Equal(ApiKeyRole.Curator, changed.Role);
        Assert.Equal(changed, same);
        Assert.Null(unlocked.LockedUntil);
        Assert.Equal(SignInOutcome.Succeeded, (await users.VerifyPasswordAsync(name, Password)).Outcome);
        Assert.Equal((BankStoreError.Conflict, "You cannot disable your own account; another admin can."), (self.Error, self.Message));
        Assert.Equal(BankStoreError.Conflict, demote.Error);
        Assert.Equal(BankStoreError.Invalid, platform.Error);
        Assert.False((await users.FindAsync(name))!.Disabled);
        var audit = (await UserAuditAsync(store, name)).Select(a => a.Split(' ')[0]).Where(a => a is not ("user.signin_failed" or "user.locked_out"));
        Assert.Equal(["user.created", "user.role_changed", "user.unlocked"], audit);
        Assert.Contains("\"from\":\"reviewer\",\"to\":\"curator\"", (await UserAuditAsync(store, name)).Single(a => a.StartsWith("user.role_changed", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Making_and_revoking_a_key_with_an_actor_is_audited_without_its_secret()
    {
        await using var store = await OpenAsync();
        var keys = new ApiKeyStore(store);
        var name = NewBankName("key");

        var made = await keys.CreateAsync(name, ApiKeyRole.TrustedFlagger, "ada");
        await keys.RevokeAsync(name, "ada");
        await keys.RevokeAsync(name, "ada"); // already revoked: nothing to audit

        var audit = await AuditOfAsync(store, $"apikey:{name}");
        Assert.Equal(["apikey.created", "apikey.revoked"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("ada", a.Actor));
        Assert.Contains("\"role\":\"trusted-flagger\"", audit[0].Data, StringComparison.Ordinal);
        Assert.DoesNotContain(made.Secret, string.Concat(audit.Select(a => a.Data)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bank_changes_with_an_actor_are_audited_with_what_changed_and_entries_are_paged_and_last_changes_known()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("admin");
        var quiet = NewBankName("quiet");
        await store.CreateBankAsync(bank);
        await store.CreateBankAsync(quiet);
        var records = Enumerable.Range(0, 25).Select(i => new HashListRecord(SignalType.Md5, $"{i:x32}", null, null, null, null, null)).ToList();
        await store.ImportAsync(bank, records, "cora");

        await store.UpdateBankAsync(bank, new BankUpdate(PdqThreshold: 20, Description: "stand-ins"), "cora");
        await store.UpdateBankAsync(bank, new BankUpdate(PdqThreshold: 20), "cora"); // no change: not audited
        var first = await store.ListEntriesAsync(bank, 0, 10);
        var second = await store.ListEntriesAsync(bank, first[^1].Id, 10);
        var last = await store.ListEntriesAsync(bank, second[^1].Id, 10);
        _time.Now = _time.Now.AddMinutes(5);
        await store.SetEntryEnabledAsync(first[0].Id, false, "cora");
        await store.RecordImportAsync(bank, "csv", new ImportResult(25, 25, 0, TimeSpan.Zero), 3, "cora");
        var lastChanges = await store.LastChangesAsync();

        Assert.Equal(records.Select(r => r.Value), first.Concat(second).Concat(last).Select(e => e.Value));
        Assert.Equal((10, 10, 5), (first.Count, second.Count, last.Count));
        Assert.Equal(_time.Now, lastChanges[bank]);
        Assert.Equal(_time.Now.AddMinutes(-5), lastChanges[quiet]);
        var audit = await AuditOfAsync(store, $"bank:{bank}");
        Assert.Equal(["bank.updated", "bank.entry_disabled", "bank.imported"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cora", a.Actor));
        Assert.Contains("\"pdq_threshold\":\"20\"", audit[0].Data, StringComparison.Ordinal);
        Assert.Contains("\"description\":\"stand-ins\"", audit[0].Data, StringComparison.Ordinal);
        Assert.Contains("\"bad_lines\":3", audit[2].Data, StringComparison.Ordinal);
        Assert.Equal(BankStoreError.NotFound, (await Assert.ThrowsAsync<BankStoreException>(() => store.ListEntriesAsync(bank + "-none", 0, 10))).Error);
    }
}
