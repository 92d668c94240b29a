using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Plans;

namespace Samplan.Plans;

sealed class PlanConfiguration : IEntityTypeConfiguration<IndividualPlan>
{
    public void Configure(EntityTypeBuilder<IndividualPlan> plan)
    {
        plan.ToTable("Plans");
        plan.Property(p => p.Id).ValueGeneratedNever();
        plan.Property(p => p.Version).IsConcurrencyToken();
        plan.Property(p => p.ResponsibleOrganisationName).HasMaxLength(200);
        plan.Property(p => p.CoordinatorName).HasMaxLength(200);
        plan.Property(p => p.WhatMattersToPerson).HasMaxLength(4000);
        plan.Property(p => p.ClosingReason).HasMaxLength(4000);
        plan.Ignore(p => p.PendingChanges);
        plan.Ignore(p => p.IsOpen);
        // Issue 8: renewed with every save of the plan or a part of it, so a cached plan can be checked in one lookup (PlanCache).
        plan.Property<Guid>(PlanCache.StampProperty);
        // R2: at most one open plan per person, also under races the aggregate check cannot see.
        plan.HasIndex(p => p.PersonId).IsUnique().HasFilter("\"Status\" IN ('Draft', 'Active')")
            .HasDatabaseName("IX_Plans_OneOpenPlanPerPerson");
        // A person's plans, closed ones too ("who has read my plan", my plans): the filtered index above cannot serve them, and
        // without this each such page read every plan row (about 200 ms at national scale, issue 8).
        plan.HasIndex(p => p.PersonId, "PlansOfAPerson").HasDatabaseName("IX_Plans_PersonId");
        plan.HasIndex(p => p.CoordinatorStaffId);
        // K4 dashboard (issue 8): its counts per organisation read these indexes only, not the plan rows.
        plan.HasIndex(p => new { p.ResponsibleOrganisationId, p.CreatedAt, p.PersonId });
        plan.HasIndex(p => new { p.ResponsibleOrganisationId, p.Status, p.CoordinatorStaffId });
        plan.HasIndex(p => new { p.ResponsibleOrganisationId, p.Status, p.NextEvaluationDate });
        plan.HasIndex(p => new { p.ResponsibleOrganisationId, p.Status, p.NextRevisionDate });
        // The reminder job looks up only the plans whose evaluation or revision is due.
        plan.HasIndex(p => new { p.Status, p.NextEvaluationDate });
        plan.HasIndex(p => new { p.Status, p.NextRevisionDate });
        plan.HasOne<Domain.People.Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);

        HasParts(plan, p => p.Goals, "_goals");
        HasParts(plan, p => p.Needs, "_needs");
        HasParts(plan, p => p.Resources, "_resources");
        HasParts(plan, p => p.Participants, "_participants");
        HasParts(plan, p => p.Measures, "_measures");
        HasParts(plan, p => p.Collaborations, "_collaborations");
        HasParts(plan, p => p.SubPlans, "_subPlans");
        HasParts(plan, p => p.Consents, "_consents");
    }

    static void HasParts<T>(EntityTypeBuilder<IndividualPlan> plan, System.Linq.Expressions.Expression<Func<IndividualPlan, IEnumerable<T>?>> parts, string field)
        where T : class
    {
        plan.HasMany(parts).WithOne().HasForeignKey("PlanId").OnDelete(DeleteBehavior.Cascade);
        plan.Navigation(parts).HasField(field).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> goal)
    {
        goal.Property(g => g.Id).ValueGeneratedNever();
        goal.Property(g => g.Text).HasMaxLength(2000);
    }
}

sealed class NeedConfiguration : IEntityTypeConfiguration<Need>
{
    public void Configure(EntityTypeBuilder<Need> need)
    {
        need.Property(n => n.Id).ValueGeneratedNever();
        need.Property(n => n.Description).HasMaxLength(2000);
    }
}

sealed class ResourceConfiguration : IEntityTypeConfiguration<PlanResource>
{
    public void Configure(EntityTypeBuilder<PlanResource> resource)
    {
        resource.ToTable("PlanResources");
        resource.Property(r => r.Id).ValueGeneratedNever();
        resource.Property(r => r.Description).HasMaxLength(2000);
    }
}

sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> participant)
    {
        participant.Property(p => p.Id).ValueGeneratedNever();
        participant.Property(p => p.Name).HasMaxLength(200);
        participant.Property(p => p.Contribution).HasMaxLength(2000);
        participant.Ignore(p => p.GivesServices);
        // "My plans" and the access policy look plans up by the staff member taking part.
        participant.HasIndex(p => p.StaffMemberId);
        participant.HasIndex(p => p.RelatedPersonId);
    }
}

sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> measure)
    {
        measure.Property(m => m.Id).ValueGeneratedNever();
        measure.Property(m => m.Title).HasMaxLength(300);
        measure.Property(m => m.Scope).HasMaxLength(500);
        measure.Property(m => m.ResponsibleOrganisationName).HasMaxLength(200);
        measure.Property(m => m.HowCarriedOut).HasMaxLength(2000);
    }
}

sealed class CollaborationConfiguration : IEntityTypeConfiguration<Collaboration>
{
    public void Configure(EntityTypeBuilder<Collaboration> collaboration)
    {
        collaboration.Property(c => c.Id).ValueGeneratedNever();
        collaboration.Property(c => c.Agency).HasMaxLength(200);
        collaboration.Property(c => c.Purpose).HasMaxLength(2000);
    }
}

sealed class SubPlanConfiguration : IEntityTypeConfiguration<SubPlan>
{
    public void Configure(EntityTypeBuilder<SubPlan> subPlan)
    {
        subPlan.Property(s => s.Id).ValueGeneratedNever();
        subPlan.Property(s => s.Title).HasMaxLength(300);
        subPlan.Property(s => s.Link).HasMaxLength(1000);
        subPlan.Property(s => s.HeldBy).HasMaxLength(200);
    }
}

sealed class PlanConsentConfiguration : IEntityTypeConfiguration<PlanConsent>
{
    public void Configure(EntityTypeBuilder<PlanConsent> consent)
    {
        consent.Property(c => c.Id).ValueGeneratedNever();
        // The reminder job looks up consents about to run out.
        consent.HasIndex(c => c.ValidTo);
        consent.Property(c => c.GivenBy).HasMaxLength(200);
        consent.Property(c => c.SharedKindsList).HasMaxLength(300);
        consent.Property(c => c.ExcludedKindsList).HasMaxLength(300);
        consent.Property(c => c.Purpose).HasMaxLength(1000);
        consent.Property(c => c.SignedCopyNote).HasMaxLength(1000);
        consent.Ignore(c => c.SharedKinds);
        consent.Ignore(c => c.ExcludedKinds);
        consent.HasMany(c => c.Recipients).WithOne().HasForeignKey(r => r.ConsentId).OnDelete(DeleteBehavior.Cascade);
        consent.Navigation(c => c.Recipients).HasField("_recipients").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class ConsentRecipientConfiguration : IEntityTypeConfiguration<ConsentRecipient>
{
    public void Configure(EntityTypeBuilder<ConsentRecipient> recipient)
    {
        recipient.Property(r => r.Id).ValueGeneratedNever();
        recipient.HasIndex(r => r.ParticipantId);
    }
}

sealed class PlanRevisionConfiguration : IEntityTypeConfiguration<PlanRevision>
{
    public void Configure(EntityTypeBuilder<PlanRevision> revision)
    {
        revision.Property(r => r.Id).ValueGeneratedNever();
        revision.Property(r => r.ByName).HasMaxLength(200);
        revision.Ignore(r => r.SnapshotLines);
        revision.HasIndex(r => new { r.PlanId, r.Version }).IsUnique();
    }
}
