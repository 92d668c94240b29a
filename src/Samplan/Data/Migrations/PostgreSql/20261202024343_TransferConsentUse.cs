using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class TransferConsentUse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConsentId",
                table: "OutgoingTransfers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationName",
                table: "ConsentRequests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationNumber",
                table: "ConsentRequests",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConsentId",
                table: "OutgoingTransfers");

            migrationBuilder.DropColumn(
                name: "TransferToOrganisationName",
                table: "ConsentRequests");

            migrationBuilder.DropColumn(
                name: "TransferToOrganisationNumber",
                table: "ConsentRequests");
        }
    }
}
