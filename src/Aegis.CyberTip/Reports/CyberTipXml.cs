using System.Text;
using System.Xml;
using System.Xml.Linq;
using Aegis.CyberTip.Schema;

namespace Aegis.CyberTip.Reports;

/// <summary>
/// The documents of a CyberTipline report: the <c>&lt;report&gt;</c> submitted first, and each uploaded file's
/// <c>&lt;fileDetails&gt;</c>. Elements are written in the schema's order (NCMEC refuses any other with 4100), every text
/// escaped, times as <c>xs:dateTime</c> with their offset; each document is validated against NCMEC's schema before it is
/// returned, so an invalid one is never sent (<see cref="CyberTipSchemaException"/>). A model missing what NCMEC needs, or
/// holding a value the schema cannot take, is an <see cref="ArgumentException"/> naming the field.
/// </summary>
public static partial class CyberTipXml
{
    /// <summary>
    /// The <c>&lt;report&gt;</c> document (UTF-8, with its XML declaration). Every file of the report is checked too, so
    /// a report whose files cannot be described is refused before it is opened at NCMEC.
    /// </summary>
    /// <exception cref="ArgumentException">The model lacks what NCMEC needs or holds a value the schema cannot take.</exception>
    /// <exception cref="CyberTipSchemaException">The document is not valid against NCMEC's schema.</exception>
    public static string Report(CyberTipReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Validated(ReportElement(report));
    }

    /// <summary>The <c>&lt;fileDetails&gt;</c> document for one uploaded file (UTF-8, with its XML declaration).</summary>
    /// <param name="reportId">NCMEC's id of the open report (from submit).</param>
    /// <param name="fileId">NCMEC's id of the uploaded file (from upload).</param>
    /// <param name="file">What to say about the file.</param>
    /// <exception cref="ArgumentException">The ids or the file lack what NCMEC needs or hold a value the schema cannot take.</exception>
    /// <exception cref="CyberTipSchemaException">The document is not valid against NCMEC's schema.</exception>
    public static string FileDetails(long reportId, string fileId, CyberTipFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Validated(FileDetailsElement(reportId, fileId, file));
    }

    private static string Validated(XElement root)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(root).Save(writer);
        }

        var xml = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        var errors = CyberTipSchema.Validate(xml);
        if (errors.Count > 0)
        {
            throw new CyberTipSchemaException(errors);
        }

        return xml;
    }
}
