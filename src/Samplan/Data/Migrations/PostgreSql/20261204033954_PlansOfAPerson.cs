using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PlansOfAPerson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Plans_PersonId",
                table: "Plans",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_PersonId",
                table: "Plans");
        }
    }
}
