using System.Xml.Linq;
using Aegis.CyberTip.Schema;

namespace Aegis.CyberTip.Tests.Reports;

/// <summary>Reading the built documents back.</summary>
internal static class Documents
{
    /// <summary>Asserts the document is valid against NCMEC's schema (independently of the builder's own check) and parses it.</summary>
    public static XDocument Valid(string xml)
    {
        Assert.Empty(CyberTipSchema.Validate(xml));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        return XDocument.Parse(xml);
    }

    public static IReadOnlyList<string> Children(XElement element) => element.Elements().Select(child => child.Name.LocalName).ToList();

    public static IReadOnlyList<string> Values(XContainer container, string name) => container.Descendants(name).Select(element => element.Value).ToList();

    public static string Value(XContainer container, string name) => Assert.Single(container.Descendants(name)).Value;
}
