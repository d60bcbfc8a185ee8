using Aegis.Server.Hma;

namespace Aegis.Server.Tests.Hma;

/// <summary>HMA's coin flip is Python's <c>random.Random(seed).random()</c>: Aegis's port gives the same double, bit for bit.</summary>
public sealed class PythonRandomTests
{
    /// <summary>
    /// <c>random.Random(seed).random()</c> in CPython 3.11 for these seeds: HMA's coin flip for a lookup with
    /// <c>seed=</c>. From <c>python3 -c "import random; print(repr(random.Random('abc').random()))"</c>.
    /// </summary>
    public static TheoryData<string, double> PythonFlips => new()
    {
        { "", 0.9602256525641875 },
        { "abc", 0.7720246314157545 },
        { "post-1", 0.9983832822590553 },
        { "12345", 0.45697818440486826 },
        { "\u00fcn\u00ef", 0.5478195217262046 },
        { "\u0000abc", 0.36502372882343415 }, // a leading zero byte does not count in the seed's integer
        { "\u0000", 0.761237843064138 },
    };

    [Theory]
    [MemberData(nameof(PythonFlips))]
    public void The_coin_flip_of_a_seed_is_Pythons_to_the_bit(string seed, double python)
    {
        Assert.Equal(python, new PythonRandom(seed).NextDouble());
    }

    [Fact]
    public void The_400th_draw_past_the_second_twist_is_Pythons_too()
    {
        // r = random.Random('abc'); [r.random() for _ in range(400)][-1]: 800 words, past the 624 of the first twist.
        var random = new PythonRandom("abc");
        var last = 0.0;
        for (var i = 0; i < 400; i++)
        {
            last = random.NextDouble();
        }

        Assert.Equal(0.6941068468952971, last);
    }
}
