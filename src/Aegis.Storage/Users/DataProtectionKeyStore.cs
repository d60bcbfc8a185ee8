using Aegis.Storage.Model;

namespace Aegis.Storage;

/// <summary>
/// ASP.NET Core Data Protection's keys, kept in the store so that every node reads what any node protected (session
/// cookies, antiforgery tokens) and a restart signs no one out. Synchronous, as Data Protection's key repository is.
/// </summary>
public sealed class DataProtectionKeyStore(BankStore store)
{
    /// <summary>Every key's XML, oldest first.</summary>
    public IReadOnlyList<string> ReadAll()
    {
        using var db = store.CreateContext();
        return [.. db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml)];
    }

    /// <summary>Keeps a new key.</summary>
    public void Add(string? friendlyName, string xml)
    {
        using var db = store.CreateContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = xml });
        db.SaveChanges();
    }
}
