using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Plans;

namespace Samplan.Data;

/// <summary>
/// The one DbContext. Each provider has its own subclass only so EF Core keeps a migration set per
/// provider (EF Core's multi-provider guidance); the model is the same.
/// </summary>
public abstract class SamplanDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Sign-in cookie keys live in the database, so several app nodes share them (stateless nodes).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationUnit> OrganisationUnits => Set<OrganisationUnit>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<UserAccount> UserAccounts => Set<UserAccount>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<RelatedPerson> RelatedPersons => Set<RelatedPerson>();
    public DbSet<IndividualPlan> Plans => Set<IndividualPlan>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<PlanRevision> PlanRevisions => Set<PlanRevision>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Consent.EmergencyAccess> EmergencyAccesses => Set<Consent.EmergencyAccess>();
    public DbSet<Domain.Coordination.CoordinatorAppointment> CoordinatorAppointments => Set<Domain.Coordination.CoordinatorAppointment>();
    public DbSet<Domain.Coordination.IntakeCase> IntakeCases => Set<Domain.Coordination.IntakeCase>();
    public DbSet<Domain.Coordination.FollowUpEntry> CoordinatorFollowUps => Set<Domain.Coordination.FollowUpEntry>();
    public DbSet<Domain.Coordination.CoordinatorCourse> CoordinatorCourses => Set<Domain.Coordination.CoordinatorCourse>();
    public DbSet<Domain.Coordination.CourseParticipant> CoordinatorCourseParticipants => Set<Domain.Coordination.CourseParticipant>();
    public DbSet<Domain.Coordination.SupervisionSession> SupervisionSessions => Set<Domain.Coordination.SupervisionSession>();
    public DbSet<Domain.Coordination.ServiceOffering> ServiceOfferings => Set<Domain.Coordination.ServiceOffering>();
    public DbSet<Domain.Coordination.RoutineDocument> RoutineDocuments => Set<Domain.Coordination.RoutineDocument>();
    public DbSet<Domain.Coordination.DisputeCase> DisputeCases => Set<Domain.Coordination.DisputeCase>();
    public DbSet<Domain.Meetings.PlanTask> PlanTasks => Set<Domain.Meetings.PlanTask>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.OutboxEmail> OutboxEmails => Set<Notifications.OutboxEmail>();
    public DbSet<Domain.Meetings.Evaluation> Evaluations => Set<Domain.Meetings.Evaluation>();
    public DbSet<Domain.Meetings.PlanLogEntry> PlanLogEntries => Set<Domain.Meetings.PlanLogEntry>();
    public DbSet<Domain.Meetings.ResponsibilityGroup> ResponsibilityGroups => Set<Domain.Meetings.ResponsibilityGroup>();
    public DbSet<Domain.Meetings.Meeting> Meetings => Set<Domain.Meetings.Meeting>();
    public DbSet<ConsentRequest> ConsentRequests => Set<ConsentRequest>();
    public DbSet<PlanMessage> PlanMessages => Set<PlanMessage>();
    public DbSet<Messaging.ProcessedMessage> ProcessedMessages => Set<Messaging.ProcessedMessage>();
    public DbSet<Messaging.OutboxMessage> OutboxMessages => Set<Messaging.OutboxMessage>();

    /// <summary>
    /// New audit entries are appended to the hash chain under the append lock when they are saved. The
    /// interceptor is added last, so any other SavingChanges hook runs before the lock is taken.
    /// </summary>
    /// <remarks>The app's pooled contexts get the interceptor with their options (Data/Database.cs; a pooled context must not
    /// change its options here); every other context — tests, tools, design time — gets it here.</remarks>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var interceptors = optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors;
        if (interceptors?.Contains(AuditChainInterceptor.Instance) != true) optionsBuilder.AddInterceptors(AuditChainInterceptor.Instance);
    }

    /// <summary>
    /// Every save renews, in the same transaction, the change stamp of each plan it touches (<see cref="PlanCache"/>) and
    /// then of each organisation whose dashboard figures it can move (<see cref="Coordination.Dashboard.FiguresStamp"/>).
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewStamps();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewStamps();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    internal void RenewStamps()
    {
        PlanCache.Stamp(this);
        Coordination.Dashboard.FiguresStamp.Renew(this);
    }

    /// <summary>The append in progress (its own transaction and SQLite gate), between SavingChanges and SavedChanges.</summary>
    internal AuditChainInterceptor.Append? AuditAppend { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SamplanDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable strings: the database stays understandable and reordering an enum is safe.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Every instant is UTC; SQLite hands DateTime back unspecified, so say so on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteSamplanDb(DbContextOptions<SqliteSamplanDb> options) : SamplanDb(options);

public sealed class NpgsqlSamplanDb(DbContextOptions<NpgsqlSamplanDb> options) : SamplanDb(options);
