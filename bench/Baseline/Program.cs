using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

// Issue 8 baseline (bench/README.md): what the plan page reads, fetched by hand-written SQL on one connection and
// written as JSON — no EF Core, no access policy, no audit, no HTML. GET /plan/{id}; GET /plaintext.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var provider = app.Configuration["Database:Provider"] ?? "Sqlite";
var connectionString = app.Configuration.GetConnectionString("Samplan") ?? throw new InvalidOperationException("ConnectionStrings:Samplan");
var postgres = provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
NpgsqlDataSource? pg = postgres ? NpgsqlDataSource.Create(connectionString) : null;

app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
app.MapGet("/plan/{id:guid}", async (Guid id, HttpResponse response, CancellationToken ct) =>
{
    await using DbConnection connection = pg is not null ? await pg.OpenConnectionAsync(ct) : new SqliteConnection(connectionString);
    if (pg is null) await connection.OpenAsync(ct);
    // SQLite stores Guids as upper-case text (EF Core's default); PostgreSQL as uuid.
    object key = pg is null ? id.ToString().ToUpperInvariant() : id;
    string Q(string table) => postgres ? $"\"{table}\"" : $"\"{table}\"";
    response.ContentType = "application/json";
    await using var json = new Utf8JsonWriter(response.Body);
    json.WriteStartObject();
    await RowsAsync(json, "plan", connection, $"""
        SELECT p."Id", p."Status", p."Version", p."WhatMattersToPerson", p."CoordinatorName", p."ResponsibleOrganisationName",
               p."PeriodStart", p."PeriodEnd", p."NextRevisionDate", p."NextEvaluationDate", s."Name", s."BirthDate", s."PreferredLanguage"
        FROM {Q("Plans")} p JOIN {Q("Persons")} s ON s."Id" = p."PersonId" WHERE p."Id" = @id
        """, key, ct);
    await RowsAsync(json, "goals", connection, $"""SELECT "Id", "ParentGoalId", "Text", "Status", "TargetDate", "InPersonsOwnWords" FROM {Q("Goal")} WHERE "PlanId" = @id""", key, ct);
    await RowsAsync(json, "needs", connection, $"""SELECT "Id", "Area", "Description" FROM {Q("Need")} WHERE "PlanId" = @id""", key, ct);
    await RowsAsync(json, "participants", connection, $"""SELECT "Id", "Role", "Name", "Contribution" FROM {Q("Participants")} WHERE "PlanId" = @id""", key, ct);
    await RowsAsync(json, "measures", connection, $"""
        SELECT "Id", "Title", "Scope", "ResponsibleParticipantId", "HowCarriedOut", "Start", "End", "Status", "GoalId"
        FROM {Q("Measure")} WHERE "PlanId" = @id
        """, key, ct);
    await RowsAsync(json, "consents", connection, $"""SELECT "Id", "GivenOn", "ValidTo", "WithdrawnOn", "SharedKindsList" FROM {Q("PlanConsent")} WHERE "PlanId" = @id""", key, ct);
    json.WriteEndObject();
    await json.FlushAsync(ct);
});
app.Run();

static async Task RowsAsync(Utf8JsonWriter json, string name, DbConnection connection, string sql, object id, CancellationToken ct)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    var parameter = command.CreateParameter();
    parameter.ParameterName = "id";
    parameter.Value = id;
    command.Parameters.Add(parameter);
    await using var reader = await command.ExecuteReaderAsync(ct);
    json.WriteStartArray(name);
    while (await reader.ReadAsync(ct))
    {
        json.WriteStartObject();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            json.WritePropertyName(reader.GetName(i));
            if (reader.IsDBNull(i)) json.WriteNullValue();
            else json.WriteStringValue(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
        }
        json.WriteEndObject();
    }
    json.WriteEndArray();
}
