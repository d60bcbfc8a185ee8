namespace Aegis.Fakes.Ncmec;

/// <summary>A file uploaded to a report: the bytes received, their MD5, and the fileDetails XML when one came.</summary>
public sealed record FakeNcmecFile(string FileId, string FileName, byte[] Bytes, string Md5, string? FileInfoXml);
