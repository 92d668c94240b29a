using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountRepresentations",
                columns: table => new
                {
                    UserAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RelatedPersonId = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ForEvaluationOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WrittenByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WrittenByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WrittenByRepresentative = table.Column<bool>(type: "INTEGER", nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
