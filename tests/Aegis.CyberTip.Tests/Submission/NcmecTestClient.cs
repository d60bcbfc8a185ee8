using Aegis.CyberTip.Submission;
using Aegis.Fakes.Ncmec;

namespace Aegis.CyberTip.Tests.Submission;

/// <summary>A <see cref="NcmecClient"/> pointed at a fake NCMEC, and the HTTP client under it.</summary>
internal sealed class NcmecTestClient : IDisposable
{
    private readonly HttpClient _http = new();

    public NcmecTestClient(FakeNcmec fake, string? password = null, TimeSpan? timeout = null)
    {
        Options = new NcmecOptions
        {
            BaseUrl = fake.BaseUrl,
            Username = fake.Username,
            Password = password ?? fake.Password,
            Timeout = timeout ?? Waits.HangGuard,
        };
        Client = new NcmecClient(_http, Options);
    }

    public NcmecOptions Options { get; }

    public NcmecClient Client { get; }

    public void Dispose() => _http.Dispose();
}
