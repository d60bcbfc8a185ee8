using Microsoft.EntityFrameworkCore.Design;

namespace Aegis.Storage.Model;

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteAegisDbContext</c> build the context (see README.md).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAegisDbContext>
{
    public SqliteAegisDbContext CreateDbContext(string[] args) =>
        new(ContextOptions.Sqlite("Data Source=aegis-design-time.db"));
}
