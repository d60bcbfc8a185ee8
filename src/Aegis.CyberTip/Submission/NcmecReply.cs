using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Aegis.CyberTip.Submission;

/// <summary>
/// NCMEC's answer as its schema defines it: a <c>reportResponse</c> (status, submit, upload, fileinfo, retract and any
/// refusal) or a <c>reportDoneResponse</c> (a finished report). Either root is accepted on every endpoint.
/// </summary>
internal sealed record NcmecReply(int Code, string? Description, long? ReportId, string? FileId, string? Hash, IReadOnlyList<string> FileIds)
{
    /// <summary>Reads an answer; a body that is not one of NCMEC's answers gives null and says why in <paramref name="problem"/>.</summary>
    public static NcmecReply? TryParse(string body, out string problem)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(body), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            problem = body.Length == 0 ? "an empty body" : $"not XML ({e.Message})";
            return null;
        }

        var root = document.Root!;
        if (root.Name.LocalName is not ("reportResponse" or "reportDoneResponse"))
        {
            problem = $"an XML document <{root.Name.LocalName}> instead of reportResponse or reportDoneResponse";
            return null;
        }

        if (!int.TryParse(Child(root, "responseCode"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
        {
            problem = $"a <{root.Name.LocalName}> without a numeric responseCode";
            return null;
        }

        long? reportId = long.TryParse(Child(root, "reportId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var files = root.Elements().FirstOrDefault(e => e.Name.LocalName == "files")?.Elements()
            .Where(e => e.Name.LocalName == "fileId").Select(e => e.Value.Trim()).ToList() ?? [];
        problem = "";
        return new NcmecReply(code, Child(root, "responseDescription"), reportId, Child(root, "fileId"), Child(root, "hash"), files);
    }

    private static string? Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
}
