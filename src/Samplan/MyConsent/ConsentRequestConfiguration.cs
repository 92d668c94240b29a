using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Plans;

namespace Samplan.MyConsent;

sealed class ConsentRequestConfiguration : IEntityTypeConfiguration<ConsentRequest>
{
    public void Configure(EntityTypeBuilder<ConsentRequest> request)
    {
        request.ToTable("ConsentRequests");
        request.Property(r => r.Id).ValueGeneratedNever();
        request.Property(r => r.SharedKindsList).HasMaxLength(300);
        request.Property(r => r.ExcludedKindsList).HasMaxLength(300);
        // Guids of 36 characters and a comma each: room for a large group.
        request.Property(r => r.ParticipantIdsList).HasMaxLength(4000);
        request.Property(r => r.OrganisationIdsList).HasMaxLength(2000);
        request.Property(r => r.Purpose).HasMaxLength(ConsentRequest.MaxPurpose);
        request.Property(r => r.AskedByName).HasMaxLength(200);
        request.Property(r => r.AnsweredByName).HasMaxLength(200);
        request.Ignore(r => r.SharedKinds);
        request.Ignore(r => r.ExcludedKinds);
        request.Ignore(r => r.ParticipantIds);
        request.Ignore(r => r.OrganisationIds);
        request.Ignore(r => r.Sharing);
        request.HasOne<IndividualPlan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
        request.HasIndex(r => new { r.PlanId, r.AskedAt });
    }
}
