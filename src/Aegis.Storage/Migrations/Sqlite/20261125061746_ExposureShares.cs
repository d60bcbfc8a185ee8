using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExposureShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "shares_at_removal",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "shares_at_restriction",
                table: "cases",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "shares_at_removal",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "shares_at_restriction",
                table: "cases");
        }
    }
}
