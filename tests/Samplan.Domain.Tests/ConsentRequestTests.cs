using Samplan.Domain.People;
using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

/// <summary>The person's own consent: asked for digitally, given or declined, narrowed or withdrawn by whoever may consent (R3, S1–S5).</summary>
public sealed class ConsentRequestTests
{
    static (IndividualPlan Plan, Person Person, Participant Gp) AdultPlan()
    {
        var person = PersonAged(70, "Arne Johansen");
        var plan = Plan(person: person);
        var gp = plan.AddProvider(Staff(Municipality, name: "Ingrid Berg"), ParticipantRole.GeneralPractitioner, "Medisinsk oppfølging");
        return (plan, person, gp);
    }

    static ConsentSharing HealthWith(Participant p, string? purpose = "Medisinsk oppfølging") =>
        new(new HashSet<InformationKind> { InformationKind.HealthInformation, InformationKind.GoalsAndMeasures },
            new HashSet<InformationKind> { InformationKind.SchoolInformation }, new HashSet<Guid> { p.Id }, new HashSet<Guid>(), purpose);

    static ConsentRequest Ask(IndividualPlan plan, ConsentSharing sharing, DateOnly? validTo = null) =>
        ConsentRequest.Ask(Guid.NewGuid(), plan, sharing, validTo, true, Guid.NewGuid(), "Kari Nordmann", Today, Now);

    [Fact]
    public void A_requested_consent_given_by_the_person_is_recorded_as_digital_with_no_staff_recorder_R3_S5()
    {
        var (plan, person, gp) = AdultPlan();
        var request = Ask(plan, HealthWith(gp), Today.AddYears(1));
        Assert.False(plan.Covers(gp, Today));

        var consent = plan.GiveRequestedConsent(request, person, null, Today, Now);

        Assert.Equal(ConsentForm.Digital, consent.Form);
        Assert.Null(consent.RecordedByStaffId);
        Assert.Equal("Arne Johansen", consent.GivenBy);
        Assert.Equal(Today, consent.GivenOn);
        Assert.Equal(Today.AddYears(1), consent.ValidTo);
        Assert.Equal("Medisinsk oppfølging", consent.Purpose);
        Assert.Contains(InformationKind.SchoolInformation, consent.ExcludedKinds);
        Assert.True(plan.Lets(gp, InformationKind.HealthInformation, Today));
        Assert.False(plan.Lets(gp, InformationKind.SchoolInformation, Today));
        Assert.Equal(ConsentRequestAnswer.Given, request.Answer);
        Assert.Equal(consent.Id, request.ConsentId);
        Assert.Contains(plan.PendingChanges, c => c.Contains("digitalt", StringComparison.Ordinal));
        // A request is answered once.
        Refusal.Of("R3", () => plan.GiveRequestedConsent(request, person, null, Today, Now));
    }

    [Fact]
    public void A_child_under_16_can_neither_give_decline_nor_withdraw_but_a_parent_can_S2()
    {
        var child = PersonAged(10);
        var mother = child.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility);
        var plan = Plan(person: child, consent: new ConsentDeclaration(mother.Id, ConsentForm.Written, Today.AddDays(-10), null, true, true));
        var teacher = plan.AddProvider(Staff(School, false, "Erik Strand"), ParticipantRole.ServiceProvider, null);
        var request = Ask(plan, HealthWith(teacher, "Tilrettelegging"));

        Refusal.Of("S2", () => plan.GiveRequestedConsent(request, child, null, Today, Now));
        Refusal.Of("S2", () => request.Decline(plan, child, null, Today, Now));
        var first = plan.Consents.Single();
        Refusal.Of("S2", () => plan.WithdrawConsentAsPerson(first.Id, child, null, Today));
        Assert.Null(first.WithdrawnOn);

        var given = plan.GiveRequestedConsent(request, child, mother.Id, Today, Now);
        Assert.Equal("Lene Larsen", given.GivenBy);
        Assert.Equal(ConsentGiverRole.ParentWithResponsibility, given.GiverRole);
        plan.NarrowConsentAsPerson(given.Id, teacher.Id, null, null, child, mother.Id, Today);
        Assert.False(plan.Covers(teacher, Today));
        Assert.Contains(plan.PendingChanges, c => c.Contains("innsnevret av Lene Larsen", StringComparison.Ordinal));
    }

    [Fact]
    public void Declining_is_recorded_and_changes_no_consent_S5()
    {
        var (plan, person, gp) = AdultPlan();
        var request = Ask(plan, HealthWith(gp));
        request.Decline(plan, person, null, Today, Now);
        Assert.Equal(ConsentRequestAnswer.Declined, request.Answer);
        Assert.Equal("Arne Johansen", request.AnsweredByName);
        Assert.Equal(Now, request.AnsweredAt);
        Assert.Single(plan.Consents);
        Refusal.Of("R3", () => request.Decline(plan, person, null, Today, Now));
    }

    [Fact]
    public void A_request_must_say_what_with_whom_and_for_what_use_R3()
    {
        var (plan, _, gp) = AdultPlan();
        Refusal.Of("R3", () => Ask(plan, HealthWith(gp, purpose: " ")));
        Refusal.Of("R3", () => Ask(plan, new ConsentSharing(new HashSet<InformationKind>(), new HashSet<InformationKind>(),
            new HashSet<Guid> { gp.Id }, new HashSet<Guid>(), "Oppfølging")));
        Refusal.Of("R3", () => Ask(plan, new ConsentSharing(ConsentSharing.AllKinds, new HashSet<InformationKind>(),
            new HashSet<Guid>(), new HashSet<Guid>(), "Oppfølging")));
        Refusal.Of("R3", () => Ask(plan, new ConsentSharing(ConsentSharing.AllKinds, new HashSet<InformationKind>(),
            new HashSet<Guid> { Guid.NewGuid() }, new HashSet<Guid>(), "Oppfølging")));
        Refusal.Of("R3", () => Ask(plan, HealthWith(gp), Today.AddDays(-1)));
    }

    [Fact]
    public void The_person_withdraws_wholly_and_every_participant_loses_access_at_once_S5()
    {
        var (plan, person, gp) = AdultPlan();
        plan.RecordConsent(Consent(), person, Guid.NewGuid(), HealthWith(gp));
        var sharing = plan.Consents.Single(c => c.Recipients.Count > 0);
        Assert.True(plan.Covers(gp, Today));
        plan.WithdrawConsentAsPerson(sharing.Id, person, null, Today);
        Assert.Equal(Today, sharing.WithdrawnOn);
        Assert.False(plan.Covers(gp, Today));
        Assert.Contains(plan.PendingChanges, c => c.Contains("trukket tilbake av Arne Johansen", StringComparison.Ordinal));
    }

    [Fact]
    public void Staff_cannot_record_a_consent_as_digital_S5()
    {
        var (plan, person, _) = AdultPlan();
        Refusal.Of("S5", () => plan.RecordConsent(new ConsentDeclaration(null, ConsentForm.Digital, Today, null, true, true), person, Guid.NewGuid()));
    }

    [Fact]
    public void A_message_needs_words_and_at_most_4000_characters_and_an_open_plan_R12_R10()
    {
        var (plan, _, _) = AdultPlan();
        var message = PlanMessage.Send(Guid.NewGuid(), plan, Guid.NewGuid(), "Arne Johansen", MessageSenderRole.Person, "  Hei Kari\r\nNår kommer du?  ", Now);
        Assert.Equal("Hei Kari\nNår kommer du?", message.Text);
        Assert.True(message.FromPersonSide);
        Refusal.Of("R12", () => PlanMessage.Send(Guid.NewGuid(), plan, Guid.NewGuid(), "A", MessageSenderRole.Person, "   ", Now));
        Refusal.Of("R12", () => PlanMessage.Send(Guid.NewGuid(), plan, Guid.NewGuid(), "A", MessageSenderRole.Person, new string('a', 4001), Now));
        Assert.Equal(4000, PlanMessage.Send(Guid.NewGuid(), plan, Guid.NewGuid(), "A", MessageSenderRole.Person, new string('a', 4000), Now).Text.Length);
        plan.Close("Ferdig", true, Now);
        Refusal.Of("R10", () => PlanMessage.Send(Guid.NewGuid(), plan, Guid.NewGuid(), "A", MessageSenderRole.Coordinator, "Hei", Now));
    }
}
