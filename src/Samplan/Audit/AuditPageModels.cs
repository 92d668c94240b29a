using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// Base for pages only some system roles may open. Anyone else gets a plain 403, and the refusal is
/// audited, before any handler runs, so no page can forget the check.
/// </summary>
public abstract class RolePageModel(CurrentUser me, AuditLog audit) : PageModel
{
    protected CurrentUser Me => me;

    protected AuditLog Audit => audit;

    /// <summary>The user may open the page when they hold at least one of these roles.</summary>
    protected abstract SystemRole[] AllowedRoles { get; }

    /// <summary>Role written to the audit log for this page's actions.</summary>
    protected string AuditRole => me.Has(SystemRole.PrivacyOfficer) ? "personvernombud"
        : me.Has(SystemRole.Administrator) ? "administrator" : "";

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!AllowedRoles.Any(me.Has))
        {
            await audit.WriteAsync(me, "", "audit.denied", null, null, null, false,
                $"Ingen tilgang til {context.HttpContext.Request.Path}", context.HttpContext.RequestAborted);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }
}

/// <summary>The log's content names patients' plans: only the privacy officer reads it (administrators only verify it).</summary>
public abstract class PrivacyOfficerPageModel(CurrentUser me, AuditLog audit) : RolePageModel(me, audit)
{
    protected override SystemRole[] AllowedRoles => [SystemRole.PrivacyOfficer];
}
