namespace Aegis.Fakes.Exchanges;

/// <summary>An entry of the fake Tech Against Terrorism hash list, as a test sets it.</summary>
/// <param name="Id">TCAP's id for it.</param>
/// <param name="HashDigest">The hash.</param>
/// <param name="Algorithm"><c>PDQ</c>, <c>MD5</c>, ...</param>
/// <param name="UpdatedOn">When it last changed, unix seconds with a fraction: the list's order.</param>
/// <param name="Ideology"><c>islamist</c>, <c>far-right</c>, ...</param>
/// <param name="FileType">The file's extension.</param>
/// <param name="Deleted">A deletion.</param>
public sealed record FakeTatEntry(long Id, string HashDigest, string Algorithm, double UpdatedOn, string Ideology = "islamist", string FileType = "mp4", bool Deleted = false);
