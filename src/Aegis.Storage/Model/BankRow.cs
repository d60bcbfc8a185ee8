using Aegis.Matching.Banks;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>banks</c>.</summary>
internal sealed class BankRow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int PdqThreshold { get; set; }

    public BankAction Action { get; set; }

    public BankKind Kind { get; set; }

    public bool Enabled { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Bank ToBank() => new(Name, PdqThreshold, Action, Kind, Enabled, Description, CreatedAt);
}
