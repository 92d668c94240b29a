namespace Samplan.Shared;

/// <summary>Marker for the shared resource files (SharedResource.en.resx, .nn.resx). Keys are the Bokmål text.</summary>
public sealed class SharedResource;
