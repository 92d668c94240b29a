using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>
/// R5, R12: the person's own experience, written in their own words before an evaluation (by the person or the one
/// who represents them, S2/S3). An <see cref="Evaluation"/> exists only once it is held, so this note is what the person
/// brings to it: the coordinator sees it when recording the evaluation and can take the words into it.
/// One note per plan and evaluation date; the person may change it until the evaluation is held.
/// </summary>
public sealed class EvaluationExperience
{
    public const int MaxText = 4000;

    EvaluationExperience() { Text = ""; WrittenByName = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    /// <summary>The plan's evaluation date the note is written for.</summary>
    public DateOnly ForEvaluationOn { get; private set; }
    public string Text { get; private set; }
    public Guid WrittenByUserId { get; private set; }
    public string WrittenByName { get; private set; }
    /// <summary>True when a parent or guardian wrote it on the person's behalf (S2, S3).</summary>
    public bool WrittenByRepresentative { get; private set; }
    public DateTime WrittenAt { get; private set; }

    /// <summary>R12: writes the person's experience for the plan's coming evaluation.</summary>
    public static EvaluationExperience Write(Guid id, IndividualPlan plan, string? text, Guid byUserId, string byName,
        bool byRepresentative, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet og skal ikke evalueres.");
        if (plan.NextEvaluationDate is not { } due)
            throw new DomainRuleException("R5", "Planen har ingen dato for neste evaluering ennå. Spør koordinatoren din.");
        var experience = new EvaluationExperience { Id = id, PlanId = plan.Id, ForEvaluationOn = due };
        experience.Change(text, byUserId, byName, byRepresentative, now);
        return experience;
    }

    /// <summary>The person changes what they wrote (the latest words count).</summary>
    public void Change(string? text, Guid byUserId, string byName, bool byRepresentative, DateTime now)
    {
        var clean = string.IsNullOrWhiteSpace(text)
            ? throw new DomainRuleException("R12", "Skriv hvordan du opplever at det går.")
            : text.Trim();
        if (clean.Length > MaxText)
            throw new DomainRuleException("R12", $"Teksten kan ha høyst {MaxText} tegn.");
        Text = clean;
        WrittenByUserId = byUserId;
        WrittenByName = byName;
        WrittenByRepresentative = byRepresentative;
        WrittenAt = now;
    }
}
