using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Core.Cases;

/// <summary>A <see cref="ReviewReason"/> by its wire name (<c>person-shown</c>, <c>bank-match</c>…).</summary>
public sealed class ReviewReasonJsonConverter() : WireNameJsonConverter<ReviewReason>(ReviewReasons.Name, ReviewReasons.Parse, () => ReviewReasons.Names)
{
    /// <summary>A list of reasons, each by its wire name.</summary>
    public sealed class List : JsonConverter<IReadOnlyList<ReviewReason>>
    {
        private static readonly ReviewReasonJsonConverter One = new();

        public override IReadOnlyList<ReviewReason> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected a list of {ReviewReasons.Names}.");
            }

            var reasons = new List<ReviewReason>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reasons.Add(One.Read(ref reader, typeof(ReviewReason), options));
            }

            return reasons;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<ReviewReason> value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(value);
            writer.WriteStartArray();
            foreach (var reason in value)
            {
                One.Write(writer, reason, options);
            }

            writer.WriteEndArray();
        }
    }
}
