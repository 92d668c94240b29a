using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvaluationsAndPlanLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ServiceDelivery = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WayOfWorking = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WayOfWorkingComment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PersonsOwnWords = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NoOwnWordsReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OtherChanges = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NextEvaluationDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ChangesMade = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedByRole = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluations_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanLogEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorRole = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CorrectsEntryId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanLogEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanLogEntries_PlanLogEntries_CorrectsEntryId",
                        column: x => x.CorrectsEntryId,
                        principalTable: "PlanLogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanLogEntries_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationGoals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GoalText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Attainment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationGoals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationGoals_Evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "Evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationGoals_EvaluationId",
                table: "EvaluationGoals",
                column: "EvaluationId");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_PlanId_HeldOn",
                table: "Evaluations",
                columns: new[] { "PlanId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanLogEntries_CorrectsEntryId",
                table: "PlanLogEntries",
                column: "CorrectsEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanLogEntries_PlanId_On",
                table: "PlanLogEntries",
                columns: new[] { "PlanId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluationGoals");

            migrationBuilder.DropTable(
                name: "PlanLogEntries");

            migrationBuilder.DropTable(
                name: "Evaluations");
        }
    }
}
