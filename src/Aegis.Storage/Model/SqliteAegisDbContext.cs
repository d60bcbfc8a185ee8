using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The model on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqliteAegisDbContext(DbContextOptions<SqliteAegisDbContext> options) : AegisDbContext(options);
