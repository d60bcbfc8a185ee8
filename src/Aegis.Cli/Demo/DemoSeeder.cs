using Aegis.Core.Cases;
using Aegis.Core.Evidence;
using Aegis.Core.Reports;
using Aegis.Server.Cases;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Cli.Demo;

/// <summary>
/// The demo's platform and reviewers, acting in process through the server's own services, as its API would call them:
/// uploads through the gate (<see cref="MediaGate"/>), reports, flags, exposure counts, claims and decisions through
/// <see cref="CaseService"/>. Each step waits until the evidence of the case it touched is preserved (the gate keeps the
/// bytes of what it holds or blocks; the vault fetches reported items from the demo platform), so no clock move finds a
/// fetch under way.
/// </summary>
internal sealed class DemoSeeder(IServiceProvider services, DemoClock clock)
{
    /// <summary>The longest a step waits for its case's evidence before going on (the vault keeps trying by itself).</summary>
    private static readonly TimeSpan EvidenceWait = TimeSpan.FromSeconds(30);

    /// <summary>Who the reports and counts come from: the platform's API key, by its name.</summary>
    public const string Platform = "demo-platform";

    private readonly MediaGate _gate = services.GetRequiredService<MediaGate>();
    private readonly CaseService _cases = services.GetRequiredService<CaseService>();
    private readonly EvidenceVault _vault = services.GetRequiredService<EvidenceVault>();

    /// <summary>Cases the demo opened, in order.</summary>
    public List<long> Cases { get; } = [];

    /// <summary>Items whose evidence was still being fetched when its step went on.</summary>
    public List<string> Unpreserved { get; } = [];

    /// <summary>Moves the clock to <paramref name="minutesAgo"/> before the end of the story, and escalates what that made overdue (as the SLA worker would, a second later).</summary>
    public async Task AtAsync(int minutesAgo, CancellationToken cancellationToken)
    {
        clock.MoveTo(TimeSpan.FromMinutes(minutesAgo));
        await _cases.EscalateDueAsync(cancellationToken);
    }

    /// <summary>An upload through the gate; a reshare names its parent.</summary>
    public async Task<GateResponse> UploadAsync(string contentId, string uploader, string? parent, CancellationToken cancellationToken)
    {
        // A copy: the gate encrypts a held or blocked upload's buffer in place.
        var bytes = (DemoMedia.Bytes(contentId) ?? throw new InvalidOperationException($"The demo has no picture for {contentId}.")).ToArray();
        var request = new GateRequest(contentId, uploader, Ip(uploader), clock.GetUtcNow(), parent);
        var answer = await _gate.UploadAsync(request, bytes, null, "image/jpeg", cancellationToken);
        if (answer.CaseId is { } caseId)
        {
            await OpenedAsync(caseId, cancellationToken);
        }

        return answer;
    }

    /// <summary>The platform's view and share counts for an item.</summary>
    public Task ExposureAsync(string contentId, long views, long shares, CancellationToken cancellationToken) =>
        _cases.RecordExposureAsync(contentId, views, shares, cancellationToken);

    /// <summary>A report from the platform's report button (no reporter: anonymous); returns the case it opened or joined.</summary>
    public Task<long> ReportAsync(
        string contentId, ReportCategory category, string? reporter, string text, CancellationToken cancellationToken, bool isSubject = false, bool? minor = null) =>
        IntakeAsync(new ReportIntake([contentId], category, reporter is null ? ReportSource.Anonymous : ReportSource.User, isSubject, minor, reporter, text), Platform, cancellationToken);

    /// <summary>A trusted flagger's flag (the flagger's own key, by its name); returns its case.</summary>
    public Task<long> FlagAsync(string contentId, ReportCategory category, string flagger, string text, CancellationToken cancellationToken) =>
        IntakeAsync(new ReportIntake([contentId], category, ReportSource.TrustedFlagger, false, null, flagger, text), flagger, cancellationToken);

    public Task ClaimAsync(long caseId, string reviewer, CancellationToken cancellationToken) => _cases.ClaimAsync(caseId, reviewer, cancellationToken);

    public Task DecideAsync(long caseId, Decision decision, CancellationToken cancellationToken) => _cases.DecideAsync(caseId, decision, cancellationToken);

    private async Task<long> IntakeAsync(ReportIntake intake, string actor, CancellationToken cancellationToken)
    {
        var result = (await _cases.ReportAsync(intake, actor, cancellationToken)).Single();
        var caseId = result.CaseId ?? throw new InvalidOperationException($"The demo's report on {result.ContentId} opened no case ({result.Action}).");
        await OpenedAsync(caseId, cancellationToken);
        return caseId;
    }

    private async Task OpenedAsync(long caseId, CancellationToken cancellationToken)
    {
        if (!Cases.Contains(caseId))
        {
            Cases.Add(caseId);
        }

        var deadline = DateTime.UtcNow + EvidenceWait;
        while (true)
        {
            var waiting = (await _vault.ListAsync(caseId, cancellationToken)).Where(i => i.State == EvidenceState.Fetching).ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Unpreserved.AddRange(waiting.Select(i => i.ContentId));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>A documentation address (RFC 5737) per account: never a real one.</summary>
    private static string Ip(string account) => $"192.0.2.{(account.Sum(c => c) % 250) + 1}";
}
