using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aegis.Core.Gate;
using Aegis.Matching.Matching;

namespace Aegis.Server.Metrics;

/// <summary>
/// The server's figures in the Prometheus text format (<c>GET /metrics</c>): requests and their latency by route,
/// verdicts, matches by bank and hash type, retroactive matches, and the size of the indexes.
/// </summary>
internal sealed class AegisMetrics
{
    private readonly ConcurrentDictionary<(string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Verdict, long> _verdicts = new();
    private readonly ConcurrentDictionary<(string Bank, string Type), long> _matches = new();
    private long _retroactive;

    /// <summary>Gauges read at scrape time (index sizes).</summary>
    public Func<IEnumerable<(string Name, string Help, double Value)>>? Gauges { get; set; }

    public void Request(string route, int status, double seconds)
    {
        _requests.AddOrUpdate((route, status), 1, (_, n) => n + 1);
        _latency.GetOrAdd(route, _ => new Histogram()).Observe(seconds);
    }

    public void Verdict(Verdict verdict, MatchResult result)
    {
        _verdicts.AddOrUpdate(verdict, 1, (_, n) => n + 1);
        foreach (var match in result.Effective)
        {
            _matches.AddOrUpdate((match.Bank, match.Type.ToString().ToLowerInvariant()), 1, (_, n) => n + 1);
        }
    }

    public void Retroactive(int count) => Interlocked.Add(ref _retroactive, count);

    public string Render()
    {
        var text = new StringBuilder();
        Header(text, "aegis_http_requests_total", "counter", "HTTP requests by route and status.");
        foreach (var ((route, status), n) in _requests.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"aegis_http_requests_total{{route=\"{Escape(route)}\",status=\"{status}\"}} {n}\n");
        }

        Header(text, "aegis_http_request_duration_seconds", "histogram", "HTTP request latency by route.");
        foreach (var (route, histogram) in _latency.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            histogram.Write(text, "aegis_http_request_duration_seconds", $"route=\"{Escape(route)}\"");
        }

        Header(text, "aegis_verdicts_total", "counter", "Gate verdicts (uploads and hash lookups).");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            text.Append(CultureInfo.InvariantCulture, $"aegis_verdicts_total{{verdict=\"{verdict.ToString().ToLowerInvariant()}\"}} {_verdicts.GetValueOrDefault(verdict)}\n");
        }

        Header(text, "aegis_matches_total", "counter", "Matches that counted, by bank and hash type.");
        foreach (var ((bank, type), n) in _matches.OrderBy(m => m.Key.Bank, StringComparer.Ordinal).ThenBy(m => m.Key.Type, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"aegis_matches_total{{bank=\"{Escape(bank)}\",type=\"{type}\"}} {n}\n");
        }

        Header(text, "aegis_retroactive_matches_total", "counter", "Recorded content found to match a hash added to a bank later.");
        text.Append(CultureInfo.InvariantCulture, $"aegis_retroactive_matches_total {Interlocked.Read(ref _retroactive)}\n");
        foreach (var (name, help, value) in Gauges?.Invoke() ?? [])
        {
            Header(text, name, "gauge", help);
            text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
        }

        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
