using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Tests.Pdq;

public sealed class PdqHashTests
{
    private const string Bridge = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    [Fact]
    public void Hex_round_trips_in_the_reference_bit_order()
    {
        var hash = PdqHash.Parse(Bridge);

        Assert.Equal(Bridge, hash.ToString());
        // The last hex character holds bits 3..0: '2' = 0b0010, so bit 1 is set and bit 0 is not.
        Assert.True(hash[1]);
        Assert.False(hash[0]);
        // The first character holds bits 255..252: 'f'.
        Assert.True(hash[255] && hash[254] && hash[253] && hash[252]);
        Assert.Equal(0x33e6b39c4e9c9b22UL, hash.W0);
        Assert.Equal(0xf8f8f0cee0f4a84fUL, hash.W3);
    }

    [Fact]
    public void Upper_case_hex_parses_and_prints_lower_case()
    {
        Assert.Equal(Bridge, PdqHash.Parse(Bridge.ToUpperInvariant()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("f8f8")]
    [InlineData("g8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")]
    [InlineData("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2200")]
    [InlineData("+8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")]
    [InlineData(" 8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")]
    public void Malformed_hex_is_rejected_with_a_clear_message(string text)
    {
        Assert.False(PdqHash.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => PdqHash.Parse(text));
        Assert.Contains("64 hex characters", error.Message);
    }

    [Fact]
    public void Distance_counts_differing_bits()
    {
        var a = PdqHash.Parse(Bridge);
        var flipped = new PdqHash(a.W0 ^ 0b1011, a.W1, a.W2 ^ (1UL << 63), a.W3);

        Assert.Equal(0, a.DistanceTo(a));
        Assert.Equal(4, a.DistanceTo(flipped));
        Assert.Equal(256, PdqHash.Zero.DistanceTo(new PdqHash(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue)));
    }

    [Fact]
    public void Equality_follows_the_bits()
    {
        var a = PdqHash.Parse(Bridge);

        Assert.Equal(a, PdqHash.Parse(Bridge));
        Assert.True(a == PdqHash.Parse(Bridge));
        Assert.NotEqual(a, PdqHash.Zero);
        Assert.Equal(a.GetHashCode(), PdqHash.Parse(Bridge).GetHashCode());
    }
}
