using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PlanChangeStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ChangeStamp",
                table: "Plans",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChangeStamp",
                table: "Plans");
        }
    }
}
