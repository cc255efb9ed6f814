using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;
using SoraGateway.Videos;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.Videos;

/// <summary>Builds the real video registrations (<see cref="VideoServiceCollectionExtensions.AddVideoProviders"/>) on in-memory settings.</summary>
internal static class VideoTestServices
{
    /// <summary>
    /// A provider with retries that do not wait (back-off 0), so tests never sleep; time-outs stay
    /// long unless a test sets them.
    /// </summary>
    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?> { ["Video:Http:RetryBaseDelay"] = "00:00:00" };
        foreach (var (key, value) in settings)
            all[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        if (time is not null)
            services.AddSingleton(time);
        services.AddVideoProviders(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>What a host does at start with <c>ValidateOnStart</c>: throws <see cref="OptionsValidationException"/> for bad settings.</summary>
    public static void ValidateAtStart(this IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    public static IVideoProvider Provider(this IServiceProvider services, string name) =>
        services.GetRequiredService<IVideoProviderRegistry>().Get(name);

    /// <summary>True when the bytes are an MP4: an <c>ftyp</c> box at offset 4.</summary>
    public static bool IsMp4(byte[] bytes) => bytes.Length > 12 && bytes.AsSpan(4, 4).SequenceEqual("ftyp"u8);

    /// <summary>A photo of the given size and format, two colours side by side (left red, right blue).</summary>
    public static VideoImage Photo(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return new VideoImage(data.ToArray(), format == SKEncodedImageFormat.Png ? "image/png" : "image/jpeg");
    }

    public static (int Width, int Height, SKEncodedImageFormat Format) Inspect(byte[] image)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(image));
        return (codec.Info.Width, codec.Info.Height, codec.EncodedFormat);
    }
}
