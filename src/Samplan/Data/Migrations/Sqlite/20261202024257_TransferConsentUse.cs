using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationName",
                table: "ConsentRequests",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferToOrganisationNumber",
                table: "ConsentRequests",
                type: "TEXT",
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
