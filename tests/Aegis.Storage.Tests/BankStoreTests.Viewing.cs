using Aegis.Core.Events;
using Aegis.Core.Users;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_reviewers_viewing_preferences_are_kept_and_cleared_and_others_are_untouched()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var (ana, ben) = (NewUserName(), NewUserName());
        await users.CreateAsync(ana, ApiKeyRole.Reviewer, Password, "admin-1");
        await users.CreateAsync(ben, ApiKeyRole.Reviewer, Password, "admin-1");

        await users.SetViewingAsync(ana, new ViewingPreferences(BlurSigma: 12.5, Grayscale: false, Mute: null, BreakMinutes: 30));

        Assert.Equal(new ViewingPreferences(12.5, false, null, 30), (await users.FindAsync(ana))!.Viewing);
        Assert.Equal(ViewingPreferences.None, (await users.FindAsync(ben))!.Viewing);

        await users.SetViewingAsync(ana, ViewingPreferences.None);
        Assert.Equal(ViewingPreferences.None, (await users.FindAsync(ana))!.Viewing);
        await Assert.ThrowsAsync<BankStoreException>(() => users.SetViewingAsync(NewUserName(), ViewingPreferences.None));
    }

    [Fact]
    public async Task Reveals_are_audited_and_counted_per_reviewer_since_a_time()
    {
        await using var store = await OpenAsync();
        var audit = new AuditLog(store);
        var since = store.Time.GetUtcNow();
        foreach (var actor in new[] { "ana", "ana", "ben" })
        {
            await audit.AppendAsync(actor, EvidenceRevealed.Action, "case:7", "{}");
        }

        await audit.AppendAsync("ana", "evidence.viewed", "case:7", "{}");

        Assert.Equal(2, await audit.CountAsync("ana", EvidenceRevealed.Action, since));
        Assert.Equal(1, await audit.CountAsync("ben", EvidenceRevealed.Action, since));
        Assert.Equal(0, await audit.CountAsync("ana", EvidenceRevealed.Action, since.AddHours(1)));
    }
}
