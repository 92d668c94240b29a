using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardIntakeFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CoordinatorAppointedAt",
                table: "IntakeCases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DaysToCoordinator",
                table: "IntakeCases",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CoordinatorAppointedAt",
                table: "IntakeCases");

            migrationBuilder.DropColumn(
                name: "DaysToCoordinator",
                table: "IntakeCases");
        }
    }
}
