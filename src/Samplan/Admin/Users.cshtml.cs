using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Admin;

/// <summary>
/// Administrators manage organisations' users and roles — and read no plan content: nothing here
/// touches plans, and the access policy gives administrators no plan role.
/// </summary>
public sealed class UsersModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string UserName, string DisplayName, SystemRole Roles, string? Organisation, bool LockedOut);

    public IReadOnlyList<Row> Users { get; private set; } = [];
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [BindProperty] public NewUserInput Input { get; set; } = new();
    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public sealed class NewUserInput
    {
        [Required(ErrorMessage = "Skriv et brukernavn."), StringLength(100), RegularExpression("^[a-zA-Z0-9._-]+$", ErrorMessage = "Brukernavnet kan bare ha bokstaver a–z, tall, punktum, bindestrek og understrek.")]
        public string? UserName { get; set; }
        [Required(ErrorMessage = "Skriv navnet."), StringLength(200)] public string? Name { get; set; }
        [Required(ErrorMessage = "Skriv et passord."), StringLength(200, MinimumLength = Accounts.MinimumPasswordLength, ErrorMessage = "Passordet må ha minst 12 tegn.")]
        public string? Password { get; set; }
        public Guid OrganisationId { get; set; }
        [StringLength(100)] public string? Profession { get; set; }
        public bool IsHealthPersonnel { get; set; }
        [StringLength(9)] public string? HprNumber { get; set; }
        public bool CoordinatingUnitStaff { get; set; }
        public bool Administrator { get; set; }
        public bool PrivacyOfficer { get; set; }
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!me.Has(SystemRole.Administrator))
        {
            await audit.WriteAsync(me, "", "admin.denied", null, null, null, false, "Brukeradministrasjon er for administratorer", context.HttpContext.RequestAborted);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == Input.OrganisationId, ct);
        if (organisation is null) ModelState.AddModelError("Input.OrganisationId", "Velg virksomhet.");
        var userName = (Input.UserName ?? "").Trim().ToLowerInvariant();
        if (await db.UserAccounts.AnyAsync(u => u.UserName == userName, ct))
            ModelState.AddModelError("Input.UserName", $"Brukernavnet «{userName}» er i bruk.");
        if (!ModelState.IsValid) return await RedisplayAsync(ct);
        try
        {
            var staff = new StaffMember(Guid.NewGuid(), Input.Name!, organisation!.Id, organisation.Level, Input.Profession ?? "",
                Input.IsHealthPersonnel, string.IsNullOrWhiteSpace(Input.HprNumber) ? null : Input.HprNumber.Trim());
            var roles = SystemRole.Staff
                | (Input.CoordinatingUnitStaff ? SystemRole.CoordinatingUnitStaff : 0)
                | (Input.Administrator ? SystemRole.Administrator : 0)
                | (Input.PrivacyOfficer ? SystemRole.PrivacyOfficer : 0);
            var account = new UserAccount(Guid.NewGuid(), userName, staff.Name, roles, staff.Id, organisation.Id);
            Accounts.SetPassword(account, Input.Password!);
            db.StaffMembers.Add(staff);
            db.UserAccounts.Add(account);
            audit.Add(me, "administrator", "user.create", null, null, null, true, $"Bruker {userName} opprettet ({roles})");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return await RedisplayAsync(ct);
        }
        TempData["Status"] = $"Brukeren «{userName}» er opprettet.";
        return Redirect("/admin/users");
    }

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) => ChangeUserAsync(u =>
    {
        u.Unlock();
        return "låst opp";
    }, ct);

    public Task<IActionResult> OnPostResetPasswordAsync(CancellationToken ct) => ChangeUserAsync(u =>
    {
        Accounts.SetPassword(u, NewPassword ?? "");
        u.Unlock();
        return "nytt passord satt";
    }, ct);

    async Task<IActionResult> ChangeUserAsync(Func<UserAccount, string> change, CancellationToken ct)
    {
        var user = await db.UserAccounts.FirstOrDefaultAsync(u => u.Id == UserId, ct);
        if (user is null) return NotFound();
        string what;
        try
        {
            what = change(user);
        }
        catch (ArgumentException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, e.Message.Split(" (Parameter")[0]);
            return await RedisplayAsync(ct);
        }
        audit.Add(me, "administrator", "user.change", null, null, null, true, $"Bruker {user.UserName}: {what}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"Brukeren «{user.UserName}»: {what}.";
        return Redirect("/admin/users");
    }

    async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        Users = await (from u in db.UserAccounts
                       join o in db.Organisations on u.OrganisationId equals o.Id into orgs
                       from o in orgs.DefaultIfEmpty()
                       orderby u.UserName
                       select new Row(u.Id, u.UserName, u.DisplayName, u.Roles, o == null ? null : o.Name, u.LockedUntil != null && u.LockedUntil > now))
            .Take(500).ToListAsync(ct);
    }
}
