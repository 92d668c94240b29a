using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class PlanLogEntryTests
{
    static PlanLogEntry Write(IndividualPlan plan, string? text = "Syklet til skolen i dag.", InformationKind kind = InformationKind.PlanLog,
        DateOnly? on = null, PlanLogEntry? corrects = null) =>
        PlanLogEntry.Write(Guid.NewGuid(), plan, on ?? Today, text, kind, Guid.NewGuid(), "Ola Hansen", "Tjenesteyter", Today, Now, corrects);

    [Fact]
    public void An_entry_keeps_its_kind_of_information_R8()
    {
        var entry = Write(ReadyPlan(), kind: InformationKind.HealthInformation);

        Assert.Equal(InformationKind.HealthInformation, entry.Kind);
    }

    [Fact]
    public void A_correction_points_to_the_entry_it_corrects_and_keeps_its_kind_R5_R8()
    {
        var plan = ReadyPlan();
        var wrong = Write(plan, "Balansetest: 5 sekunder.", InformationKind.HealthInformation);

        var correction = Write(plan, "Balansetest: 8 sekunder.", InformationKind.PlanLog, corrects: wrong);

        Assert.Equal(wrong.Id, correction.CorrectsEntryId);
        // R8: the correction reaches exactly those who could read what it corrects.
        Assert.Equal(InformationKind.HealthInformation, correction.Kind);
        Assert.Equal("Balansetest: 5 sekunder.", wrong.Text);
    }

    [Fact]
    public void A_correction_of_an_entry_in_another_plan_is_refused_R5() =>
        Refusal.Of("R5", () => Write(ReadyPlan(), corrects: Write(ReadyPlan())));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_entry_needs_text_R5(string text) => Refusal.Of("R5", () => Write(ReadyPlan(), text));

    [Fact]
    public void An_entry_is_short_R5() => Refusal.Of("R5", () => Write(ReadyPlan(), new string('x', PlanLogEntry.MaxText + 1)));

    [Fact]
    public void An_entry_tells_of_what_has_happened_not_of_tomorrow_R5() => Refusal.Of("R5", () => Write(ReadyPlan(), on: Today.AddDays(1)));

    [Fact]
    public void Nothing_is_written_in_a_closed_plan_R10()
    {
        var plan = ReadyPlan();
        plan.Close("Ikke lenger behov, avtalt med personen.", agreedWithPerson: true, Now);

        Refusal.Of("R10", () => Write(plan));
    }

    [Fact]
    public void Entries_are_never_edited_in_place_R5() =>
        Assert.All(typeof(PlanLogEntry).GetProperties(),
            p => Assert.True(p.SetMethod is null || !p.SetMethod.IsPublic, $"{p.Name} has a public setter"));
}
