using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aegis.Storage;

/// <summary>Recognises provider errors that have a meaning for the store.</summary>
internal static class StoreErrors
{
    private const int SqliteConstraintUnique = 2067;

    /// <summary>True when the save failed on a unique index (another caller, maybe on another node, got there first).</summary>
    public static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        DbUpdateException update => IsUniqueViolation(update.InnerException),
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteConstraintUnique,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
