namespace Samplan.Plans;

/// <summary>R5: one saved change to a plan — who, when, what in words, and the whole plan as readable lines.</summary>
public sealed class PlanRevision
{
    PlanRevision() { ByName = ""; Summary = ""; Snapshot = ""; }

    public PlanRevision(Guid planId, int version, DateTime at, Guid byUserId, string byName, string summary, string snapshot)
    {
        Id = Guid.NewGuid();
        PlanId = planId;
        Version = version;
        At = at;
        ByUserId = byUserId;
        ByName = byName;
        Summary = summary;
        Snapshot = snapshot;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public int Version { get; private set; }
    public DateTime At { get; private set; }
    public Guid ByUserId { get; private set; }
    public string ByName { get; private set; }
    public string Summary { get; private set; }
    /// <summary>Lines from <see cref="Domain.Plans.PlanSnapshot.Render"/>, joined by newlines.</summary>
    public string Snapshot { get; private set; }

    public IReadOnlyList<string> SnapshotLines => Snapshot.Split('\n');
}
