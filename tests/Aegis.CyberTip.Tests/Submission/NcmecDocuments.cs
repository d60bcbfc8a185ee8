namespace Aegis.CyberTip.Tests.Submission;

/// <summary>The smallest documents NCMEC's schema accepts, written by hand (the real builder lives in Reports/).</summary>
internal static class NcmecDocuments
{
    /// <summary>A report: its incident summary (type and time) and the reporter, in schema order.</summary>
    public const string Report =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <report>
          <incidentSummary>
            <incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>
            <incidentDateTime>2026-01-02T03:04:05Z</incidentDateTime>
          </incidentSummary>
          <reporter>
            <reportingPerson>
              <firstName>Trust</firstName>
              <lastName>Safety</lastName>
            </reportingPerson>
          </reporter>
        </report>
        """;

    /// <summary>The same report with its reporter before its incident summary: well-formed, out of schema order (4100).</summary>
    public const string ReportOutOfOrder =
        """
        <report>
          <reporter><reportingPerson /></reporter>
          <incidentSummary>
            <incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>
            <incidentDateTime>2026-01-02T03:04:05Z</incidentDateTime>
          </incidentSummary>
        </report>
        """;

    /// <summary>The details of one uploaded file.</summary>
    public static string FileDetails(long reportId, string fileId, string fileName = "photo.png") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <fileDetails>
          <reportId>{reportId}</reportId>
          <fileId>{fileId}</fileId>
          <fileName>{fileName}</fileName>
          <fileViewedByEsp>true</fileViewedByEsp>
        </fileDetails>
        """;

    /// <summary>Benign bytes standing in for a file (tests never handle real material).</summary>
    public static byte[] File(int seed, int length = 4096)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
