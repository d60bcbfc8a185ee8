using System.Xml.Linq;
using Aegis.CyberTip.Reports;
using Aegis.CyberTip.Schema;

namespace Aegis.CyberTip.Tests.Reports;

public sealed class CyberTipSchemaOrderTests
{
    [Fact]
    public void A_report_with_the_reporter_after_the_reported_person_is_caught_by_the_schema()
    {
        var document = XDocument.Parse(CyberTipXml.Report(Samples.TextOnlySextortion()));
        var reporter = document.Root!.Element("reporter")!;
        reporter.Remove();
        document.Root.Element("personOrUserReported")!.AddAfterSelf(reporter);

        var errors = CyberTipSchema.Validate(document.ToString());

        Assert.NotEmpty(errors);
        Assert.Contains(errors, error => error.Contains("personOrUserReported", StringComparison.Ordinal) || error.Contains("reporter", StringComparison.Ordinal));
        Assert.Throws<CyberTipSchemaException>(() => CyberTipSchema.EnsureValid(document));
    }

    [Fact]
    public void File_details_with_the_file_id_before_the_report_id_are_caught_by_the_schema()
    {
        var document = XDocument.Parse(CyberTipXml.FileDetails(1, "f1", Samples.FoundingUploads[1]));
        var reportId = document.Root!.Element("reportId")!;
        reportId.Remove();
        document.Root.Element("fileId")!.AddAfterSelf(reportId);

        Assert.NotEmpty(CyberTipSchema.Validate(document.ToString()));
    }
}
