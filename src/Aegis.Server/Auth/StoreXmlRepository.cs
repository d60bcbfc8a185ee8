using System.Xml.Linq;
using Aegis.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Aegis.Server.Auth;

/// <summary>Data Protection's key ring kept in the store: every node reads every node's keys, and they outlive a restart.</summary>
internal sealed class StoreXmlRepository(DataProtectionKeyStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. keys.ReadAll().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) => keys.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
