using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.People;

/// <summary>Registers a person: a valid identity number that is not already registered, name, language (L1) and contact.</summary>
public sealed class NewModel(SamplanDb db, CurrentUser me, AuditLog audit, IStringLocalizer<SharedResource> l)
    : StaffPageModel(me, audit)
{
    [BindProperty]
    [Required(ErrorMessage = "Oppgi fødselsnummer.")]
    public string? NationalIdentityNumber { get; set; }

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    [BindProperty]
    public LanguageInput Language { get; set; } = new();

    /// <summary>The person already registered with the number typed, to link to instead.</summary>
    public Guid? ExistingPersonId { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        NationalIdentityNumber? number = null;
        if (NationalIdentityNumber is not null && !Domain.People.NationalIdentityNumber.TryParse(NationalIdentityNumber, out number, out var error))
            ModelState.AddModelError(nameof(NationalIdentityNumber), error);
        if (number is not null && await FindAsync(number, ct) is { } existing)
            Duplicate(existing);
        if (!ModelState.IsValid || number is null) return Page();

        Person person;
        try
        {
            person = new Person(Guid.NewGuid(), number, Contact.Name!, Language.PreferredLanguage, Language.NeedsInterpreter,
                Language.InterpreterLanguage, Blank(Contact.Phone), Blank(Contact.Address));
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        db.Persons.Add(person);
        Audit.Add(Me, AuditRole, "person.create", null, person.Id, null, true, "Person registrert");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone registered the same number between the check and the save (unique index).
            db.ChangeTracker.Clear();
            if (await FindAsync(number, ct) is not { } raced) throw;
            Duplicate(raced);
            return Page();
        }
        TempData["Status"] = l["{0} er registrert.", person.Name].Value;
        return Redirect($"/persons/{person.Id}");
    }

    Task<Guid?> FindAsync(NationalIdentityNumber number, CancellationToken ct) =>
        db.Persons.Where(p => p.NationalIdentityNumber == number.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    void Duplicate(Guid? existing)
    {
        ExistingPersonId = existing;
        ModelState.AddModelError(nameof(NationalIdentityNumber), "Det er allerede registrert en person med dette fødselsnummeret.");
    }

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
