using System.Xml.Linq;
using static Aegis.CyberTip.Reports.XmlValues;

namespace Aegis.CyberTip.Reports;

/// <summary>The <c>&lt;fileDetails&gt;</c> document, element by element in the schema's order.</summary>
public static partial class CyberTipXml
{
    private const int Md5Digits = 32;
    private const int Sha256Digits = 64;
    private const int PdqDigits = 64;

    private static XElement FileDetailsElement(long reportId, string fileId, CyberTipFile file)
    {
        if (reportId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reportId), reportId, "reportId: NCMEC's report ids are positive.");
        }

        if (string.IsNullOrWhiteSpace(fileId))
        {
            throw new ArgumentException("fileId is required (NCMEC's id of the uploaded file).", nameof(fileId));
        }

        CheckFile(file, "file");
        var hashes = file.Hashes;
        return new XElement("fileDetails",
            new XElement("reportId", reportId),
            new XElement("fileId", Text(fileId.Trim())),
            Element("fileName", file.FileName),
            Element("originalFileName", file.OriginalFileName),
            Element("uploadedToEspTimestamp", file.UploadedAt),
            Element("locationOfFile", file.Location),
            Element("fileViewedByEsp", file.ViewedByEsp),
            Element("publiclyAvailable", file.PubliclyAvailable),
            new XElement("fileRelevance", SchemaNames.Of(file.Relevance)),
            Annotations("fileAnnotations", file.Annotations, SchemaNames.FileAnnotations),
            file.Classification is { } classification ? new XElement("industryClassification", SchemaNames.Of(classification)) : null,
            Hash("MD5", hashes?.Md5),
            Hash("SHA256", hashes?.Sha256),
            file.UploadIp is { } ip ? IpEvent(ip) : null,
            string.IsNullOrWhiteSpace(hashes?.Pdq)
                ? null
                : new XElement("details", new XAttribute("type", "HASH"),
                    new XElement("nameValuePair", new XElement("name", "PDQ"), new XElement("value", hashes.Pdq.ToLowerInvariant()))),
            Element("additionalInfo", file.AdditionalInfo));
    }

    private static XElement? Hash(string type, string? hex) =>
        string.IsNullOrWhiteSpace(hex) ? null : new XElement("originalFileHash", new XAttribute("hashType", type), hex.ToLowerInvariant());

    private static void CheckFile(CyberTipFile file, string field)
    {
        ArgumentNullException.ThrowIfNull(file, field);
        if (string.IsNullOrWhiteSpace(file.FileName))
        {
            throw new ArgumentException($"{field}.FileName is required (the name the file is uploaded under).", field);
        }

        CheckFlags(file.Annotations, $"{field}.Annotations");
        CheckHex(file.Hashes?.Md5, Md5Digits, $"{field}.Hashes.Md5");
        CheckHex(file.Hashes?.Sha256, Sha256Digits, $"{field}.Hashes.Sha256");
        CheckHex(file.Hashes?.Pdq, PdqDigits, $"{field}.Hashes.Pdq");
        if (file.UploadIp is { } ip)
        {
            CheckIp(ip, $"{field}.UploadIp");
        }
    }

    private static void CheckHex(string? value, int digits, string field)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsHex(value, digits))
        {
            throw new ArgumentException($"{field} is not {digits} hex digits.", field);
        }
    }
}
