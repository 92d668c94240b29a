using Hl7.Fhir.Model;

namespace Samplan.Fhir;

/// <summary>A FHIR resource as the answer, in the format the client asked for, with its ETag and Last-Modified.</summary>
public sealed class FhirResult(Resource resource, int status = 200, string? location = null) : IResult
{
    public Resource Resource => resource;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        if (resource.Meta?.VersionId is { Length: > 0 } version) http.Response.Headers.ETag = $"W/\"{version}\"";
        if (resource.Meta?.LastUpdated is { } updated) http.Response.Headers.LastModified = updated.ToString("R");
        if (location is not null) http.Response.Headers.Location = location;
        await WriteAsync(http, resource);
    }

    public static async System.Threading.Tasks.Task WriteAsync(HttpContext http, Resource resource)
    {
        var format = FhirIo.ResponseFormat(http.Request);
        http.Response.ContentType = FhirIo.ContentType(format);
        http.Response.Headers.CacheControl = "no-store";
        await FhirIo.WriteAsync(http.Response, resource, format);
    }

    public static FhirResult Error(int status, OperationOutcome.IssueType code, string message, IEnumerable<string>? details = null,
        string? rule = null) =>
        new(FhirIo.Outcome(OperationOutcome.IssueSeverity.Error, code, message, details, rule), status);

    public static FhirResult NotFound(string type, string id) =>
        Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} finnes ikke, eller du har ikke tilgang til den.");

    public static FhirResult Forbidden(string message) => Error(403, OperationOutcome.IssueType.Forbidden, message);
}
