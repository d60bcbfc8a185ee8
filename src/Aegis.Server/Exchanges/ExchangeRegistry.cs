using Aegis.Exchanges;
using Aegis.Exchanges.Files;
using Aegis.Server.Hosting;

namespace Aegis.Server.Exchanges;

/// <summary>
/// The exchange APIs this server knows: the built-in ones (<see cref="ExchangeApis.BuiltIn"/>, the <c>file</c> API given
/// this server's <c>Exchanges:FileRoot</c>), then any other <see cref="IExchangeApi"/> registered in the services (tests
/// register theirs there; production registers none).
/// </summary>
internal sealed class ExchangeRegistry
{
    public ExchangeRegistry(IEnumerable<IExchangeApi> registered, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = ExchangeApis.BuiltIn
            .Select(api => api is FileExchangeApi ? new FileExchangeApi(options.Exchanges.FileRoot) : api)
            .ToList();
        foreach (var api in registered)
        {
            all.RemoveAll(a => a.Name == api.Name);
            all.Add(api);
        }

        All = all;
    }

    /// <summary>Every API, built-in first.</summary>
    public IReadOnlyList<IExchangeApi> All { get; }

    /// <summary>The API named <paramref name="name"/> (case-sensitive), or null.</summary>
    public IExchangeApi? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>The names, for a message.</summary>
    public string Names => string.Join(", ", All.Select(a => a.Name));
}
