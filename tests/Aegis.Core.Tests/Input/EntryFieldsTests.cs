using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Core.Tests.Input;

public sealed class EntryFieldsTests
{
    private static readonly HashListRecord Record = new(SignalType.Md5, new string('a', 32), "ncmec-123", "A1", "ncmec-2026-11", null, "import");

    [Fact]
    public void An_entry_with_ordinary_ids_and_labels_is_fine()
    {
        Assert.Null(EntryFields.Validate(Record));
        Assert.Null(EntryFields.Validate(Record with { ExternalId = null, Category = null, List = null, AddedBy = null }));
    }

    public static TheoryData<HashListRecord, string> Bad => new()
    {
        { Record with { ExternalId = new string('9', Identifier.MaxLength + 1) }, "external_id is at most 256 characters" },
        { Record with { ExternalId = "id\n2" }, "external_id may not hold a control character" },
        { Record with { Category = "A1\u202E" }, "category may not hold a bidirectional" },
        { Record with { List = "" }, "list is required" },
        { Record with { AddedBy = "a\0" }, "added_by may not hold a control character" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_field_that_cannot_be_stored_is_named(HashListRecord record, string why) =>
        Assert.Contains(why, EntryFields.Validate(record), StringComparison.Ordinal);

    [Fact]
    public void A_record_whose_fields_cannot_be_stored_becomes_a_bad_line_and_others_pass_through()
    {
        var good = new HashListItem(3, Record, null);
        var bad = new HashListItem(4, Record with { ExternalId = new string('9', 300) }, null);
        var error = new HashListItem(5, null, new HashListError(5, "PDQ hash must be 64 hex characters, got 63", "pdq 00"));

        Assert.Equal(good, EntryFields.Check(good));
        Assert.Equal(error, EntryFields.Check(error));
        var checkedBad = EntryFields.Check(bad);
        Assert.Null(checkedBad.Record);
        Assert.Equal("line 4: external_id is at most 256 characters; got 300.", checkedBad.Error!.ToString());
    }
}
