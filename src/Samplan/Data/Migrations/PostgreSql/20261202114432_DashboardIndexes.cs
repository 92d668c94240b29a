using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status",
                table: "Plans");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ResponsibleOrganisationId_CreatedAt_PersonId",
                table: "Plans",
                columns: new[] { "ResponsibleOrganisationId", "CreatedAt", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_CoordinatorStaffId",
                table: "Plans",
                columns: new[] { "ResponsibleOrganisationId", "Status", "CoordinatorStaffId" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_NextEvaluationDate",
                table: "Plans",
                columns: new[] { "ResponsibleOrganisationId", "Status", "NextEvaluationDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_NextRevisionDate",
                table: "Plans",
                columns: new[] { "ResponsibleOrganisationId", "Status", "NextRevisionDate" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeCases_ReceivingOrganisationId_ReceivedAt",
                table: "IntakeCases",
                columns: new[] { "ReceivingOrganisationId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_ResponsibleOrganisationId_CreatedAt_PersonId",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_CoordinatorStaffId",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_NextEvaluationDate",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status_NextRevisionDate",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_IntakeCases_ReceivingOrganisationId_ReceivedAt",
                table: "IntakeCases");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ResponsibleOrganisationId_Status",
                table: "Plans",
                columns: new[] { "ResponsibleOrganisationId", "Status" });
        }
    }
}
