using System.Xml;
using System.Xml.Linq;

namespace Aegis.Exchanges.Http;

/// <summary>
/// Reads an exchange's XML without trusting it: no DTD (a document type or entity declaration is refused, so nothing
/// expands and nothing is fetched), no external resolver, comments and processing instructions dropped, and no nesting
/// deeper than <see cref="MaxDepth"/> (checked in a first streaming pass: building a tree of deeply nested elements
/// takes time quadratic in the depth, 30 s for 100,000 levels).
/// </summary>
internal static class SafeXml
{
    /// <summary>The deepest nesting read; the exchanges' documents are under ten levels deep.</summary>
    public const int MaxDepth = 64;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    /// <summary>The document's root, or an <see cref="ExchangeException"/> (<see cref="ExchangeError.BadResponse"/>) saying why not.</summary>
    /// <param name="body">The bytes (any encoding the XML declaration names).</param>
    /// <param name="what">What the document is, for the message ("NCMEC's answer to GET /v2/entries").</param>
    public static XElement Parse(byte[] body, string what)
    {
        try
        {
            using (var scan = XmlReader.Create(new MemoryStream(body), Settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                    {
                        throw new ExchangeException(ExchangeError.BadResponse, $"{what} nests elements more than {MaxDepth} deep.");
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(body), Settings);
            return XDocument.Load(reader).Root ?? throw new ExchangeException(ExchangeError.BadResponse, $"{what} has no root element.");
        }
        catch (XmlException e)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"{what} is not well-formed XML: {e.Message}", e);
        }
    }
}
