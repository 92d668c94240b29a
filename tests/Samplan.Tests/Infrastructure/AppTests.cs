namespace Samplan.Tests.Infrastructure;

/// <summary>Each test gets the app on a fresh copy of the demo database, and it is thrown away after.</summary>
public abstract class AppTests : IAsyncLifetime
{
    protected SamplanFactory App { get; private set; } = null!;

    protected abstract Task<SamplanFactory> CreateAppAsync();

    public async Task InitializeAsync()
    {
        App = await CreateAppAsync();
        await App.StartFromDemoTemplateAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
