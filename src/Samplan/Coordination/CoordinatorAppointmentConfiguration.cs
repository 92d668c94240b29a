using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Coordination;

namespace Samplan.Coordination;

sealed class CoordinatorAppointmentConfiguration : IEntityTypeConfiguration<CoordinatorAppointment>
{
    public void Configure(EntityTypeBuilder<CoordinatorAppointment> appointment)
    {
        appointment.Property(a => a.Id).ValueGeneratedNever();
        appointment.Property(a => a.CoordinatorName).HasMaxLength(200);
        appointment.Property(a => a.ConsentGivenBy).HasMaxLength(200);
        appointment.HasOne<Domain.People.Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        appointment.Property(a => a.Wish).HasMaxLength(CoordinatorAppointment.MaxWish);
        appointment.Property(a => a.WishedName).HasMaxLength(200);
        // C1: one running coordinator-only appointment per person, also when two units save at once.
        appointment.HasIndex(a => a.PersonId).IsUnique().HasFilter("\"EndedOn\" IS NULL");
        appointment.HasIndex(a => a.CoordinatorStaffId);
    }
}
