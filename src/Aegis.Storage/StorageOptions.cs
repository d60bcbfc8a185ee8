namespace Aegis.Storage;

/// <summary>Where banks are stored: PostgreSQL when a connection string is given, else SQLite in a data directory.</summary>
/// <param name="DataDirectory">The SQLite data directory (file <c>aegis.db</c> inside it; created if missing). Default <c>./aegis-data</c>.</param>
/// <param name="PostgresConnectionString">An Npgsql connection string; when given, <paramref name="DataDirectory"/> is not used.</param>
public sealed record StorageOptions(string? DataDirectory, string? PostgresConnectionString)
{
    /// <summary>The data directory used when none is given.</summary>
    public const string DefaultDataDirectory = "aegis-data";

    /// <summary>The SQLite database file's name inside the data directory.</summary>
    public const string SqliteFileName = "aegis.db";

    /// <summary>How a case's fan-out is paged into webhooks when events are written (<see cref="Core.Events.WebhookPaging"/>).</summary>
    public Core.Events.WebhookPagingOptions Webhooks { get; init; } = Core.Events.WebhookPagingOptions.Default;

    /// <summary>True when the store is PostgreSQL.</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
