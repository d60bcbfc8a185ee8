using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_delivered_at_next_attempt_at",
                table: "outbox");

            migrationBuilder.AddColumn<long>(
                name: "due_at",
                table: "outbox",
                type: "INTEGER",
                nullable: true);

            // Events written before this column: undelivered ones are due at once.
            migrationBuilder.Sql("UPDATE outbox SET due_at = 0 WHERE delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_due_at",
                table: "outbox",
                column: "due_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_due_at",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "due_at",
                table: "outbox");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_delivered_at_next_attempt_at",
                table: "outbox",
                columns: new[] { "delivered_at", "next_attempt_at" });
        }
    }
}
