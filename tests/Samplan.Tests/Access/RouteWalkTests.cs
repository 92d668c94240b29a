using System.Net;
using PageActionDescriptor = Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Access;

/// <summary>
/// R8, R3, S5, K4 over the whole app: every route in the app's own route table is classified here (a new page
/// cannot escape), walked with GET by a matrix of users, and must answer as expected (200 / 403 / 404 /
/// redirect to sign-in, never 500) — and no body shown to someone who may not read the plan holds the
/// person's name (outside the staff person pages), what matters to them, their goals or their needs.
/// </summary>
public sealed partial class RouteWalkTests : AppTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());

    enum Outcome { Ok, Forbidden, NotFound, SignIn, Redirect }

    /// <summary>The plan a user's row is walked against: Emma's, except for ingrid (Astrid's, where she is not covered yet).</summary>
    sealed record Target(string PersonName, Guid PersonId, Guid PlanId, Guid ConsentId, string[] Secrets)
    {
        /// <summary>Ids of the coordinating unit's own records (Bjørkvik's), for the KE routes.</summary>
        public KeIds Ke { get; init; } = null!;

        /// <summary>The demo evaluation of the plan, if it has one.</summary>
        public Guid EvaluationId { get; init; }
        /// <summary>A meeting of the plan (the demo's coming meeting in Emma's plan, to which erik is invited).</summary>
        public Guid MeetingId { get; init; }
    }

    sealed record KeIds(Guid CaseId, Guid CoordinatorStaffId, Guid DisputeId, Guid RoutineId, Guid AppointmentId, Guid OrganisationId, Guid AppointmentPersonId);

    /// <summary>The coordinating unit's pages: its own staff (kari, and the KE-only user) — no one else.</summary>
    static readonly Func<string, Outcome> KeOnly = Only("kari", "ke");

    /// <summary>How to fill a route's parameters, and what each user must get.</summary>
    sealed record RouteCase(string Template, Func<Target, string> Url, Func<string, Outcome> Expected, bool PlanRoute = false);

    /// <summary>All users of the matrix. "ke" is coordinating-unit staff of Bjørkvik only; "citizen" is Arne Johansen signed in.</summary>
    static readonly string[] Users = ["anonymous", "kari", "ola", "erik", "ingrid", "tone", "admin", "ke", "citizen"];

    static readonly HashSet<string> StaffUsers = ["kari", "ola", "erik", "ingrid", "tone", "ke"];

    /// <summary>Those who read the target plan's content (on the demo data): the coordinator and the covered participants.</summary>
    static readonly HashSet<string> Readers = ["kari", "ola", "erik"];

    static Outcome Anyone(string user) => Outcome.Ok;
    static Outcome SignedIn(string user) => user == "anonymous" ? Outcome.SignIn : Outcome.Ok;
    static Outcome StaffOnly(string user) => user == "anonymous" ? Outcome.SignIn : StaffUsers.Contains(user) ? Outcome.Ok : Outcome.Forbidden;
    static Outcome NobodyHere(string user) => user == "anonymous" ? Outcome.SignIn : Outcome.Forbidden;
    static Func<string, Outcome> Only(params string[] ok) => user =>
        user == "anonymous" ? Outcome.SignIn : ok.Contains(user) ? Outcome.Ok : Outcome.Forbidden;

    static Func<string, Outcome> Plan(params string[] ok) => user =>
        user == "anonymous" ? Outcome.SignIn : ok.Contains(user) ? Outcome.Ok : Outcome.NotFound;

    /// <summary>An edit page: the coordinator edits; a reader of the part gets 403, one who may not read it 404; a responsible participant edits measures.</summary>
    static Func<string, Outcome> Edit(string part) => user => user switch
    {
        "anonymous" => Outcome.SignIn,
        "kari" => Outcome.Ok,
        "ola" => part == "measures" ? Outcome.Ok : Outcome.Forbidden,
        "erik" => part == "mapping" ? Outcome.NotFound : part == "measures" ? Outcome.Ok : Outcome.Forbidden,
        _ => Outcome.NotFound,
    };

    static readonly RouteCase[] Routes =
    [
        // R12: a citizen's start page is their own plan (/my/plan); staff keep "Mine planer".
        new("", _ => "/", user => user == "citizen" ? Outcome.Redirect : SignedIn(user)),
        new("account/sign-in", _ => "/account/sign-in", Anyone),
        new("account/sign-out", _ => "/account/sign-out", SignedIn),
        new("error", _ => "/error?code=404", Anyone),
        new("language", _ => "/language", Anyone),
        new("admin/emergency", _ => "/admin/emergency", NobodyHere),
        new("admin/users", _ => "/admin/users", Only("admin")),
        new("admin/audit", _ => "/admin/audit", NobodyHere),
        new("admin/audit/export", _ => "/admin/audit/export", NobodyHere),
        new("admin/audit/verify", _ => "/admin/audit/verify", Only("admin")),
        new("my/plan/readers", _ => "/my/plan/readers", Only("citizen")),
        // The person's own view (R12, S2, S3): citizens only, and only their own plan — Emma's meeting is not in Arne's plan.
        new("my/plan", _ => "/my/plan", Only("citizen")),
        new("my/plan/what-matters", _ => "/my/plan/what-matters", Only("citizen")),
        new("my/plan/goals", _ => "/my/plan/goals", Only("citizen")),
        new("my/plan/evaluation", _ => "/my/plan/evaluation", Only("citizen")),
        new("my/plan/meetings/{meetingId:guid}", t => $"/my/plan/meetings/{t.MeetingId}",
            user => user == "anonymous" ? Outcome.SignIn : user == "citizen" ? Outcome.NotFound : Outcome.Forbidden),
        new("my/request", _ => "/my/request", Only("citizen")),
        new("my/representing", _ => "/my/representing", Only("citizen")),
        // The citizen's own consent and messages (S5, R12): only for a signed-in person; staff get 403. Arne (the citizen
        // here) finds neither Emma's consent nor a request that is not his: 404.
        new("my/consent", _ => "/my/consent", Only("citizen")),
        new("my/consent/{consentId:guid}/change", t => $"/my/consent/{t.ConsentId}/change",
            user => user == "anonymous" ? Outcome.SignIn : user == "citizen" ? Outcome.NotFound : Outcome.Forbidden),
        new("my/consent/requests/{requestId:guid}", _ => $"/my/consent/requests/{Guid.NewGuid()}",
            user => user == "anonymous" ? Outcome.SignIn : user == "citizen" ? Outcome.NotFound : Outcome.Forbidden),
        new("my/messages", _ => "/my/messages", Only("citizen")),
        // The thread is between the person and the coordinator: covered participants and KE metadata access get 404 too.
        new("plans/{id:guid}/messages", t => $"/plans/{t.PlanId}/messages", Plan("kari"), PlanRoute: true),
        new("persons/{personId:guid}/notify", t => $"/persons/{t.PersonId}/notify", StaffOnly),
        new("tjenester/{organisationId:guid}", t => $"/tjenester/{t.Ke.OrganisationId}", Anyone),
        new("plans/{id:guid}/record-note", t => $"/plans/{t.PlanId}/record-note", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("ke/inbox", _ => "/ke/inbox", KeOnly),
        new("ke/cases/{id:guid}", t => $"/ke/cases/{t.Ke.CaseId}", KeOnly),
        // The demo case is not declined, so it has no decision letter yet: 404 for the unit, 403 for everyone else.
        new("ke/cases/{id:guid}/decision", t => $"/ke/cases/{t.Ke.CaseId}/decision",
            user => user == "anonymous" ? Outcome.SignIn : user is "kari" or "ke" ? Outcome.NotFound : Outcome.Forbidden),
        // Emma has an open plan, so the unit gets the page with a notice instead of the form (C1).
        new("ke/persons/{personId:guid}/appoint-coordinator", t => $"/ke/persons/{t.PersonId}/appoint-coordinator", KeOnly),
        new("ke/requests/new", t => $"/ke/requests/new?personId={t.PersonId}", KeOnly),
        new("ke/coordinators", _ => "/ke/coordinators", KeOnly),
        new("ke/messages", _ => "/ke/messages", KeOnly),
        new("ke/coordinators/{staffId:guid}", t => $"/ke/coordinators/{t.Ke.CoordinatorStaffId}", KeOnly),
        new("ke/courses", _ => "/ke/courses", KeOnly),
        new("ke/dashboard", _ => "/ke/dashboard", KeOnly),
        new("ke/dashboard/list", _ => "/ke/dashboard/list?filter=no-coordinator", KeOnly),
        new("ke/dashboard/export", _ => "/ke/dashboard/export", KeOnly),
        new("ke/services", _ => "/ke/services", KeOnly),
        new("ke/routines", _ => "/ke/routines", KeOnly),
        new("ke/routines/{id:guid}", t => $"/ke/routines/{t.Ke.RoutineId}", KeOnly),
        new("ke/disputes", _ => "/ke/disputes", KeOnly),
        new("ke/disputes/{id:guid}", t => $"/ke/disputes/{t.Ke.DisputeId}", KeOnly),
        new("coordination/appointments/{id:guid}", t => $"/coordination/appointments/{t.Ke.AppointmentId}",
            user => user == "anonymous" ? Outcome.SignIn : user is "kari" or "ke" ? Outcome.Ok : Outcome.NotFound),
        new("coordination/appointments", t => $"/coordination/appointments?person={t.PersonId}",
            user => user == "anonymous" ? Outcome.SignIn : Outcome.NotFound),
        new("persons", t => "/persons?q=" + Uri.EscapeDataString(t.PersonName.Split(' ')[0]), StaffOnly),
        new("persons/new", _ => "/persons/new", StaffOnly),
        new("persons/{id:guid}", t => $"/persons/{t.PersonId}", StaffOnly),
        new("persons/{id:guid}/edit", t => $"/persons/{t.PersonId}/edit", StaffOnly),
        new("persons/{personId:guid}/emergency-access", t => $"/persons/{t.PersonId}/emergency-access", StaffOnly),
        new("plans/start/{personId:guid}", t => $"/plans/start/{t.PersonId}", StaffOnly),
        new("plans/{id:guid}", t => $"/plans/{t.PlanId}", Plan("kari", "ola", "erik", "ke"), PlanRoute: true),
        new("plans/{id:guid}/print", t => $"/plans/{t.PlanId}/print", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("plans/{id:guid}/history", t => $"/plans/{t.PlanId}/history", Plan("kari"), PlanRoute: true),
        new("plans/{id:guid}/compare", t => $"/plans/{t.PlanId}/compare?from=1&to=2", Plan("kari"), PlanRoute: true),
        new("plans/{id:guid}/consent/{consentId:guid}/declaration", t => $"/plans/{t.PlanId}/consent/{t.ConsentId}/declaration",
            Plan("kari", "ola", "erik"), PlanRoute: true),
        // Tasks are goals-and-measures information (R8); notices, the outbox and the e-mail choices are each user's own.
        new("plans/{id:guid}/tasks", t => $"/plans/{t.PlanId}/tasks", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("my/tasks", _ => "/my/tasks", SignedIn),
        new("notifications", _ => "/notifications", SignedIn),
        new("notifications/{id:guid}", _ => $"/notifications/{Guid.NewGuid()}", user => user == "anonymous" ? Outcome.SignIn : Outcome.NotFound),
        new("my/outbox", _ => "/my/outbox", SignedIn),
        new("my/notifications/settings", _ => "/my/notifications/settings", SignedIn),
        // A1–A3, meetings: a covered participant reads the group and the summons of a meeting they are invited to; minutes need
        // the consent's "meeting minutes" (the school has not got it); only the coordinator summons. KE metadata access does not reach them.
        // A1: the group of a person without a plan (Fatima's): its creator and staff members only.
        new("persons/{personId:guid}/group", t => $"/persons/{t.Ke.AppointmentPersonId}/group", Plan("kari", "ola")),
        new("plans/{id:guid}/group", t => $"/plans/{t.PlanId}/group", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("plans/{id:guid}/meetings", t => $"/plans/{t.PlanId}/meetings", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("plans/{id:guid}/meetings/new", t => $"/plans/{t.PlanId}/meetings/new", Edit("meetings"), PlanRoute: true),
        new("plans/{id:guid}/meetings/{meetingId:guid}", t => $"/plans/{t.PlanId}/meetings/{t.MeetingId}", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("plans/{id:guid}/meetings/{meetingId:guid}/minutes", t => $"/plans/{t.PlanId}/meetings/{t.MeetingId}/minutes", Plan("kari", "ola"), PlanRoute: true),
        new("plans/{id:guid}/meetings/{meetingId:guid}/calendar.ics", t => $"/plans/{t.PlanId}/meetings/{t.MeetingId}/calendar.ics",
            Plan("kari", "ola", "erik"), PlanRoute: true),
        .. new[] { "what-matters", "goals", "mapping", "participants", "coordinator", "measures", "dates", "collaboration", "consent", "lifecycle" }
            .Select(part => new RouteCase($"plans/{{id:guid}}/{part}", t => $"/plans/{t.PlanId}/{part}", Edit(part), PlanRoute: true)),
        // R9: plan transfer is the coordinator's, like taking into use and closing (Transfer/).
        new("plans/{id:guid}/transfer", t => $"/plans/{t.PlanId}/transfer", Edit("lifecycle"), PlanRoute: true),
        new("plans/{id:guid}/evaluations", t => $"/plans/{t.PlanId}/evaluations", Plan("kari", "ola", "erik"), PlanRoute: true),
        new("plans/{id:guid}/evaluations/new", t => $"/plans/{t.PlanId}/evaluations/new", Edit("evaluations"), PlanRoute: true),
        new("plans/{id:guid}/evaluations/{evaluationId:guid}", t => $"/plans/{t.PlanId}/evaluations/{t.EvaluationId}",
            Plan("kari", "ola", "erik"), PlanRoute: true),
        // The school's consent does not share the plan log (R8).
        new("plans/{id:guid}/log", t => $"/plans/{t.PlanId}/log", Plan("kari", "ola"), PlanRoute: true),
    ];

    /// <summary>
    /// The FHIR API and its token endpoint (Fhir/FhirApi.cs): bearer tokens only, never the sign-in cookie, so a walk with
    /// cookie browsers gets 401 on every one of them (the capability statement is public; the token endpoint takes only POST).
    /// Their own access rules are tested in Fhir/FhirApiTests.cs.
    /// </summary>
    static readonly string[] BearerRoutes =
    [
        "auth/token", "fhir/metadata", "fhir/{**rest}",
        .. new[] { "Patient", "CarePlan", "Goal", "Consent" }.SelectMany(t => new[] { $"fhir/{t}", $"fhir/{t}/{{id}}" }),
        .. new[] { "RelatedPerson", "Practitioner", "PractitionerRole", "Organization", "CareTeam", "Provenance", "Appointment", "Task", "AuditEvent" }
            .SelectMany(t => new[] { $"fhir/{t}", $"fhir/{t}/{{id}}" }),
        "fhir/CarePlan/{id}/_history", "fhir/CarePlan/{id}/_history/{vid}",
        // FHIR messaging between deployments (Messaging/MessagingEndpoints.cs, tested in Fhir/MessagingTests.cs): POST only.
        "fhir/$process-message", "fhir/Patient/{id}/$notify-peer",
        // The plan's message thread as Communication (Fhir/FhirEndpoints.Writes.cs, tested in Fhir/FhirWriteTests.cs).
        "fhir/Communication", "fhir/Communication/{id}", "fhir/CareTeam/{id}/_history",
        // _history of the plan's parts and the messages $process-message accepts (Fhir/FhirEndpoints.History.cs, .MessageDefinitions.cs;
        // tested in Fhir/FhirDirectoryTests.cs). POST Practitioner/PractitionerRole and PUT PractitionerRole share the templates above.
        .. new[] { "Goal", "Consent", "Appointment", "Task" }.SelectMany(t => new[] { $"fhir/{t}/{{id}}/_history", $"fhir/{t}/{{id}}/_history/{{vid}}" }),
        "fhir/MessageDefinition", "fhir/MessageDefinition/{id}",
    ];

    [Fact]
    public async Task The_FHIR_routes_refuse_the_sign_in_cookie_with_401()
    {
        var (_, unknown) = AppRoutes(includeBearer: true);
        Assert.All(BearerRoutes, r => Assert.Contains(r, unknown));
        var targets = await TargetsAsync();
        var kari = await Browser.SignedInAsync(App, "kari");
        var problems = new List<string>();
        foreach (var template in BearerRoutes.Where(r => r.StartsWith("fhir/", StringComparison.Ordinal)))
        {
            var url = "/" + template.Replace("{id}", targets["kari"].PlanId.ToString(), StringComparison.Ordinal)
                .Replace("{vid}", "1", StringComparison.Ordinal).Replace("{**rest}", "Observation", StringComparison.Ordinal);
            var page = await kari.GetAsync(url);
            var want = template == "fhir/metadata" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
            if (page.Status != want) problems.Add($"kari (cookie) GET {url}: expected {want}, got {(int)page.Status}");
        }
        // POST only: a GET finds no endpoint.
        Assert.True((await kari.GetAsync("/auth/token")).Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_route_of_the_app_is_classified_R8()
    {
        var (pages, unknown) = AppRoutes();
        var problems = new List<string>();
        foreach (var template in pages.Where(t => Routes.All(r => r.Template != t)))
            problems.Add($"Route '/{template}' is not classified in RouteWalkTests.Routes: say who may open it.");
        foreach (var r in Routes.Where(r => !pages.Contains(r.Template)))
            problems.Add($"RouteWalkTests.Routes lists '/{r.Template}', which the app no longer has.");
        foreach (var e in unknown)
            problems.Add($"Endpoint '/{e}' is neither a page nor a static file: classify it.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The app's page routes, and any other endpoint that is not a static file.</summary>
    (HashSet<string> Pages, List<string> Unknown) AppRoutes(bool includeBearer = false)
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var pages = endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => (e.RoutePattern.RawText ?? "").Trim('/')).ToHashSet();
        var unknown = endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Select(e => (e.RoutePattern.RawText ?? "").Trim('/'))
            // Static files: MapStaticAssets maps each file by its name, and a catch-all constrained to file paths.
            .Where(t => !t.Split('/')[^1].Contains('.', StringComparison.Ordinal) && t != "{**path:file}")
            .Where(t => includeBearer || !BearerRoutes.Contains(t)).Distinct().ToList();
        return (pages, unknown);
    }

    async Task<Dictionary<string, Target>> TargetsAsync()
    {
        await using var db = App.NewDb();
        var bjorkvik = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
        var kariStaff = await db.UserAccounts.Where(u => u.UserName == "kari").Select(u => u.StaffMemberId!.Value).SingleAsync();
        var appointment = await db.CoordinatorAppointments.Select(a => new { a.Id, a.PersonId }).FirstAsync();
        var ke = new KeIds(
            await db.IntakeCases.Where(c => c.ReceivingOrganisationId == bjorkvik).Select(c => c.Id).FirstAsync(),
            kariStaff,
            await db.DisputeCases.Select(d => d.Id).FirstAsync(),
            await db.RoutineDocuments.Where(r => r.OrganisationId == bjorkvik).Select(r => r.SeriesId).FirstAsync(),
            appointment.Id, bjorkvik, appointment.PersonId);
        async Task<Target> Of(string name, string[] secrets)
        {
            var personId = await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
            var plan = await db.Plans.Include(p => p.Consents).SingleAsync(p => p.PersonId == personId);
            return new Target(name, personId, plan.Id, plan.Consents.OrderBy(c => c.GivenOn).Last().Id, secrets)
            {
                Ke = ke,
                EvaluationId = await db.Evaluations.Where(e => e.PlanId == plan.Id).Select(e => e.Id).FirstOrDefaultAsync(),
                MeetingId = await db.Meetings.Where(m => m.PlanId == plan.Id).OrderByDescending(m => m.StartsAt).Select(m => m.Id).FirstOrDefaultAsync(),
            };
        }
        var emma = await Of(EmmaName, [EmmaWhatMatters, EmmaGoal, EmmaNeed, EmmaResource, "Sykle trygt på gang- og sykkelvei"]);
        var astrid = await Of("Astrid Solberg", ["Å bo i egen leilighet", "Bo trygt i egen leilighet", "Hjelp til innkjøp og matlaging",
            "Budsjettveiledning"]);
        return Users.ToDictionary(u => u, u => u == "ingrid" ? astrid : emma);
    }

    async Task<Dictionary<string, Browser>> BrowsersAsync()
    {
        await CreateAccountAsync(App, "ke", SystemRole.Staff | SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");
        await CreateAccountAsync(App, "citizen", SystemRole.Citizen, personId: await PersonIdAsync(App, "Arne Johansen"));
        var browsers = new Dictionary<string, Browser>();
        foreach (var user in Users)
            browsers[user] = user == "anonymous" ? Browser.Open(App) : await Browser.SignedInAsync(App, user);
        return browsers;
    }

    /// <summary>GETs every route as every user; returns every unexpected status and every leak, one line each.</summary>
    async Task<List<string>> WalkAsync(Dictionary<string, Browser> browsers, Dictionary<string, Target> targets,
        Func<RouteCase, string, Outcome> expected, Func<string, bool> reads)
    {
        var problems = new List<string>();
        foreach (var user in Users)
            foreach (var route in Routes)
            {
                var target = targets[user];
                var url = route.Url(target);
                var page = await browsers[user].GetAsync(url);
                var want = expected(route, user);
                var got = Classify(page);
                if ((int)page.Status >= 500 || got != want)
                    problems.Add($"{user,-9} GET {url}: expected {want}, got {(int)page.Status} {page.Status}{(page.Location is { } l ? " → " + l.PathAndQuery : "")}");
                problems.AddRange(Leaks(user, route, url, page, target, reads(user)));
                problems.AddRange(InlineCode(user, url, page));
            }
        return problems;
    }

    /// <summary>
    /// The strict Content Security Policy (Shared/Security.cs: script-src 'self', style-src 'self') blocks inline
    /// script, style attributes and event handlers, so no page may have any: they would silently not work.
    /// </summary>
    static IEnumerable<string> InlineCode(string user, string url, Page page)
    {
        foreach (System.Text.RegularExpressions.Match m in InlineCodePattern().Matches(page.Html))
            yield return $"{user,-9} GET {url}: inline code the CSP blocks: «{m.Value}»";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=\s*[""']|javascript:",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InlineCodePattern();

    static Outcome? Classify(Page page) => page.Status switch
    {
        HttpStatusCode.OK => Outcome.Ok,
        HttpStatusCode.Forbidden => Outcome.Forbidden,
        HttpStatusCode.NotFound => Outcome.NotFound,
        HttpStatusCode.Redirect or HttpStatusCode.Found when page.Location?.AbsolutePath == "/account/sign-in" => Outcome.SignIn,
        HttpStatusCode.Redirect or HttpStatusCode.Found => Outcome.Redirect,
        _ => null,
    };

    static IEnumerable<string> Leaks(string user, RouteCase route, string url, Page page, Target target, bool reads)
    {
        var html = page.Html;
        // The school may never see Emma's health information (R3: explicitly excluded), on any page.
        if (user == "erik" && target.PersonName == EmmaName)
            foreach (var health in new[] { EmmaNeed, EmmaResource })
                if (html.Contains(health, StringComparison.Ordinal))
                    yield return $"{user,-9} GET {url}: LEAK of health information «{health}»";
        if (reads) yield break;
        foreach (var secret in target.Secrets)
            if (html.Contains(secret, StringComparison.Ordinal))
                yield return $"{user,-9} GET {url}: LEAK of plan content «{secret}»";
        // The coordinating unit sees the plan's metadata, and names in its own inbox, registry and dashboard lists.
        var metadataView = user == "ke" && (route.Template == "plans/{id:guid}" || route.Template.StartsWith("ke/", StringComparison.Ordinal)
            || route.Template.StartsWith("coordination/", StringComparison.Ordinal));
        // Staff may find the person (search, person page, start, emergency access) — but no link to a plan they may not open.
        var personPage = StaffUsers.Contains(user) && (route.Template.StartsWith("persons", StringComparison.Ordinal)
            || route.Template.StartsWith("plans/start", StringComparison.Ordinal));
        if (!metadataView && !personPage && html.Contains(target.PersonName, StringComparison.Ordinal))
            yield return $"{user,-9} GET {url}: LEAK of the person's name «{target.PersonName}»";
        if (!metadataView && html.Contains($"/plans/{target.PlanId}", StringComparison.Ordinal))
            yield return $"{user,-9} GET {url}: LEAK of a link to the plan /plans/{target.PlanId}";
    }

    [Fact]
    public async Task Every_route_answers_every_user_as_the_policy_says_with_zero_leaks_R8_R3_K4()
    {
        var (pages, _) = AppRoutes();
        Assert.All(Routes, r => Assert.Contains(r.Template, pages));
        var targets = await TargetsAsync();
        var browsers = await BrowsersAsync();

        var problems = await WalkAsync(browsers, targets, (route, user) => route.Expected(user), Readers.Contains);

        // The walk can see what it must: the readers get content, so the leak checks above are not vacuous.
        var olaView = await browsers["ola"].GetAsync($"/plans/{targets["ola"].PlanId}");
        Assert.Contains(EmmaNeed, olaView.Html, StringComparison.Ordinal);
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task After_withdrawal_the_participants_get_404_on_every_plan_route_and_see_nothing_S5_R8()
    {
        var targets = await TargetsAsync();
        var planId = targets["erik"].PlanId;
        var plan = await PlanAsync(App, planId);
        var kari = await Browser.SignedInAsync(App, "kari");
        foreach (var consent in new[] { ConsentNaming(plan, "Erik Strand"), ConsentNaming(plan, "Ola Hansen") })
            Assert.Equal(HttpStatusCode.Redirect, (await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Withdraw",
                new() { ["ConsentId"] = consent.Id.ToString() })).Status);
        var browsers = await BrowsersAsync();

        var problems = await WalkAsync(browsers, targets,
            (route, user) => route.PlanRoute && user is "erik" or "ola" ? Outcome.NotFound : route.Expected(user),
            user => user == "kari");
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }
}
