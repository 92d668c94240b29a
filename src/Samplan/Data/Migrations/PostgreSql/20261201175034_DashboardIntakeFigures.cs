using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DaysToCoordinator",
                table: "IntakeCases",
                type: "integer",
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
