using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CascadePending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "cascade_decision_id",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "cascade_pending",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cascade_decision_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "cascade_pending",
                table: "cases");
        }
    }
}
