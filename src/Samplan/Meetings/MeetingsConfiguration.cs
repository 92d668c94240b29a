using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.Meetings;

sealed class ResponsibilityGroupConfiguration : IEntityTypeConfiguration<ResponsibilityGroup>
{
    public void Configure(EntityTypeBuilder<ResponsibilityGroup> group)
    {
        group.ToTable("ResponsibilityGroups");
        group.Property(g => g.Id).ValueGeneratedNever();
        group.Property(g => g.PersonName).HasMaxLength(200);
        group.Property(g => g.CreatedByName).HasMaxLength(200);
        group.Property(g => g.ConsentGivenBy).HasMaxLength(200);
        group.Ignore(g => g.IsLarge);
        group.Ignore(g => g.MinutesWriter);
        group.Ignore(g => g.MeetingCaller);
        group.HasOne<Domain.People.Person>().WithMany().HasForeignKey(g => g.PersonId).OnDelete(DeleteBehavior.Restrict);
        group.HasOne<IndividualPlan>().WithMany().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
        // One group per person (A1), whether or not there is a plan.
        group.HasIndex(g => g.PersonId).IsUnique();
        group.HasIndex(g => g.PlanId);
        group.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        group.Navigation(g => g.Members).HasField("_members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> member)
    {
        member.ToTable("ResponsibilityGroupMembers");
        member.Property(m => m.Id).ValueGeneratedNever();
        member.Property(m => m.Name).HasMaxLength(200);
        member.Property(m => m.Task).HasMaxLength(ResponsibilityGroup.MaxTask);
        member.HasIndex(m => m.StaffMemberId);
    }
}

sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> meeting)
    {
        meeting.ToTable("Meetings");
        meeting.Property(m => m.Id).ValueGeneratedNever();
        // Two conveners changing the same summons at once: the second is refused, not silently lost.
        meeting.Property(m => m.Sequence).IsConcurrencyToken();
        meeting.Property(m => m.Agenda).HasMaxLength(Meeting.MaxAgenda);
        meeting.Property(m => m.Place).HasMaxLength(Meeting.MaxPlace);
        meeting.Property(m => m.VideoLink).HasMaxLength(Meeting.MaxVideoLink);
        meeting.Property(m => m.SummonedByName).HasMaxLength(200);
        meeting.Property(m => m.MinutesText).HasMaxLength(Meeting.MaxMinutes);
        meeting.Property(m => m.PersonsOwnInput).HasMaxLength(Meeting.MaxMinutes);
        meeting.Property(m => m.MinutesWrittenByName).HasMaxLength(200);
        meeting.Property(m => m.MinutesApprovedByName).HasMaxLength(200);
        meeting.Ignore(m => m.IsCancelled);
        meeting.Ignore(m => m.MinutesApproved);
        meeting.Ignore(m => m.HasMinutes);
        meeting.HasOne<IndividualPlan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        meeting.HasOne<ResponsibilityGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.SetNull);
        meeting.HasIndex(m => new { m.PlanId, m.StartsAt });
        meeting.HasMany(m => m.Invitees).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
        meeting.Navigation(m => m.Invitees).HasField("_invitees").UsePropertyAccessMode(PropertyAccessMode.Field);
        meeting.HasMany(m => m.Decisions).WithOne().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
        meeting.Navigation(m => m.Decisions).HasField("_decisions").UsePropertyAccessMode(PropertyAccessMode.Field);
        meeting.HasMany(m => m.Addenda).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        meeting.Navigation(m => m.Addenda).HasField("_addenda").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class MeetingPartsConfiguration :
    IEntityTypeConfiguration<MeetingInvitee>, IEntityTypeConfiguration<MeetingDecision>, IEntityTypeConfiguration<MinutesAddendum>
{
    public void Configure(EntityTypeBuilder<MeetingInvitee> invitee)
    {
        invitee.ToTable("MeetingInvitees");
        invitee.Property(i => i.Id).ValueGeneratedNever();
        invitee.Property(i => i.Name).HasMaxLength(200);
        invitee.Property(i => i.ReplyComment).HasMaxLength(Meeting.MaxReplyComment);
        invitee.HasIndex(i => i.StaffMemberId);
    }

    public void Configure(EntityTypeBuilder<MeetingDecision> decision)
    {
        decision.ToTable("MeetingDecisions");
        decision.Property(d => d.Id).ValueGeneratedNever();
        decision.Property(d => d.Text).HasMaxLength(Meeting.MaxDecision);
    }

    public void Configure(EntityTypeBuilder<MinutesAddendum> addendum)
    {
        addendum.ToTable("MinutesAddenda");
        addendum.Property(a => a.Id).ValueGeneratedNever();
        addendum.Property(a => a.Text).HasMaxLength(Meeting.MaxMinutes);
        addendum.Property(a => a.WrittenByName).HasMaxLength(200);
    }
}
