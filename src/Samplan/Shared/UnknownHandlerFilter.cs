using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Samplan.Shared;

/// <summary>
/// A POST (or other non-GET) that matches no handler of a page is a 404. Left alone, Razor Pages renders
/// the page without running any handler, so a page whose model is filled in by OnGet renders with an empty
/// model: a 500, or a page that skipped the plan gate and its audit (R8).
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new NotFoundResult();
            return;
        }
        await next();
    }
}
