using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The model on PostgreSQL; its migrations are in <c>Migrations/Postgres</c>.</summary>
internal sealed class PostgresAegisDbContext(DbContextOptions<PostgresAegisDbContext> options) : AegisDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Hex and type names compare byte by byte: the "C" collation keeps the unique index fast whatever the
        // database's locale (a linguistic collation would make every index comparison a strcoll call).
        modelBuilder.Entity<BankEntryRow>(entry =>
        {
            entry.Property(e => e.Type).UseCollation("C");
            entry.Property(e => e.Value).UseCollation("C");
        });
        modelBuilder.Entity<ExchangeRecordRow>(record => record.Property(r => r.RecordKey).UseCollation("C"));
    }
}
