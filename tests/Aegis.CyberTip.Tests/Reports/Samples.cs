using Aegis.Core.Cases;
using Aegis.CyberTip.Reports;

namespace Aegis.CyberTip.Tests.Reports;

/// <summary>Benign stand-ins for the cases the reports are built from (no real material: names, hashes and URLs only).</summary>
internal static class Samples
{
    public const string Person = "acct-1001";
    public const string Victim = "acct-3001";
    public static readonly DateTimeOffset Start = new(2025, 11, 2, 21, 14, 9, TimeSpan.FromHours(1));

    public static CyberTipReporter Reporter { get; } = new("cybertip@social.example")
    {
        FirstName = "Robin",
        LastName = "Trust",
        Phone = "+1 555 0100",
        CompanyName = "Example Social Ltd",
        ServiceName = "Example Social",
        CompanyTemplate = "Legal process: legal@social.example. Data kept 90 days.",
        LegalUrl = "https://social.example/legal",
    };

    /// <summary>
    /// The founding case: one account uploaded a video and an image; three other accounts uploaded copies of them; a
    /// 13-year-old reported it themselves. Every upload, the copies included, as the gate recorded them.
    /// </summary>
    public static IReadOnlyList<CyberTipFile> FoundingUploads { get; } =
    [
        Upload("item-1.mp4", Person, "203.0.113.7", 0, "https://social.example/p/1"),
        Upload("item-2.jpg", Person, "2001:db8::7", 1, "https://social.example/p/2"),
        Upload("item-7.mp4", "acct-2001", "198.51.100.21", 2, "https://social.example/p/7"),
        Upload("item-8.jpg", "acct-2002", "198.51.100.22", 3, "https://social.example/p/8"),
        Upload("item-9.jpg", "acct-2003", "198.51.100.23", 4, "https://social.example/p/9"),
    ];

    public static CyberTipReport Founding(IReadOnlyList<CyberTipFile> files) =>
        new(
            new CyberTipIncident(CyberTipIncidentType.ChildSexualAbuseMaterial, Start)
            {
                Annotations = CyberTipReportAnnotations.Sextortion,
                AtDescription = "Time of the account's first upload.",
            },
            Reporter,
            new CyberTipReportedPerson(Person)
            {
                ScreenName = "sunny_day",
                ProfileUrl = "https://social.example/u/sunny_day",
                IpEvents =
                [
                    new CyberTipIpEvent("192.0.2.1", CyberTipIpEventKind.Login, Start.AddMinutes(-5)),
                    .. files.Where(file => file.UploadIp is not null).Select(file => file.UploadIp!),
                ],
            },
            [new CyberTipVictim(Victim) { Age = 13, Minor = true, ReportedThemselves = true }],
            files);

    public static CyberTipFile Upload(string name, string account, string ip, int minutes, string url) =>
        new(name)
        {
            OriginalFileName = "IMG_" + name,
            UploadedBy = account,
            UploadedAt = Start.AddMinutes(minutes),
            UploadIp = new CyberTipIpEvent(ip, CyberTipIpEventKind.Upload, Start.AddMinutes(minutes)),
            Location = url,
            ViewedByEsp = true,
            PubliclyAvailable = false,
            Classification = NcmecClassification.B1,
            Hashes = new CyberTipFileHashes(Hex(name, 32), Hex(name, 64), name.EndsWith(".jpg", StringComparison.Ordinal) ? Hex(name, 64) : null),
        };

    /// <summary>A text-only sextortion: messages, no media.</summary>
    public static CyberTipReport TextOnlySextortion() =>
        new(
            new CyberTipIncident(CyberTipIncidentType.OnlineEnticement, Start)
            {
                Annotations = CyberTipReportAnnotations.Sextortion,
                Chat = new CyberTipChat(
                [
                    new CyberTipMessage(Start, Person, Victim, "send me a picture or I tell everyone"),
                    new CyberTipMessage(Start.AddMinutes(1), Victim, Person, "no, stop"),
                    new CyberTipMessage(Start.AddMinutes(2), Person, Victim, "last chance.\nI mean it"),
                ]),
            },
            Reporter,
            new CyberTipReportedPerson(Person) { IpEvents = [new CyberTipIpEvent("203.0.113.7", CyberTipIpEventKind.Login, Start)] },
            [new CyberTipVictim(Victim) { Age = 14, Minor = true, ReportedThemselves = true }],
            []);

    /// <summary>Deterministic hex of the given length, different for each seed.</summary>
    public static string Hex(string seed, int digits)
    {
        var bytes = System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return Convert.ToHexStringLower(bytes)[..digits];
    }
}
