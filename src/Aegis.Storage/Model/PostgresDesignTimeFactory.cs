using Microsoft.EntityFrameworkCore.Design;

namespace Aegis.Storage.Model;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context PostgresAegisDbContext</c> build the context (see README.md). Adding a
/// migration never connects, so the connection string only has to parse.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAegisDbContext>
{
    public PostgresAegisDbContext CreateDbContext(string[] args) =>
        new(ContextOptions.Postgres("Host=localhost;Database=aegis"));
}
