using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Audit;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// Base for the coordinating unit's own pages (K4–K7): only coordinating-unit staff with an organisation,
/// and always scoped to that organisation. Everyone else gets a plain 403 (audited) before any handler runs.
/// </summary>
public abstract class KePageModel(CurrentUser me, AuditLog audit) : PageModel
{
    protected const string AuditRole = "koordinerende enhet";

    protected CurrentUser Me => me;

    protected AuditLog Audit => audit;

    /// <summary>The user's own organisation: the scope of every figure and list.</summary>
    protected Guid OrganisationId => me.OrganisationId!.Value;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!me.Has(SystemRole.CoordinatingUnitStaff) || me.OrganisationId is null)
        {
            await audit.WriteAsync(me, "", "ke.denied", null, null, null, false,
                $"Sidene for koordinerende enhet er bare for ansatte i enheten ({context.HttpContext.Request.Path})", context.HttpContext.RequestAborted);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }
}
