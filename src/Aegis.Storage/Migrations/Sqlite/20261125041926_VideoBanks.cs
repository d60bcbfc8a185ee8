using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aegis.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VideoBanks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Banks made before video rules existed get the defaults (VideoMatchThresholds.Default), not zero.
            migrationBuilder.AddColumn<double>(
                name: "video_containment_percent",
                table: "banks",
                type: "REAL",
                nullable: false,
                defaultValue: 80.0);

            migrationBuilder.AddColumn<double>(
                name: "video_query_percent",
                table: "banks",
                type: "REAL",
                nullable: false,
                defaultValue: 80.0);

            migrationBuilder.AddColumn<int>(
                name: "video_segment_frames",
                table: "banks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<string>(
                name: "signal",
                table: "bank_entries",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "video_containment_percent",
                table: "banks");

            migrationBuilder.DropColumn(
                name: "video_query_percent",
                table: "banks");

            migrationBuilder.DropColumn(
                name: "video_segment_frames",
                table: "banks");

            migrationBuilder.DropColumn(
                name: "signal",
                table: "bank_entries");
        }
    }
}
