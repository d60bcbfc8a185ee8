using Aegis.Hashing.Files;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage;

namespace Aegis.Cli.Demo;

/// <summary>The demo's stand-in banks and its users, made if missing (the users' passwords are new at every start).</summary>
internal static class DemoSetup
{
    /// <summary>The stand-in for a bank of known material: its matches are blocked.</summary>
    public const string BlockBank = "demo-stand-ins";

    /// <summary>The stand-in for a partner's list whose matches a person reviews first: held.</summary>
    public const string HoldBank = "demo-stand-ins-review";

    /// <summary>The list the stand-in entries say they come from (shown as a match's source).</summary>
    public const string List = "aegis-demo";

    /// <summary>Who made the demo's banks and users, in the audit log.</summary>
    public const string Actor = "demo";

    /// <summary>A user for each role of the console, two reviewers (a child-safety dismissal takes two people).</summary>
    public static IReadOnlyList<(string Name, ApiKeyRole Role)> Users { get; } =
    [
        ("demo-reviewer", ApiKeyRole.Reviewer),
        ("demo-reviewer-2", ApiKeyRole.Reviewer),
        ("demo-senior", ApiKeyRole.SeniorReviewer),
        ("demo-curator", ApiKeyRole.Curator),
        ("demo-admin", ApiKeyRole.Admin),
    ];

    /// <summary>The two stand-in banks, each with the PDQ, MD5 and SHA-256 of one benign sample photograph.</summary>
    public static async Task EnsureBanksAsync(BankStore store, CancellationToken cancellationToken)
    {
        await EnsureBankAsync(
            store, BlockBank, BankAction.Block, DemoPictures.Bridge,
            "STAND-INS for the demo, NOT abuse material: the hashes of a benign sample photograph (samples/images/bridge.jpg), " +
            "standing in for a bank of known material. Uploads that match are blocked.",
            cancellationToken);
        await EnsureBankAsync(
            store, HoldBank, BankAction.Hold, DemoPictures.Wee,
            "STAND-INS for the demo, NOT abuse material: the hashes of a benign sample photograph (samples/images/wee.jpg), " +
            "standing in for a partner's list whose matches a person reviews first. Uploads that match are held.",
            cancellationToken);
    }

    /// <summary>Makes each demo user, or gives an existing one a new password (and enables it); returns the passwords.</summary>
    public static async Task<IReadOnlyList<(string Name, ApiKeyRole Role, string Password)>> UsersAsync(BankStore store, CancellationToken cancellationToken)
    {
        var users = new UserStore(store);
        var made = new List<(string, ApiKeyRole, string)>();
        foreach (var (name, role) in Users)
        {
            var password = UserStore.GeneratePassword();
            if (!await TryCreateAsync(users, name, role, password, cancellationToken))
            {
                await users.ResetPasswordAsync(name, password, Actor, cancellationToken);
                await users.SetDisabledAsync(name, disabled: false, Actor, cancellationToken);
            }

            made.Add((name, role, password));
        }

        return made;
    }

    /// <summary>Makes the user unless one of that name exists (or is made meanwhile by another demo start on the folder).</summary>
    private static async Task<bool> TryCreateAsync(UserStore users, string name, ApiKeyRole role, string password, CancellationToken cancellationToken)
    {
        if (await users.FindAsync(name, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await users.CreateAsync(name, role, password, Actor, cancellationToken);
            return true;
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
        {
            return false;
        }
    }

    private static async Task EnsureBankAsync(BankStore store, string name, BankAction action, string picture, string description, CancellationToken cancellationToken)
    {
        if (await store.GetBankAsync(name, cancellationToken) is null)
        {
            try
            {
                await store.CreateBankAsync(name, action: action, description: description, cancellationToken: cancellationToken);
            }
            catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
            {
                // Another demo start on the same folder made it meanwhile.
            }
        }

        var banks = await store.ListBanksAsync(cancellationToken);
        if (banks.Single(b => b.Bank.Name == name).TotalEntries > 0)
        {
            return;
        }

        var hashes = new ImageFileHasher().Hash(DemoPictures.Sample(picture));
        (SignalType Type, string Value)[] entries =
        [
            (SignalType.Pdq, hashes.Pdq.Hash.ToString()),
            (SignalType.Md5, hashes.Digests.Md5.ToString()),
            (SignalType.Sha256, hashes.Digests.Sha256.ToString()),
        ];
        foreach (var (type, value) in entries)
        {
            await store.AddEntryAsync(name, new HashListRecord(type, value, picture, "stand-in", List, null, null), Actor, cancellationToken);
        }
    }
}
