using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PeerReplies : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedMessages_PersonId",
                table: "ProcessedMessages",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProcessedMessages_PersonId",
                table: "ProcessedMessages");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "ProcessedMessages");

            migrationBuilder.DropColumn(
                name: "ReplyPeer",
                table: "ProcessedMessages");
        }
    }
}
