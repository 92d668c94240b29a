using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RemindersTasksAndEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "UserAccounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailOffKinds",
                table: "UserAccounts",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "OutboxEmails",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    To = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: false),
                    AttachmentFileName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AttachmentContent = table.Column<string>(type: "text", nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxEmails_UserAccounts_RecipientUserId",
                        column: x => x.RecipientUserId,
                        principalTable: "UserAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_NextEvaluationDate",
                table: "Plans",
                columns: new[] { "Status", "NextEvaluationDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_NextRevisionDate",
                table: "Plans",
                columns: new[] { "Status", "NextRevisionDate" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanConsent_ValidTo",
                table: "PlanConsent",
                column: "ValidTo");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEmails_NotificationId",
                table: "OutboxEmails",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEmails_RecipientUserId_SentAt",
                table: "OutboxEmails",
                columns: new[] { "RecipientUserId", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutboxEmails");

            migrationBuilder.DropIndex(
                name: "IX_Plans_Status_NextEvaluationDate",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_Status_NextRevisionDate",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_PlanConsent_ValidTo",
                table: "PlanConsent");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "UserAccounts");

            migrationBuilder.DropColumn(
                name: "EmailOffKinds",
                table: "UserAccounts");
        }
    }
}
