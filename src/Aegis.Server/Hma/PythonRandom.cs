using System.Security.Cryptography;
using System.Text;

namespace Aegis.Server.Hma;

/// <summary>
/// Python's <c>random.Random(seed).random()</c> for a text seed, bit for bit: the Mersenne Twister (MT19937) seeded as
/// CPython seeds it from a <c>str</c> (version 2: the UTF-8 bytes followed by their SHA-512, read as one big-endian
/// integer, split into 32-bit words from the least significant, then <c>init_by_array</c>), and a double made of 53
/// random bits. HMA seeds its lookup coin flip this way from the <c>seed</c> query parameter, so a seeded lookup samples
/// the banks exactly as HMA would.
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[N];
    private int _index = N;

    /// <summary><c>random.Random(seed)</c> for a <c>str</c> seed.</summary>
    public PythonRandom(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var text = Encoding.UTF8.GetBytes(seed);
        byte[] number = [.. text, .. SHA512.HashData(text)];
        var start = Array.FindIndex(number, b => b != 0); // the SHA-512 follows, so some byte is not 0
        var significant = number.AsSpan(start);
        var key = new uint[(significant.Length + 3) / 4];
        for (var i = 0; i < significant.Length; i++)
        {
            key[i / 4] |= (uint)significant[significant.Length - 1 - i] << (8 * (i % 4));
        }

        InitByArray(key);
    }

    /// <summary><c>random()</c>: the next double in [0, 1), from two draws of 27 and 26 bits.</summary>
    public double NextDouble()
    {
        var a = Next() >> 5;
        var b = Next() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _state[i] = (1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000u;
    }

    private uint Next()
    {
        if (_index >= N)
        {
            Twist();
        }

        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (_state[k] & UpperMask) | (_state[(k + 1) % N] & LowerMask);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        _index = 0;
    }
}
