using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TransferAndPeerReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "ProcessedMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyPeer",
                table: "ProcessedMessages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationName",
                table: "PlanConsent",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationNumber",
                table: "PlanConsent",
                type: "TEXT",
                maxLength: 9,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OutgoingTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Peer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceiverNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    ReceiverName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RefusedBecause = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingTransfers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedMessages_PersonId",
                table: "ProcessedMessages",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_MessageId",
                table: "OutgoingTransfers",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_PlanId",
                table: "OutgoingTransfers",
                column: "PlanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutgoingTransfers");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedMessages_PersonId",
                table: "ProcessedMessages");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "ProcessedMessages");

            migrationBuilder.DropColumn(
                name: "ReplyPeer",
                table: "ProcessedMessages");

            migrationBuilder.DropColumn(
                name: "TransferToOrganisationName",
                table: "PlanConsent");

            migrationBuilder.DropColumn(
                name: "TransferToOrganisationNumber",
                table: "PlanConsent");
        }
    }
}
