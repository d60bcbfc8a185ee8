using Aegis.CyberTip.Submission;
using Aegis.Server.Hosting;

namespace Aegis.Server.CyberTip;

/// <summary>The reporting API as the settings give it: NCMEC's client, or, with no credentials, a refusal on every call.</summary>
internal static class NcmecConnection
{
    public static NcmecOptions Options(CyberTipOptions o) => new()
    {
        Environment = string.Equals(o.Environment, "Production", StringComparison.OrdinalIgnoreCase) ? NcmecEnvironment.Production : NcmecEnvironment.Test,
        BaseUrl = string.IsNullOrWhiteSpace(o.BaseUrl) ? null : new Uri(o.BaseUrl, UriKind.Absolute),
        Username = o.Username ?? "",
        Password = o.Password ?? "",
        Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
    };

    public static INcmecReporting Create(CyberTipOptions o, HttpClient http) =>
        o.HasCredentials ? new NcmecClient(http, Options(o)) : new Unconfigured();

    private sealed class Unconfigured : INcmecReporting
    {
        public Task<NcmecAnswer> StatusAsync(CancellationToken cancellationToken) => throw Refused();

        public Task<NcmecAnswer<long>> SubmitAsync(string reportXml, CancellationToken cancellationToken) => throw Refused();

        public Task<NcmecAnswer<NcmecUploadedFile>> UploadAsync(long reportId, string fileName, Stream content, CancellationToken cancellationToken) => throw Refused();

        public Task<NcmecAnswer> FileInfoAsync(string fileDetailsXml, CancellationToken cancellationToken) => throw Refused();

        public Task<NcmecAnswer<NcmecFinished>> FinishAsync(long reportId, CancellationToken cancellationToken) => throw Refused();

        public Task<NcmecAnswer> RetractAsync(long reportId, CancellationToken cancellationToken) => throw Refused();

        private static NcmecException Refused() =>
            new("No NCMEC credentials are configured (CyberTip:Username, CyberTip:Password).", null, null, null, retryable: false);
    }
}
