using Samplan.Domain.People;
using Samplan.Domain.Plans;

namespace Samplan.Domain.Shared;

/// <summary>Bokmål labels for domain values, used in change lines and snapshots; the web localizer translates them like any other text.</summary>
public static class Labels
{
    public static string Status(PlanStatus s) => s switch
    {
        PlanStatus.Draft => "Under arbeid",
        PlanStatus.Active => "Aktiv",
        PlanStatus.Closed => "Avsluttet",
        _ => "Overført",
    };

    public static string Goal(GoalStatus s) => s switch
    {
        GoalStatus.NotStarted => "Ikke startet",
        GoalStatus.InProgress => "Pågår",
        GoalStatus.Achieved => "Nådd",
        _ => "Avsluttet",
    };

    public static string Measure(MeasureStatus s) => s switch
    {
        MeasureStatus.Planned => "Planlagt",
        MeasureStatus.Ongoing => "Pågår",
        MeasureStatus.Paused => "Pause",
        MeasureStatus.Completed => "Fullført",
        _ => "Stoppet",
    };

    public static string Icf(IcfArea a) => a switch
    {
        IcfArea.BodyFunctionAndStructure => "Kroppsfunksjon og kroppsstruktur",
        IcfArea.DailyActivities => "Aktiviteter i dagliglivet",
        IcfArea.Participation => "Deltakelse (hjem, familie, venner, arbeid, fritid)",
        _ => "Miljø (sosialt og fysisk)",
    };

    public static string Role(ParticipantRole r) => r switch
    {
        ParticipantRole.Person => "Personen selv",
        ParticipantRole.Relative => "Pårørende",
        ParticipantRole.ServiceProvider => "Tjenesteyter",
        ParticipantRole.GeneralPractitioner => "Fastlege",
        _ => "Kontaktlege",
    };

    public static string SubPlan(SubPlanKind k) => k switch
    {
        SubPlanKind.IndividualEducationPlan => "Individuell opplæringsplan (IOP)",
        SubPlanKind.TreatmentPlan => "Behandlingsplan",
        SubPlanKind.CrisisPlan => "Kriseplan",
        SubPlanKind.CopingPlan => "Mestringsplan",
        SubPlanKind.TrainingProgramme => "Treningsprogram",
        _ => "Annen delplan",
    };

    public static string Giver(ConsentGiverRole r) => r switch
    {
        ConsentGiverRole.Person => "personen selv",
        ConsentGiverRole.ParentWithResponsibility => "forelder med foreldreansvar",
        _ => "verge",
    };

    /// <summary>S5: how a consent was given, in lower case for a sentence.</summary>
    public static string Form(ConsentForm f) => f switch
    {
        ConsentForm.Written => "skriftlig",
        ConsentForm.Oral => "muntlig",
        _ => "digitalt",
    };

    public static string Relation(RelationKind k) => k switch
    {
        RelationKind.Relative => "Pårørende",
        RelationKind.ParentWithResponsibility => "Forelder med foreldreansvar",
        _ => "Verge",
    };

    public static string Kind(InformationKind k) => k switch
    {
        InformationKind.GoalsAndMeasures => "Mål og tiltak",
        InformationKind.HealthInformation => "Helseopplysninger",
        InformationKind.SocialAndNavInformation => "Sosiale opplysninger og NAV-opplysninger",
        InformationKind.SchoolInformation => "Opplysninger fra skole og barnehage",
        InformationKind.PlanLog => "Planloggen",
        _ => "Referater fra møter",
    };
}
