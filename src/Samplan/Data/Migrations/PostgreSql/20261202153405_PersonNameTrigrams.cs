using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PersonNameTrigrams : Migration
    {
        /// <inheritdoc />
        /// <summary>
        /// Person search (issue 8): a trigram index on the lower-cased name, which the search's
        /// <c>lower("Name") LIKE '%…%'</c> can use, so a rare name is not a walk through every name. pg_trgm ships with
        /// PostgreSQL and is a trusted extension: the owner of the database may create it.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_Persons_Name_Trigrams" ON "Persons" USING gin (lower("Name") gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Persons_Name_Trigrams";""");
        }
    }
}
