namespace SoraGateway.Videos.Providers;

/// <summary>Finds a provider by the name stored with a job or given in a webhook route.</summary>
public sealed class VideoProviderRegistry : IVideoProviderRegistry
{
    private readonly Dictionary<string, IVideoProvider> _providers;

    public VideoProviderRegistry(IEnumerable<IVideoProvider> providers)
    {
        _providers = new Dictionary<string, IVideoProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            if (!_providers.TryAdd(provider.Name, provider))
                throw new InvalidOperationException($"Two video providers are registered as '{provider.Name}'.");
        }

        Names = [.. _providers.Keys];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; }

    /// <inheritdoc />
    public IVideoProvider Get(string name) =>
        TryGet(name, out var provider)
            ? provider
            : throw new KeyNotFoundException($"No video provider is named '{name}' (known: {string.Join(", ", Names)}).");

    /// <inheritdoc />
    public bool TryGet(string name, out IVideoProvider provider) => _providers.TryGetValue(name ?? "", out provider!);
}
