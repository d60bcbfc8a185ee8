using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Aegis.CyberTip.Schema;

/// <summary>
/// NCMEC's published CyberTipline schema (<c>cyber_tipline.xsd</c>, embedded; see Schema/NOTICE). Every document Aegis
/// sends is checked against it first, so an element out of order (NCMEC's 4100) is found here, never at NCMEC.
/// </summary>
public static class CyberTipSchema
{
    private static readonly Lazy<XmlSchemaSet> Set = new(Load);

    /// <summary>The compiled schema (thread-safe to validate against once compiled).</summary>
    public static XmlSchemaSet Schemas => Set.Value;

    /// <summary>The schema's text, as NCMEC serves it.</summary>
    public static string Text()
    {
        using var stream = Open();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every way the document breaks the schema (empty when it is valid); malformed XML is one error.</summary>
    public static IReadOnlyList<string> Validate(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception.LineNumber}, position {e.Exception.LinePosition}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add($"malformed XML: {e.Message}");
        }

        return errors;
    }

    /// <summary>Validates a document; throws <see cref="CyberTipSchemaException"/> listing every error when it is invalid.</summary>
    public static void EnsureValid(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = Validate(document.ToString(SaveOptions.DisableFormatting));
        if (errors.Count > 0)
        {
            throw new CyberTipSchemaException(errors);
        }
    }

    private static Stream Open() =>
        typeof(CyberTipSchema).Assembly.GetManifestResourceStream("Aegis.CyberTip.cyber_tipline.xsd")
        ?? throw new InvalidOperationException("The CyberTipline schema is not embedded in Aegis.CyberTip.");

    private static XmlSchemaSet Load()
    {
        using var stream = Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
