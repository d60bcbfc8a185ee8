using Aegis.CyberTip.Reports;
using static Aegis.CyberTip.Tests.Reports.Documents;

namespace Aegis.CyberTip.Tests.Reports;

public sealed class CyberTipFileDetailsXmlTests
{
    [Fact]
    public void An_images_details_carry_its_classification_hashes_and_upload_valid_against_NCMECs_schema()
    {
        var image = Samples.FoundingUploads[1];

        var details = Valid(CyberTipXml.FileDetails(123_456_789, "f0a1b2", image)).Root!;

        Assert.Equal(
            ["reportId", "fileId", "fileName", "originalFileName", "uploadedToEspTimestamp", "locationOfFile", "fileViewedByEsp",
                "publiclyAvailable", "fileRelevance", "industryClassification", "originalFileHash", "originalFileHash", "ipCaptureEvent", "details"],
            Children(details));
        Assert.Equal("123456789", Value(details, "reportId"));
        Assert.Equal("f0a1b2", Value(details, "fileId"));
        Assert.Equal("item-2.jpg", Value(details, "fileName"));
        Assert.Equal("2025-11-02T21:15:09+01:00", Value(details, "uploadedToEspTimestamp"));
        Assert.Equal("https://social.example/p/2", Value(details, "locationOfFile"));
        Assert.Equal("true", Value(details, "fileViewedByEsp"));
        Assert.Equal("false", Value(details, "publiclyAvailable"));
        Assert.Equal("B1", Value(details, "industryClassification"));
        Assert.Equal(
            [("MD5", Samples.Hex("item-2.jpg", 32)), ("SHA256", Samples.Hex("item-2.jpg", 64))],
            details.Elements("originalFileHash").Select(hash => (hash.Attribute("hashType")!.Value, hash.Value)));
        Assert.Equal("HASH", details.Element("details")!.Attribute("type")!.Value);
        Assert.Equal("PDQ", Value(details, "name"));
        Assert.Equal(Samples.Hex("item-2.jpg", 64), Value(details, "value"));
        Assert.Equal("2001:db8::7", Value(details, "ipAddress"));
        Assert.Equal("Upload", Value(details, "eventName"));
    }

    [Fact]
    public void A_videos_details_have_no_PDQ_and_are_valid_against_NCMECs_schema()
    {
        var details = Valid(CyberTipXml.FileDetails(1, "f1", Samples.FoundingUploads[0])).Root!;

        Assert.Empty(details.Elements("details"));
        Assert.Equal(2, details.Elements("originalFileHash").Count());
    }

    [Fact]
    public void A_bare_file_with_annotations_is_valid_against_NCMECs_schema()
    {
        var file = new CyberTipFile("chat.png")
        {
            Relevance = CyberTipFileRelevance.SupplementalReported,
            Annotations = CyberTipFileAnnotations.PossibleSelfProduction | CyberTipFileAnnotations.GenerativeAi,
        };

        var details = Valid(CyberTipXml.FileDetails(2, "f2", file)).Root!;

        Assert.Equal("Supplemental Reported", Value(details, "fileRelevance"));
        Assert.Equal(["possibleSelfProduction", "generativeAi"], Children(details.Element("fileAnnotations")!));
    }

    [Theory]
    [InlineData("abc", null, "file.Hashes.Md5")]
    [InlineData(null, "zz", "file.Hashes.Sha256")]
    public void A_malformed_hash_is_refused_naming_the_field(string? md5, string? sha256, string field)
    {
        var file = new CyberTipFile("a.jpg") { Hashes = new CyberTipFileHashes(md5, sha256, null) };

        var error = Assert.Throws<ArgumentException>(() => CyberTipXml.FileDetails(1, "f", file));

        Assert.StartsWith(field + " is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_id_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => CyberTipXml.FileDetails(1, " ", new CyberTipFile("a.jpg")));

        Assert.Equal("fileId", error.ParamName);
    }
}
