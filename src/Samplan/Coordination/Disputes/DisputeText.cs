using Samplan.Domain.Coordination;

namespace Samplan.Coordination.Disputes;

public static class DisputeText
{
    public static string Status(DisputeStatus s) => s switch
    {
        DisputeStatus.Open => "Til felles vurdering",
        DisputeStatus.Agreed => "Enige",
        DisputeStatus.Escalated => "Sendt til tvisteløsning etter samarbeidsavtalen",
        _ => s.ToString(),
    };
}
