using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
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
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyPeer",
                table: "ProcessedMessages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationName",
                table: "PlanConsent",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationNumber",
                table: "PlanConsent",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OutgoingTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Peer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReceiverNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    ReceiverName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MessageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefusedBecause = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
