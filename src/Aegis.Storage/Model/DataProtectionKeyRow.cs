namespace Aegis.Storage.Model;

/// <summary>A row of <c>data_protection_keys</c>: one ASP.NET Core Data Protection key, as the XML it writes.</summary>
internal sealed class DataProtectionKeyRow
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
