using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.People;

namespace Samplan.People;

sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> person)
    {
        person.Property(p => p.Id).ValueGeneratedNever();
        person.Property(p => p.NationalIdentityNumber).HasMaxLength(11);
        person.Property(p => p.Name).HasMaxLength(200);
        person.Property(p => p.PreferredLanguage).HasMaxLength(40);
        person.Property(p => p.InterpreterLanguage).HasMaxLength(40);
        person.HasIndex(p => p.NationalIdentityNumber).IsUnique();
        person.HasIndex(p => p.Name);
        // Names are also in a trigram index for the search's "contains" (migration PersonNameTrigrams): pg_trgm on
        // PostgreSQL; on SQLite an FTS5 table kept by AFTER triggers on this table, with which SQLite's RETURNING clause
        // cannot be used. A migration that rebuilds this table on SQLite must create the triggers again (the search tests
        // of persons added after the migrations would fail without them).
        person.ToTable(t => t.UseSqlReturningClause(false));
        person.HasMany(p => p.Relations).WithOne().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        person.Navigation(p => p.Relations).HasField("_relations").UsePropertyAccessMode(PropertyAccessMode.Field);

        // S4, S2: owned, so they load with every person. ConsentAuthority reads them, and a query that
        // forgot an Include would otherwise make a person lacking competence look competent.
        person.OwnsMany(p => p.CompetenceAssessments, a =>
        {
            a.ToTable("CompetenceAssessments");
            a.WithOwner().HasForeignKey(x => x.PersonId);
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.Matter).HasMaxLength(200);
            a.Property(x => x.AssessedByName).HasMaxLength(200);
            a.Property(x => x.Note).HasMaxLength(2000);
        });
        person.Navigation(p => p.CompetenceAssessments).HasField("_competenceAssessments").UsePropertyAccessMode(PropertyAccessMode.Field);
        person.OwnsMany(p => p.ChildViews, v =>
        {
            v.ToTable("ChildViews");
            v.WithOwner().HasForeignKey(x => x.PersonId);
            v.HasKey(x => x.Id);
            v.Property(x => x.Id).ValueGeneratedNever();
            v.Property(x => x.Text).HasMaxLength(4000);
            v.Property(x => x.RecordedByName).HasMaxLength(200);
        });
        person.Navigation(p => p.ChildViews).HasField("_childViews").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class RelatedPersonConfiguration : IEntityTypeConfiguration<RelatedPerson>
{
    public void Configure(EntityTypeBuilder<RelatedPerson> relation)
    {
        relation.Property(r => r.Id).ValueGeneratedNever();
        relation.Property(r => r.Name).HasMaxLength(200);
    }
}
