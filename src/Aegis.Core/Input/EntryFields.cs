using Aegis.Matching.Formats;

namespace Aegis.Core.Input;

/// <summary>
/// The limits on what a bank entry carries besides its hash: its external id, list, category and who added it are
/// ids and labels (<see cref="Identifier"/>). The hash itself is checked against its type where it is parsed.
/// </summary>
public static class EntryFields
{
    /// <summary>Why the record's fields cannot be stored (naming the field), or null.</summary>
    public static string? Validate(HashListRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Identifier.ValidateOptional("external_id", record.ExternalId)
            ?? Identifier.ValidateOptional("category", record.Category)
            ?? Identifier.ValidateOptional("list", record.List)
            ?? Identifier.ValidateOptional("added_by", record.AddedBy);
    }

    /// <summary>
    /// The item as read, or, for a record whose fields cannot be stored, a line error like any other bad line (its
    /// <see cref="HashListError.Text"/> is empty: the reader has moved past the line).
    /// </summary>
    public static HashListItem Check(HashListItem item) =>
        item.Record is { } record && Validate(record) is { } problem
            ? new HashListItem(item.Line, null, new HashListError(item.Line, problem, ""))
            : item;
}
