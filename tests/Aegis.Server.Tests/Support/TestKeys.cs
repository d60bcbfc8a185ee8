namespace Aegis.Server.Tests.Support;

/// <summary>The evidence master key test servers on PostgreSQL share (a PostgreSQL server refuses to start without one).</summary>
public static class TestKeys
{
    public const string EvidenceKeyId = "test";

    /// <summary>Base64 of 32 bytes of 0x07: a test key, never a secret.</summary>
    public static readonly string EvidenceKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
}
