using System.Security.Cryptography;
using Aegis.Hashing.Digests;

namespace Aegis.Hashing.Tests.Digests;

public sealed class StreamingDigestsTests
{
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(100, 7)]
    [InlineData(StreamingDigests.Step * 3 + 12_345, 65_536)]
    [InlineData(StreamingDigests.Step * 2, StreamingDigests.Step * 2)]
    public void Bytes_digested_as_they_arrive_have_the_digests_of_the_whole(int size, int chunk)
    {
        // Given bytes that arrive in chunks, the received prefix passed each time
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using var digests = new StreamingDigests();
        for (var received = Math.Min(chunk, size); received < size; received = Math.Min(size, received + chunk))
        {
            digests.Append(bytes.AsMemory(0, received));
        }

        // When the last arrives
        var result = digests.Finish(bytes);

        // Then they are the digests of the whole, as computed at once (on two threads from 1 MB) and by .NET directly
        Assert.Equal(Md5Hash.FromBytes(MD5.HashData(bytes)), result.Md5);
        Assert.Equal(Sha256Hash.FromBytes(SHA256.HashData(bytes)), result.Sha256);
        Assert.Equal(FileDigests.Of(bytes), result);
    }
}
