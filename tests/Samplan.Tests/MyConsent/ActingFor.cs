using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.MyConsent;

/// <summary>
/// S2, S3: a browser signed in as a parent or guardian acting for the person — the sign-in cookie carries the person's id
/// and the related-person row they act through, as the representation sign-in issues it. Built here with the app's own
/// cookie protection, so the test does not depend on how the user chose whom to act for.
/// </summary>
public static class ActingFor
{
    public static async Task<Browser> SignedInAsync(SamplanFactory app, string userName, string personName)
    {
        await using var db = app.NewDb();
        var account = await db.UserAccounts.AsNoTracking().SingleAsync(u => u.UserName == userName);
        var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Name == personName);
        var user = CurrentUser.Of(account) with { PersonId = person.Id, ActingAsRelatedPersonId = account.RelatedPersonId };
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        var now = app.Clock.GetUtcNow();
        var ticket = new AuthenticationTicket(user.ToPrincipal(scheme),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddMinutes(30) }, scheme);
        var cookies = new CookieContainer();
        cookies.Add(new Uri("http://localhost"), new Cookie(options.Cookie.Name!, options.TicketDataFormat.Protect(ticket)));
        return new Browser(app.CreateDefaultClient(new CookieContainerHandler(cookies)));
    }
}
