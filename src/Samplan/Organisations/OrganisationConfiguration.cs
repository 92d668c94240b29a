using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Organisations;

namespace Samplan.Organisations;

sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> organisation)
    {
        organisation.Property(o => o.Id).ValueGeneratedNever();
        organisation.Property(o => o.Name).HasMaxLength(200);
        organisation.Property(o => o.OrganisationNumber).HasMaxLength(9);
        organisation.Ignore(o => o.Level);
        organisation.HasMany(o => o.Units).WithOne().HasForeignKey(u => u.OrganisationId);
        organisation.Navigation(o => o.Units).HasField("_units").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class OrganisationUnitConfiguration : IEntityTypeConfiguration<OrganisationUnit>
{
    public void Configure(EntityTypeBuilder<OrganisationUnit> unit)
    {
        unit.Property(u => u.Id).ValueGeneratedNever();
        unit.Property(u => u.Name).HasMaxLength(200);
    }
}

sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> staff)
    {
        staff.Property(s => s.Id).ValueGeneratedNever();
        staff.Property(s => s.Name).HasMaxLength(200);
        staff.Property(s => s.Profession).HasMaxLength(100);
        staff.Property(s => s.HprNumber).HasMaxLength(9);
        staff.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        staff.HasIndex(s => s.OrganisationId);
    }
}

sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> user)
    {
        user.Property(u => u.Id).ValueGeneratedNever();
        user.Property(u => u.UserName).HasMaxLength(100);
        user.Property(u => u.DisplayName).HasMaxLength(200);
        user.Property(u => u.PasswordHash).HasMaxLength(400);
        // Flags enum: stored as its number, since a string cannot hold a combination cleanly.
        user.Property(u => u.Roles).HasConversion<int>();
        user.HasIndex(u => u.UserName).IsUnique();
        user.Property(u => u.Email).HasMaxLength(UserAccount.MaxEmail);
        user.Property(u => u.EmailOffKinds).HasMaxLength(400);
    }
}
