using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.People;

/// <summary>
/// Changes contact details and language (L1), and adds or removes relatives, parents with parental
/// responsibility (S2) and guardians (S3). Each form binds only its own input, so one form's empty
/// fields never block another; a refused rule is shown on the page with the input kept.
/// </summary>
public sealed class EditModel(SamplanDb db, CurrentUser me, AuditLog audit, IStringLocalizer<SharedResource> l, TimeProvider clock)
    : StaffPageModel(me, audit)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Person Person { get; private set; } = null!;
    public ContactInput Contact { get; private set; } = new();
    public LanguageInput Language { get; private set; } = new();
    public RelationInput Relation { get; private set; } = new();
    public CompetenceInput Competence { get; private set; } = new();
    public ChildViewInput ChildView { get; private set; } = new();

    public DateOnly Today => OsloTime.Today(clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        Contact = ContactInput.From(person);
        Language = LanguageInput.From(person);
        await Audit.WriteAsync(Me, AuditRole, "person.read", null, Id, null, true, "Endringsside", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync([Bind(Prefix = nameof(Contact))] ContactInput contact,
        [Bind(Prefix = nameof(Language))] LanguageInput language, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        Contact = contact;
        Language = language;
        if (!ModelState.IsValid) return Page();
        try
        {
            person.SetLanguage(language.PreferredLanguage, language.NeedsInterpreter, language.InterpreterLanguage);
            person.UpdateContact(contact.Name!, NewModel.Blank(contact.Phone), NewModel.Blank(contact.Address));
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        return await SaveAsync("Kontakt og språk endret", l["Opplysningene er lagret."], ct);
    }

    public async Task<IActionResult> OnPostAddRelationAsync([Bind(Prefix = nameof(Relation))] RelationInput relation, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        Relation = relation;
        Contact = ContactInput.From(person);
        Language = LanguageInput.From(person);
        if (relation.Kind is not null && relation.ParsedKind is null)
            ModelState.AddModelError($"{nameof(Relation)}.{nameof(RelationInput.Kind)}", "Velg hva slags relasjon det er.");
        if (!ModelState.IsValid) return Page();
        var kind = relation.ParsedKind!.Value;
        try
        {
            person.AddRelation(Guid.NewGuid(), relation.Name!, kind, NewModel.Blank(relation.Phone), relation.GuardianForPersonalMatters);
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        return await SaveAsync($"La til: {Labels.Relation(kind)}", l["{0} er lagt til.", relation.Name!.Trim()], ct);
    }

    public async Task<IActionResult> OnPostRemoveRelationAsync(Guid relationId, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        var relation = person.Relations.FirstOrDefault(r => r.Id == relationId);
        if (relation is null)
        {
            // Already removed (another tab, another user): nothing to do, say so.
            TempData["Status"] = l["Fant ikke personen i listen. Den kan allerede være fjernet."].Value;
            return Redirect($"/persons/{Id}/edit");
        }
        person.RemoveRelation(relationId);
        return await SaveAsync($"Fjernet: {Labels.Relation(relation.Kind)}", l["{0} er fjernet.", relation.Name], ct);
    }

    /// <summary>S4: records who assessed consent competence, when, and for which matter.</summary>
    public async Task<IActionResult> OnPostAssessCompetenceAsync([Bind(Prefix = nameof(Competence))] CompetenceInput competence, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        Competence = competence;
        Contact = ContactInput.From(person);
        Language = LanguageInput.From(person);
        if (!ModelState.IsValid) return Page();
        var staff = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == Me.StaffMemberId, ct);
        try
        {
            person.RecordCompetenceAssessment(Guid.NewGuid(), competence.Matter!, competence.LacksCompetence == "yes",
                staff.Id, staff.Name, competence.AssessedOn!.Value, NewModel.Blank(competence.Note), Today);
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        return await SaveAsync($"Vurdering av samtykkekompetanse: {competence.Matter!.Trim()}",
            l["Vurderingen av samtykkekompetanse er registrert."], ct);
    }

    /// <summary>S2: records the child's own view.</summary>
    public async Task<IActionResult> OnPostChildViewAsync([Bind(Prefix = nameof(ChildView))] ChildViewInput childView, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } person) return NotFound();
        ChildView = childView;
        Contact = ContactInput.From(person);
        Language = LanguageInput.From(person);
        if (!ModelState.IsValid) return Page();
        var staff = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == Me.StaffMemberId, ct);
        try
        {
            person.RecordChildView(Guid.NewGuid(), childView.Text!, staff.Id, staff.Name, Today);
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        return await SaveAsync("Barnets egne synspunkter registrert", l["Barnets synspunkter er registrert."], ct);
    }

    async Task<Person?> LoadAsync(CancellationToken ct)
    {
        var person = await db.Persons.Include(p => p.Relations).FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (person is not null) Person = person;
        Competence.AssessedOn ??= Today;
        return person;
    }

    async Task<IActionResult> SaveAsync(string auditReason, LocalizedString status, CancellationToken ct)
    {
        Audit.Add(Me, AuditRole, "person.change", null, Id, null, true, auditReason);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = status.Value;
        return Redirect($"/persons/{Id}/edit");
    }
}
