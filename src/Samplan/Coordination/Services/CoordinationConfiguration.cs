using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;

namespace Samplan.Coordination.Services;

sealed class ServiceOfferingConfiguration : IEntityTypeConfiguration<ServiceOffering>
{
    public void Configure(EntityTypeBuilder<ServiceOffering> service)
    {
        service.Property(s => s.Id).ValueGeneratedNever();
        service.Property(s => s.OrganisationName).HasMaxLength(200);
        service.Property(s => s.Name).HasMaxLength(200);
        service.Property(s => s.Description).HasMaxLength(2000);
        service.Property(s => s.Phone).HasMaxLength(40);
        service.Property(s => s.Email).HasMaxLength(200);
        service.Property(s => s.Web).HasMaxLength(400);
        service.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        service.HasIndex(s => s.OrganisationId);
    }
}

sealed class RoutineDocumentConfiguration : IEntityTypeConfiguration<RoutineDocument>
{
    public void Configure(EntityTypeBuilder<RoutineDocument> routine)
    {
        routine.Property(r => r.Id).ValueGeneratedNever();
        routine.Property(r => r.Title).HasMaxLength(200);
        routine.Property(r => r.Body).HasMaxLength(20000);
        routine.Property(r => r.CreatedBy).HasMaxLength(200);
        routine.Property(r => r.PublishedBy).HasMaxLength(200);
        routine.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        routine.HasIndex(r => new { r.SeriesId, r.VersionNumber }).IsUnique();
        routine.HasIndex(r => r.OrganisationId);
    }
}

sealed class DisputeCaseConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(EntityTypeBuilder<DisputeCase> dispute)
    {
        dispute.Property(d => d.Id).ValueGeneratedNever();
        dispute.Property(d => d.Subject).HasMaxLength(2000);
        dispute.Property(d => d.Outcome).HasMaxLength(4000);
        dispute.Property(d => d.OpenedBy).HasMaxLength(200);
        dispute.Property(d => d.MunicipalOrganisationName).HasMaxLength(200);
        dispute.Property(d => d.HospitalOrganisationName).HasMaxLength(200);
        dispute.HasOne<Domain.People.Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Restrict);
        dispute.HasOne<Organisation>().WithMany().HasForeignKey(d => d.MunicipalOrganisationId).OnDelete(DeleteBehavior.Restrict);
        dispute.HasOne<Organisation>().WithMany().HasForeignKey(d => d.HospitalOrganisationId).OnDelete(DeleteBehavior.Restrict);
        dispute.HasMany(d => d.Notes).WithOne().HasForeignKey(n => n.DisputeId).OnDelete(DeleteBehavior.Cascade);
        dispute.Navigation(d => d.Notes).HasField("_notes").UsePropertyAccessMode(PropertyAccessMode.Field);
        dispute.HasIndex(d => d.MunicipalOrganisationId);
        dispute.HasIndex(d => d.HospitalOrganisationId);
    }
}

sealed class DisputeNoteConfiguration : IEntityTypeConfiguration<DisputeNote>
{
    public void Configure(EntityTypeBuilder<DisputeNote> note)
    {
        note.Property(n => n.Id).ValueGeneratedNever();
        note.Property(n => n.OrganisationName).HasMaxLength(200);
        note.Property(n => n.AuthorName).HasMaxLength(200);
        note.Property(n => n.Text).HasMaxLength(8000);
    }
}
