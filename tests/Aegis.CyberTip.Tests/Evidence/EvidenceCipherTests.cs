using System.Security.Cryptography;
using System.Text;
using Aegis.CyberTip.Evidence;

namespace Aegis.CyberTip.Tests.Evidence;

public sealed class EvidenceCipherTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);

    private static KeyRing Ring(string current = "a", bool withA = true) =>
        new(withA ? new Dictionary<string, byte[]> { ["a"] = KeyA, ["b"] = KeyB } : new Dictionary<string, byte[]> { ["b"] = KeyB }, current);

    private static EvidenceMetadata Metadata(string contentId = "post-1") => new()
    {
        CaseId = 7, ContentId = contentId, Kind = "image", MediaType = "image/jpeg", Source = "upload", Pdq = new string('f', 64),
    };

    private static byte[] Plain(int seed = 1, int length = 100_000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Seals_in_place_and_opens_to_the_same_bytes_and_metadata()
    {
        var plain = Plain();
        var buffer = (byte[])plain.Clone();

        var (sealedItem, metadata) = EvidenceCipher.Seal(Ring(), 42, buffer, Metadata());

        Assert.NotEqual(plain, buffer); // the buffer holds ciphertext now, as long as the bytes
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plain)), metadata.Sha256);
        Assert.Equal(plain.Length, metadata.Size);
        Assert.Equal("a", sealedItem.KeyId);
        var opened = EvidenceCipher.Open(Ring(), 42, sealedItem, buffer);
        Assert.Equal(plain, buffer);
        Assert.Equal(metadata, opened with { Urls = metadata.Urls, Reports = metadata.Reports, Matches = metadata.Matches });
        Assert.Equal(new string('f', 64), EvidenceCipher.OpenMetadata(Ring(), 42, sealedItem).Pdq);
    }

    [Fact]
    public void Nothing_sealed_holds_the_plaintext_or_its_hashes()
    {
        var plain = Plain(2);
        var buffer = (byte[])plain.Clone();
        var (sealedItem, metadata) = EvidenceCipher.Seal(Ring(), 1, buffer, Metadata());
        var stored = buffer.Concat(sealedItem.WrappedKey).Concat(sealedItem.ContentNonce).Concat(sealedItem.ContentTag).Concat(sealedItem.Metadata).ToArray();

        Assert.Equal(-1, stored.AsSpan().IndexOf(plain.AsSpan(5000, 32)));
        Assert.Equal(-1, stored.AsSpan().IndexOf(SHA256.HashData(plain)));
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(metadata.Sha256)));
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(new string('f', 64))));
    }

    [Theory]
    [InlineData("content")]
    [InlineData("tag")]
    [InlineData("wrapped key")]
    [InlineData("metadata")]
    public void A_flipped_byte_anywhere_is_an_integrity_error_and_no_bytes_come_back(string where)
    {
        var buffer = Plain(3);
        var (sealedItem, _) = EvidenceCipher.Seal(Ring(), 9, buffer, Metadata());
        var target = where switch
        {
            "content" => buffer,
            "tag" => sealedItem.ContentTag,
            "wrapped key" => sealedItem.WrappedKey,
            _ => sealedItem.Metadata,
        };
        target[target.Length / 2] ^= 0x01;

        Assert.Throws<EvidenceIntegrityException>(() => EvidenceCipher.Open(Ring(), 9, sealedItem, buffer));
        Assert.All(buffer, b => Assert.Equal(0, b)); // cleared: nothing partly decrypted survives
    }

    [Fact]
    public void Two_items_swapped_are_detected_by_their_ids()
    {
        var first = Plain(4);
        var second = Plain(5);
        var (sealedFirst, _) = EvidenceCipher.Seal(Ring(), 1, first, Metadata("one"));
        var (sealedSecond, _) = EvidenceCipher.Seal(Ring(), 2, second, Metadata("two"));

        // The ciphertext and envelope of item 2 put in row 1: the ids bound as associated data disagree.
        Assert.Throws<EvidenceIntegrityException>(() => EvidenceCipher.Open(Ring(), 1, sealedSecond, second));

        // Only the wrapped keys swapped.
        Assert.Throws<EvidenceIntegrityException>(() => EvidenceCipher.Open(Ring(), 1, sealedFirst with { WrappedKey = sealedSecond.WrappedKey }, first));
    }

    [Fact]
    public void A_rewrap_moves_the_key_to_the_current_one_and_leaves_the_ciphertext()
    {
        var plain = Plain(6);
        var buffer = (byte[])plain.Clone();
        var (underA, _) = EvidenceCipher.Seal(Ring("a"), 5, buffer, Metadata());
        var ciphertext = (byte[])buffer.Clone();

        var underB = EvidenceCipher.Rewrap(Ring("b"), 5, underA);

        Assert.Equal("b", underB.KeyId);
        Assert.Equal(underA.Metadata, underB.Metadata);
        Assert.Equal(underA.ContentTag, underB.ContentTag);
        EvidenceCipher.Open(Ring("b", withA: false), 5, underB, buffer); // key a removed: still readable
        Assert.Equal(plain, buffer);
        var removed = Assert.Throws<EvidenceKeyException>(() => EvidenceCipher.Open(Ring("b", withA: false), 5, underA, ciphertext));
        Assert.Equal("a", removed.KeyId);
        Assert.Contains("Evidence:Keys:a", removed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_ring_refuses_bad_keys_and_an_unknown_current_key()
    {
        Assert.Throws<ArgumentException>(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = new byte[16] }, "a"));
        Assert.Throws<ArgumentException>(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = KeyA }, "b"));
        Assert.Throws<ArgumentException>(() => new KeyRing(new Dictionary<string, byte[]> { ["a b"] = KeyA }, "a b"));
        Assert.Throws<FormatException>(() => KeyRing.ParseKey("a", "not base64!"));
        Assert.Equal(KeyRing.KeyBytes, KeyRing.ParseKey("a", KeyRing.NewKey()).Length);
    }
}
