using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samplan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonNameTrigrams : Migration
    {
        /// <inheritdoc />
        /// <summary>
        /// Person search (issue 8): names in an FTS5 trigram table, so "contains" finds a rare name without reading every
        /// name. The table keeps its own copy of the name with the person's id (not the rowid, which VACUUM may renumber),
        /// kept by triggers, so every writer (EF Core, the generator's bulk insert, SQL by hand) keeps it in step.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "PersonNames" USING fts5("Name", "PersonId" UNINDEXED, tokenize = 'trigram');
                INSERT INTO "PersonNames" ("Name", "PersonId") SELECT "Name", "Id" FROM "Persons";
                CREATE TRIGGER "Persons_Names_Insert" AFTER INSERT ON "Persons" BEGIN
                    INSERT INTO "PersonNames" ("Name", "PersonId") VALUES (new."Name", new."Id");
                END;
                CREATE TRIGGER "Persons_Names_Update" AFTER UPDATE OF "Name", "Id" ON "Persons" BEGIN
                    UPDATE "PersonNames" SET "Name" = new."Name", "PersonId" = new."Id" WHERE "PersonId" = old."Id";
                END;
                CREATE TRIGGER "Persons_Names_Delete" AFTER DELETE ON "Persons" BEGIN
                    DELETE FROM "PersonNames" WHERE "PersonId" = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Persons_Names_Insert";
                DROP TRIGGER "Persons_Names_Update";
                DROP TRIGGER "Persons_Names_Delete";
                DROP TABLE "PersonNames";
                """);
        }
    }
}
