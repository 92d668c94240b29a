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
        person.HasMany(p => p.Relations).WithOne().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        person.Navigation(p => p.Relations).HasField("_relations").UsePropertyAccessMode(PropertyAccessMode.Field);
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
