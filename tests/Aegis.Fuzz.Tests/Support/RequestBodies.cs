namespace Aegis.Fuzz.Tests.Support;

/// <summary>A valid body for each request the API reads, the seeds the JSON fuzzers mutate. The hashes are random stand-ins.</summary>
internal static class RequestBodies
{
    private const string Pdq = "d934645e6e3d96211001f361e2eb3c3a156835573241f936302c2dbcd3671850";
    private const string Md5 = "8e182207bb82e623d40ff667850202a5";
    private const string Sha256 = "9254aa4932e94d7cc518de7664feb608a6e14842de071816b89b9fdde0bc8d4b";

    /// <summary>A vPDQ signal as a JSON string's content (its quotes escaped).</summary>
    private const string Vpdq = "[\\\"" + Pdq + ",100,0.0\\\", \\\"" + Pdq + ",87,1.0\\\"]";

    public static string CreateBank { get; } =
        """{"name":"bank-1","pdq_threshold":31,"action":"block","kind":"ordinary","description":"d","video":{"query_percent":80,"containment_percent":80.5,"segment_frames":5}}""";

    public static string UpdateBank { get; } =
        """{"pdq_threshold":20,"action":"hold","kind":"negative","enabled":true,"description":"","video":{"query_percent":101,"containment_percent":0,"segment_frames":1}}""";

    public static string AddEntry { get; } = Fill("""{"signal_type":"pdq","value":"PDQ","list":"l","external_id":"e-1","category":"c"}""");

    public static string AddVpdqEntry { get; } = Fill("""{"signal_type":"vpdq","value":"VPDQ"}""");

    public static string UpdateEntry { get; } = """{"enabled":false}""";

    public static string Lookup { get; } = Fill(
        """{"content_id":"post-1","uploader_id":"u-1","uploader_ip":"192.0.2.1","uploaded_at":"2025-01-31T12:00:00Z","parent_content_id":"post-0","pdq":"PDQ","md5":"MD5","sha256":"SHA256","vpdq":"VPDQ"}""");

    public static string Report { get; } =
        """{"content_ids":["post-1","post-2"],"category":"other_policy","reporter_is_subject":false,"subject_was_minor":null,"reporter_id":"r-1","text":"t"}""";

    public static string Decision { get; } = """{"kind":"confirm_csam","reason":"r","classification":"a1"}""";

    public static string Exposure { get; } = """{"views":10,"shares":9223372036854775807}""";

    public static string Appeal { get; } = """{"account_id":"u-1","text":"t"}""";

    public static string AppealDecision { get; } = """{"overturn":true,"reason":"r"}""";

    public static string HmaCreateBank { get; } = """{"name":"FUZZ_BANK_1","enabled":true,"enabled_ratio":"1.0"}""";

    public static string HmaUpdateBank { get; } = """{"enabled_ratio":0.5,"enabled":"yes"}""";

    public static string HmaSignals { get; } = Fill(
        """{"pdq":"PDQ","video_md5":"MD5","metadata":{"content_id":"c-1","content_uri":"https://example.com/a","json":{"k":[1]}},"note":"n"}""");

    public static string HmaCompare { get; } = Fill("""{"pdq":["PDQ","PDQ"],"vpdq":["VPDQ","VPDQ"]}""");

    private static string Fill(string body) => body
        .Replace("\"VPDQ\"", "\"" + Vpdq + "\"", StringComparison.Ordinal)
        .Replace("\"PDQ\"", "\"" + Pdq + "\"", StringComparison.Ordinal)
        .Replace("\"MD5\"", "\"" + Md5 + "\"", StringComparison.Ordinal)
        .Replace("\"SHA256\"", "\"" + Sha256 + "\"", StringComparison.Ordinal);
}
