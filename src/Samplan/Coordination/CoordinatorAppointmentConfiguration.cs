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
        appointment.HasIndex(a => a.PersonId);
        appointment.HasIndex(a => a.CoordinatorStaffId);
    }
}
