using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PersonsOwnView : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReplyComment",
                table: "MeetingInvitees",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountRepresentations",
                columns: table => new
                {
                    UserAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    RelatedPersonId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountRepresentations", x => new { x.UserAccountId, x.RelatedPersonId });
                    table.ForeignKey(
                        name: "FK_AccountRepresentations_RelatedPersons_RelatedPersonId",
                        column: x => x.RelatedPersonId,
                        principalTable: "RelatedPersons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AccountRepresentations_UserAccounts_UserAccountId",
                        column: x => x.UserAccountId,
                        principalTable: "UserAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationExperiences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ForEvaluationOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WrittenByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    WrittenByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WrittenByRepresentative = table.Column<bool>(type: "boolean", nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationExperiences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationExperiences_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountRepresentations_RelatedPersonId",
                table: "AccountRepresentations",
                column: "RelatedPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationExperiences_PlanId_ForEvaluationOn",
                table: "EvaluationExperiences",
                columns: new[] { "PlanId", "ForEvaluationOn" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountRepresentations");

            migrationBuilder.DropTable(
                name: "EvaluationExperiences");

            migrationBuilder.DropColumn(
                name: "ReplyComment",
                table: "MeetingInvitees");
        }
    }
}
