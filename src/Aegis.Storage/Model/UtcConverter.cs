using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aegis.Storage.Model;

/// <summary>Every timestamp is stored in UTC (PostgreSQL's timestamptz refuses any other offset; SQLite keeps the text as given).</summary>
internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
