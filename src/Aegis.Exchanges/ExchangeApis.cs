namespace Aegis.Exchanges;

/// <summary>The exchange APIs Aegis knows, by name (HMA's <c>/c/exchanges/apis</c> lists them in this order).</summary>
public static class ExchangeApis
{
    /// <summary>Every built-in API.</summary>
    public static IReadOnlyList<IExchangeApi> BuiltIn { get; } =
    [
        // Each API adds itself here: ncmec, stop_ncii, tat, fb_threatexchange, file, aegis.
        new Ncmec.NcmecHashSharingApi(),
        new StopNcii.StopNciiApi(),
        new Tat.TatApi(),
        new ThreatExchange.ThreatExchangeApi(),
        Files.FileExchangeApi.Default,
        new AegisFeed.AegisFeedApi(),
    ];

    /// <summary>The API named <paramref name="name"/> (case-sensitive, as HMA), or null.</summary>
    public static IExchangeApi? Find(string name) => BuiltIn.FirstOrDefault(a => a.Name == name);
}
