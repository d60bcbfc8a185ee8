using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CasesAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "shares",
                table: "contents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "contents",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Visible"); // items recorded before reports existed are visible

            migrationBuilder.AddColumn<long>(
                name: "views",
                table: "contents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    content_row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    open_key = table.Column<long>(type: "INTEGER", nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    reports = table.Column<int>(type: "INTEGER", nullable: false),
                    child_safety = table.Column<bool>(type: "INTEGER", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    escalated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    views_at_first_report = table.Column<long>(type: "INTEGER", nullable: false),
                    shares_at_first_report = table.Column<long>(type: "INTEGER", nullable: false),
                    restricted_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    views_at_restriction = table.Column<long>(type: "INTEGER", nullable: true),
                    removed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    views_at_removal = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                    table.ForeignKey(
                        name: "FK_cases_contents_content_row_id",
                        column: x => x.content_row_id,
                        principalTable: "contents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reviewer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    classification = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.id);
                    table.ForeignKey(
                        name: "FK_decisions_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    content_row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reporter_is_subject = table.Column<bool>(type: "INTEGER", nullable: false),
                    subject_was_minor = table.Column<bool>(type: "INTEGER", nullable: true),
                    reporter_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    restricted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.id);
                    table.ForeignKey(
                        name: "FK_reports_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_reports_contents_content_row_id",
                        column: x => x.content_row_id,
                        principalTable: "contents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_content_row_id",
                table: "cases",
                column: "content_row_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_open_key",
                table: "cases",
                column: "open_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_state_level",
                table: "cases",
                columns: new[] { "state", "level" });

            migrationBuilder.CreateIndex(
                name: "IX_decisions_case_id",
                table: "decisions",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_delivered_at_next_attempt_at",
                table: "outbox",
                columns: new[] { "delivered_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_event_id",
                table: "outbox",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_case_id",
                table: "reports",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_reports_content_row_id",
                table: "reports",
                column: "content_row_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropColumn(
                name: "shares",
                table: "contents");

            migrationBuilder.DropColumn(
                name: "status",
                table: "contents");

            migrationBuilder.DropColumn(
                name: "views",
                table: "contents");
        }
    }
}
