using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Appeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "appeal_decided_by",
                table: "cases",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appeal_outcome",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appeal_reason",
                table: "cases",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appeal_text",
                table: "cases",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appealed_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appealed_by",
                table: "cases",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "appeal_decided_by",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "appeal_outcome",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "appeal_reason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "appeal_text",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "appealed_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "appealed_by",
                table: "cases");
        }
    }
}
