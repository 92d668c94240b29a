using Samplan.Data;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// Checks the audit log's hash chain and shows the first broken entry. For administrators and the
/// privacy officer; it shows no log content, only whether the log is whole and where it is not.
/// </summary>
public sealed class VerifyModel(SamplanDb db, CurrentUser me, AuditLog audit) : RolePageModel(me, audit)
{
    protected override SystemRole[] AllowedRoles => [SystemRole.Administrator, SystemRole.PrivacyOfficer];

    public AuditChainResult Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await AuditChain.VerifyAsync(db, ct: ct);
        await Audit.WriteAsync(Me, AuditRole, "audit.verify", null, null, null, true, Result.Message, ct);
    }
}
