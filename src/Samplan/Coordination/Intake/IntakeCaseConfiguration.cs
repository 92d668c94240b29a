using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Coordination;

namespace Samplan.Coordination.Intake;

sealed class IntakeCaseConfiguration : IEntityTypeConfiguration<IntakeCase>
{
    public void Configure(EntityTypeBuilder<IntakeCase> intake)
    {
        intake.ToTable("IntakeCases");
        intake.Property(c => c.Id).ValueGeneratedNever();
        intake.Property(c => c.ReporterName).HasMaxLength(200);
        intake.Property(c => c.ReporterOrganisationName).HasMaxLength(200);
        intake.Property(c => c.Need).HasMaxLength(IntakeCase.MaxText);
        intake.Property(c => c.Guidance).HasMaxLength(IntakeCase.MaxText);
        intake.Property(c => c.DecisionReasons).HasMaxLength(IntakeCase.MaxText);
        intake.Property(c => c.DecidedByName).HasMaxLength(200);
        intake.HasOne<Domain.People.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        intake.HasOne<Domain.Organisations.Organisation>().WithMany().HasForeignKey(c => c.ReceivingOrganisationId).OnDelete(DeleteBehavior.Restrict);
        intake.HasIndex(c => new { c.ReceivingOrganisationId, c.Status });
        intake.HasIndex(c => new { c.ReceivingOrganisationId, c.ReceivedAt }); // K4 dashboard: cases per month
        intake.HasIndex(c => c.PersonId);
        intake.Ignore(c => c.PersonConsentsToAssessment);

        // Steps and complaints belong to the case and load with it.
        intake.OwnsMany(c => c.Steps, s =>
        {
            s.ToTable("IntakeSteps");
            s.WithOwner().HasForeignKey(x => x.CaseId);
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).ValueGeneratedNever();
            s.Property(x => x.ByName).HasMaxLength(200);
            s.Property(x => x.Text).HasMaxLength(IntakeCase.MaxText + 200);
        });
        intake.Navigation(c => c.Steps).HasField("_steps").UsePropertyAccessMode(PropertyAccessMode.Field);
        intake.OwnsMany(c => c.Complaints, k =>
        {
            k.ToTable("IntakeComplaints");
            k.WithOwner().HasForeignKey(x => x.CaseId);
            k.HasKey(x => x.Id);
            k.Property(x => x.Id).ValueGeneratedNever();
            k.Property(x => x.Text).HasMaxLength(IntakeCase.MaxText);
            k.Property(x => x.OutcomeNote).HasMaxLength(IntakeCase.MaxText);
        });
        intake.Navigation(c => c.Complaints).HasField("_complaints").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
