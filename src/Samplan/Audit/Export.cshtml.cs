using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// The privacy officer's search as CSV: UTF-8 with BOM (so Excel reads æøå), semicolon-separated (the
/// list separator of Norwegian Excel), fields quoted where needed. Streamed row by row, so memory stays
/// flat however many entries match. The export is itself audited before the first row is sent.
/// </summary>
public sealed class ExportModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : AuditSearchPageModel(db, me, audit)
{
    public static readonly string[] Header =
    [
        "Nr", "Tidspunkt (norsk tid)", "Tidspunkt (UTC)", "Brukernavn", "Rolle", "Virksomhet", "Handling", "Del",
        "Plan-id", "Person-id", "Utfall", "Nødtilgang", "Formål", "Begrunnelse", "Hash",
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var search = await BuildSearchAsync(ct);
        if (search is null)
            return BadRequest(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        var organisations = await OrganisationNamesAsync(ct);
        await Audit.WriteAsync(Me, AuditRole, "audit.export", search.PlanId, search.PersonId, null, true,
            $"Eksport av revisjonsloggen (CSV): {search.Description}", ct);

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"revisjonslogg-{OsloTime.Today(clock):yyyy-MM-dd}.csv\"";
        await Response.Body.WriteAsync(new byte[] { 0xEF, 0xBB, 0xBF }, ct);
        await using var writer = new StreamWriter(Response.Body, Utf8WithoutBom, bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(";", Header) + "\r\n");
        await foreach (var e in search.Query.AsAsyncEnumerable().WithCancellation(ct))
        {
            string[] fields =
            [
                e.Sequence.ToString(CultureInfo.InvariantCulture),
                OsloTime.From(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                e.UserName,
                e.Role,
                e.OrganisationId is { } o && organisations.TryGetValue(o, out var name) ? name : "",
                e.Action,
                e.Part ?? "",
                e.PlanId?.ToString() ?? "",
                e.PersonId?.ToString() ?? "",
                e.Allowed ? "tillatt" : "avvist",
                e.Emergency ? "ja" : "nei",
                e.Purpose ?? "",
                e.Reason,
                e.Hash,
            ];
            await writer.WriteAsync(string.Join(";", fields.Select(Csv)) + "\r\n");
        }
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }
}
