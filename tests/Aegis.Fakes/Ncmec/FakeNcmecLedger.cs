using System.Security.Cryptography;

namespace Aegis.Fakes.Ncmec;

/// <summary>The fake NCMEC's reports and its step rules: who may touch which report when, and the expiry window.</summary>
internal sealed class FakeNcmecLedger(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _reports = [];
    private long _nextId = 100_001;

    public StepOutcome Submit(string username, string xml)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var entry = new Entry(_nextId++, username, xml, now);
            _reports.Add(entry);
            return StepOutcome.Success(entry.Id);
        }
    }

    public StepOutcome Upload(string username, long reportId, string fileName, byte[] bytes)
    {
        lock (_lock)
        {
            if (Open(username, reportId, out var entry) is { } refused)
            {
                return refused;
            }

            var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
            var file = new FakeNcmecFile(Guid.NewGuid().ToString("N"), fileName, bytes, md5, null);
            entry.Files.Add(file);
            entry.LastChangedAt = time.GetUtcNow();
            return StepOutcome.Success(reportId) with { FileId = file.FileId, Hash = md5 };
        }
    }

    public StepOutcome FileInfo(string username, long reportId, string fileId, string xml)
    {
        lock (_lock)
        {
            if (Open(username, reportId, out var entry) is { } refused)
            {
                return refused;
            }

            var index = entry.Files.FindIndex(f => f.FileId == fileId);
            if (index < 0)
            {
                return new StepOutcome(5002, $"File {fileId} does not exist on report {reportId}.", reportId);
            }

            if (entry.Files[index].FileInfoXml is not null)
            {
                return new StepOutcome(4000, $"Invalid request: the details of file {fileId} were already submitted.", reportId);
            }

            entry.Files[index] = entry.Files[index] with { FileInfoXml = xml };
            entry.LastChangedAt = time.GetUtcNow();
            return StepOutcome.Success(reportId) with { FileId = fileId };
        }
    }

    public StepOutcome Finish(string username, long reportId)
    {
        lock (_lock)
        {
            if (Open(username, reportId, out var entry) is { } refused)
            {
                return refused;
            }

            entry.State = FakeNcmecReportState.Finished;
            return StepOutcome.Success(reportId) with { DoneFiles = entry.Files.Select(f => f.FileId).ToList() };
        }
    }

    public StepOutcome Retract(string username, long reportId)
    {
        lock (_lock)
        {
            if (Open(username, reportId, out var entry) is { } refused)
            {
                return refused;
            }

            entry.State = FakeNcmecReportState.Retracted;
            return StepOutcome.Success(reportId);
        }
    }

    public IReadOnlyList<FakeNcmecReport> Snapshot()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            return _reports.Select(e => e.Expire(now).Snapshot()).ToList();
        }
    }

    /// <summary>Null when the report is this caller's and open; else NCMEC's refusal.</summary>
    private StepOutcome? Open(string username, long reportId, out Entry entry)
    {
        entry = _reports.FirstOrDefault(e => e.Id == reportId && e.Username == username)!;
        return entry?.Expire(time.GetUtcNow()).State switch
        {
            null => new StepOutcome(5001, $"Report {reportId} does not exist.", reportId),
            FakeNcmecReportState.Expired => new StepOutcome(5001, $"Report {reportId} does not exist (deleted unfinished).", reportId),
            FakeNcmecReportState.Finished => new StepOutcome(5102, $"Report {reportId} has already been finished.", reportId),
            FakeNcmecReportState.Retracted => new StepOutcome(5101, $"Report {reportId} has already been retracted.", reportId),
            _ => null,
        };
    }

    private sealed class Entry(long id, string username, string xml, DateTimeOffset openedAt)
    {
        public long Id { get; } = id;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        public string Username { get; } = username;

        public List<FakeNcmecFile> Files { get; } = [];

        public DateTimeOffset LastChangedAt { get; set; } = openedAt;

        public FakeNcmecReportState State { get; set; } = FakeNcmecReportState.Open;

        public Entry Expire(DateTimeOffset at)
        {
            if (State == FakeNcmecReportState.Open && at >= Snapshot().ExpiresAt)
            {
                State = FakeNcmecReportState.Expired;
            }

            return this;
        }

        public FakeNcmecReport Snapshot() => new(Id, Username, xml, OpenedAt, LastChangedAt, State, Files.ToList());
    }
}

/// <summary>A step's result: NCMEC's code and what its answer carries.</summary>
internal sealed record StepOutcome(int Code, string Description, long? ReportId = null)
{
    public string? FileId { get; init; }

    public string? Hash { get; init; }

    /// <summary>Set on a finished report: the answer is a reportDoneResponse listing these file ids.</summary>
    public IReadOnlyList<string>? DoneFiles { get; init; }

    public static StepOutcome Success(long? reportId) => new(0, "Success", reportId);
}
