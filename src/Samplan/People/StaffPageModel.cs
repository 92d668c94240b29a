using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Audit;
using Samplan.Shared;

namespace Samplan.People;

/// <summary>
/// Base for the person pages. Identity numbers, contact details and relatives are for staff who
/// may start or take part in plan work; administrators and citizens get 403 (audited) before any
/// handler runs, so no page can forget the check.
/// </summary>
public abstract class StaffPageModel(CurrentUser me, AuditLog audit) : PageModel
{
    /// <summary>Role written to the audit log for the person pages.</summary>
    protected const string AuditRole = "ansatt";

    protected CurrentUser Me => me;

    protected AuditLog Audit => audit;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (me.StaffMemberId is null)
        {
            await audit.WriteAsync(me, "ikke ansatt", "person.denied", null, null, null, false,
                "Personsidene er bare for ansatte", context.HttpContext.RequestAborted);
            // A plain 403 (not Forbid()): the cookie scheme would redirect to /account/denied.
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }
}
