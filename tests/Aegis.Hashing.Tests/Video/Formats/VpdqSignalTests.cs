using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;

namespace Aegis.Hashing.Tests.Video.Formats;

public sealed class VpdqSignalTests
{
    /// <summary>
    /// <c>VPDQSignal.get_examples()</c> of python-threatexchange (<c>extensions/vpdq/vpdq.py</c>): the hashes of
    /// <c>PdqSignal.get_examples()</c> (<c>signal_type/pdq/signal.py</c>), quality 100, timestamps 0, 1, 2, … s,
    /// serialized by <c>vpdq_to_json</c>; <c>tests/test_vpdq_faiss.py</c> checks that it round-trips.
    /// </summary>
    private const string PythonExample =
        "[\"f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,100,0.0\", " +
        "\"f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22,100,1.0\", " +
        "\"f8f8f0cee0f4a84f0637022a038f67f0b36e26d596621e1d33e6b39c4e9c9b22,100,2.0\", " +
        "\"f8f8f0cee0f4a84f06370a2a068f67f0b36e26d596621e1d33e6339c4e9c9b22,100,3.0\", " +
        "\"f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22,100,4.0\", " +
        "\"f8f8f0cee0f4a84f0e370a22038f67f0b36e2ed596221e1d33e6b39c4a9c9b22,100,5.0\", " +
        "\"d8f8f0cec0f4a84f8e370a22038f67f0b36a2ed597231e1d72e6b39c4a9c9b22,100,6.0\", " +
        "\"f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596621e1d33e6339c4e9c9b22,100,7.0\", " +
        "\"d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22,100,8.0\", " +
        "\"d8f8f1eec0f4a84f0e37022a078f63f0b36e2ed596621e1d33e6239c4e9c9b22,100,9.0\", " +
        "\"d8f8f0cec4f4a84f0637022a078f67f0b36e2ee5b6621e1d33e6239c4e9c9b22,100,10.0\", " +
        "\"d8f8f0cec0f4a84f0637022a278f67f0b36e2ed596621e1d33e6339c4e9c9b22,100,11.0\", " +
        "\"e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064,100,12.0\", " +
        "\"6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d,100,13.0\", " +
        "\"c186f9619659658c4b6916daf934496985f4259c72c39676ab9edb631c3c349c,100,14.0\", " +
        "\"62c9789627838f69f23cf98c29e37836d61c87c31c59587c4b49a783f496725c,100,15.0\"]";

    private const string Hex = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064";

    [Fact]
    public void The_signal_type_is_named_as_python_threatexchange_names_it()
    {
        Assert.Equal("vpdq", VpdqSignal.Name);
    }

    [Fact]
    public void Reads_python_threatexchanges_example_and_writes_it_back_unchanged()
    {
        var features = VpdqSignal.Parse(PythonExample);

        Assert.Equal(16, features.Count);
        Assert.All(features, f => Assert.Equal(100, f.Quality));
        Assert.Equal(Enumerable.Range(0, 16), features.Select(f => f.FrameNumber));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (double)i), features.Select(f => f.Timestamp));
        Assert.Equal(PdqHash.Parse(Hex), features[12].Hash);
        Assert.Equal(PythonExample, VpdqSignal.Serialize(features));
    }

    /// <summary>Expected strings from CPython 3: <c>f"{x:.3}"</c>.</summary>
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(10.0, "10.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.033, "0.033")]
    [InlineData(1.0 / 30, "0.0333")]
    [InlineData(18.767, "18.8")]
    [InlineData(6.833, "6.83")]
    [InlineData(2.9999, "3.0")]
    [InlineData(1.125, "1.12")] // exact tie: to the even digit
    [InlineData(10.25, "10.2")]
    [InlineData(99.94, "99.9")]
    [InlineData(99.99, "1e+02")]
    [InlineData(100.0, "1e+02")]
    [InlineData(123.456, "1.23e+02")]
    [InlineData(3600.0, "3.6e+03")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    public void Writes_timestamps_with_three_significant_digits_as_python_does(double seconds, string expected)
    {
        var signal = VpdqSignal.Serialize([new VpdqFeature(PdqHash.Parse(Hex), 0, 87, seconds)]);

        Assert.Equal($"[\"{Hex},87,{expected}\"]", signal);
    }

    [Theory]
    [InlineData("[\"" + Hex + ",100,1e+02\", \"" + Hex + ",50,1.23e+02\"]")]
    [InlineData("[\"" + Hex + ",0,0.0333\"]")]
    [InlineData("[]")]
    public void Signals_python_writes_round_trip_byte_for_byte(string signal)
    {
        Assert.Equal(signal, VpdqSignal.Serialize(VpdqSignal.Parse(signal)));
    }

    [Fact]
    public void Exponent_timestamps_are_read_as_numbers()
    {
        var features = VpdqSignal.Parse("[\"" + Hex + ",100,1.23e+02\"]");

        Assert.Equal(123.0, Assert.Single(features).Timestamp);
    }

    [Fact]
    public void Round_trips_hashes_and_qualities_and_renumbers_frames_in_order()
    {
        var random = new Random(1234);
        var features = Enumerable.Range(0, 300)
            .Select(i => new VpdqFeature(RandomHash(random), i * 30, random.Next(101), i + random.NextDouble()))
            .ToList();

        var signal = VpdqSignal.Serialize(features);
        var read = VpdqSignal.Parse(signal);

        Assert.Equal(features.Select(f => (f.Hash, f.Quality)), read.Select(f => (f.Hash, f.Quality)));
        Assert.Equal(Enumerable.Range(0, features.Count), read.Select(f => f.FrameNumber));
        for (var i = 0; i < features.Count; i++)
        {
            // Three significant digits: within half a unit of the third digit.
            Assert.True(Math.Abs(read[i].Timestamp - features[i].Timestamp) <= features[i].Timestamp * 0.005 + 1e-12);
        }

        Assert.Equal(signal, VpdqSignal.Serialize(read));
    }

    [Fact]
    public void A_reference_sample_file_survives_the_trip_through_the_signal()
    {
        var features = VpdqText.Parse(File.OpenText(Path.Combine(TestData.Root, "video", "vpdq", "sample-hashes", "chair-19-sd-bar.txt")));

        var read = VpdqSignal.Parse(VpdqSignal.Serialize(features));

        Assert.Equal(features.Select(f => (f.Hash, f.FrameNumber, f.Quality)), read.Select(f => (f.Hash, f.FrameNumber, f.Quality)));
        Assert.Equal(18.8, read[^1].Timestamp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void An_empty_signal_is_an_empty_list(string signal)
    {
        Assert.Empty(VpdqSignal.Parse(signal));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[\"" + Hex + ",100,0.0\"", "not valid JSON")]
    [InlineData("{\"0\": {\"quality\": 100}}", "got a JSON object")]
    [InlineData("\"" + Hex + ",100,0.0\"", "got a JSON string")]
    [InlineData("[1]", "entry 0: expected a string \"pdqHex,quality,timestamp\", got a JSON number")]
    [InlineData("[\"" + Hex + ",100,0.0\", null]", "entry 1: expected a string")]
    [InlineData("[\"" + Hex + ",100\"]", "entry 0: expected 3 comma-separated fields")]
    [InlineData("[\"0," + Hex + ",100,0.0\"]", "entry 0: expected 3 comma-separated fields")]
    [InlineData("[\"e64c,100,0.0\"]", "entry 0: the PDQ hash must be 64 hex characters")]
    [InlineData("[\"" + Hex + ",high,0.0\"]", "entry 0: the quality must be an integer")]
    [InlineData("[\"" + Hex + ",101,0.0\"]", "entry 0: the quality must be from 0 to 100, got 101")]
    [InlineData("[\"" + Hex + ",100,later\"]", "entry 0: the timestamp must be a number of seconds")]
    [InlineData("[\"" + Hex + ",100,-1.0\"]", "entry 0: the timestamp must be a finite, non-negative number")]
    [InlineData("[\"" + Hex + ",100,NaN\"]", "entry 0: the timestamp must be a finite, non-negative number")]
    // Found by the fuzzer (tests/Aegis.Fuzz.Tests): an escaped lone surrogate threw InvalidOperationException, and a
    // timestamp near double.MaxValue was read but written as 1.8e+308, which reads back as infinity.
    [InlineData("[\"\\ud800\"]", "entry 0: the string is not valid text")]
    [InlineData("[\"" + Hex + ",100,1.7976931348623157e308\"]", "entry 0: the timestamp must be a finite, non-negative number of seconds up to 1000000000")]
    public void Malformed_signals_are_format_errors_that_say_what_is_wrong(string signal, string expected)
    {
        var error = Assert.Throws<FormatException>(() => VpdqSignal.Parse(signal));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(101, 0.0)]
    [InlineData(-1, 0.0)]
    [InlineData(100, -0.5)]
    [InlineData(100, double.PositiveInfinity)]
    [InlineData(100, double.MaxValue)]
    public void Refuses_to_serialize_what_python_threatexchange_would_refuse(int quality, double seconds)
    {
        var feature = new VpdqFeature(PdqHash.Parse(Hex), 0, quality, seconds);

        Assert.Throws<ArgumentException>(() => VpdqSignal.Serialize([feature]));
    }

    private static PdqHash RandomHash(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new PdqHash(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[16..]), BitConverter.ToUInt64(bytes[24..]));
    }
}
