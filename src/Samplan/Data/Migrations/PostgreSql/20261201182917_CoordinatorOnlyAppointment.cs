using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CoordinatorOnlyAppointment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CoordinatorAppointments_PersonId",
                table: "CoordinatorAppointments");

            migrationBuilder.AddColumn<string>(
                name: "Wish",
                table: "CoordinatorAppointments",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WishedName",
                table: "CoordinatorAppointments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "WishedStaffId",
                table: "CoordinatorAppointments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoordinatorAppointments_PersonId",
                table: "CoordinatorAppointments",
                column: "PersonId",
                unique: true,
                filter: "\"EndedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CoordinatorAppointments_PersonId",
                table: "CoordinatorAppointments");

            migrationBuilder.DropColumn(
                name: "Wish",
                table: "CoordinatorAppointments");

            migrationBuilder.DropColumn(
                name: "WishedName",
                table: "CoordinatorAppointments");

            migrationBuilder.DropColumn(
                name: "WishedStaffId",
                table: "CoordinatorAppointments");

            migrationBuilder.CreateIndex(
                name: "IX_CoordinatorAppointments_PersonId",
                table: "CoordinatorAppointments",
                column: "PersonId");
        }
    }
}
