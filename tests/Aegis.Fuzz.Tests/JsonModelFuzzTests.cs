using System.Text;
using System.Text.Json;
using Aegis.Fuzz.Tests.Support;
using Aegis.Server.Api;
using Aegis.Server.Gate;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// The API's request records deserialized with the API's own serializer options (snake_case, enums as strings,
/// unknown members refused): a mutated body is a record or a <see cref="JsonException"/>, never another exception.
/// </summary>
public sealed class JsonModelFuzzTests(ITestOutputHelper output)
{
    /// <summary>Managed bytes one body may allocate per byte of it: the reader's buffers, the strings, the record.</summary>
    private const long BytesPerInputByte = 64;

    private const long FixedAllowance = 1 << 20;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Each request type, with the seed body it is fuzzed from.</summary>
    private static readonly (Type Type, string Body)[] Models =
    [
        (typeof(CreateBankRequest), RequestBodies.CreateBank),
        (typeof(UpdateBankRequest), RequestBodies.UpdateBank),
        (typeof(AddEntryRequest), RequestBodies.AddEntry),
        (typeof(AddEntryRequest), RequestBodies.AddVpdqEntry),
        (typeof(UpdateEntryRequest), RequestBodies.UpdateEntry),
        (typeof(LookupRequest), RequestBodies.Lookup),
        (typeof(ReportRequest), RequestBodies.Report),
        (typeof(DecisionRequest), RequestBodies.Decision),
        (typeof(ExposureRequest), RequestBodies.Exposure),
        (typeof(AppealRequest), RequestBodies.Appeal),
        (typeof(AppealDecisionRequest), RequestBodies.AppealDecision),
    ];

    internal static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\udc00", "null", "true", "false", "1e999", "-0", "1.5",
            "9223372036854775808", "-9223372036854775809", "2147483648", "\"\"", "{}", "[]", "\"2025-02-30T25:00:00Z\"", "\"a1\"",
            "\"block\"", "\"BLOCK\"", "\"0\"", "0", " ", "\n", "/*c*/", "\"$type\":", "\"extra\":1,", "\"name\":", "\"video\":",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
    ];

    [Fact]
    public Task Mutated_request_bodies_deserialize_or_throw_JsonException() =>
        Fuzzer.RunAsync(output, new FuzzTarget<(int Model, byte[] Body)>
        {
            Name = "json-models",
            Gen = Gen.Int[0, Models.Length - 1].SelectMany(m => Mutation.Of([Encoding.UTF8.GetBytes(Models[m].Body)], Tokens).Select(b => (m, b))),
            Body = input => JsonSerializer.Deserialize(input.Body, Models[input.Model].Type, Options),
            IsDocumented = e => e is JsonException,
            AllocationBound = input => (BytesPerInputByte * input.Body.Length) + FixedAllowance,
            Serialize = input => input.Body,
            Describe = input => $"as {Models[input.Model].Type.Name}",
        });

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web); // what ASP.NET Core's JsonOptions start from
        Json.Configure(options);
        return options;
    }
}
