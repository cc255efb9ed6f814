using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraGateway.Videos.Offerings;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.Videos;

/// <summary>The offering catalog: built-in default, configured offerings, provider grids, prices, validation messages.</summary>
public sealed class VideoOfferingCatalogSpecs
{
    private static VideoOfferingCatalog Catalog(Dictionary<string, string?>? settings = null)
    {
        var services = VideoTestServices.Build(settings ?? []);
        services.ValidateAtStart();
        return services.GetRequiredService<VideoOfferingCatalog>();
    }

    /// <summary>The start-up failures for these settings (empty when they are valid).</summary>
    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        using var services = VideoTestServices.Build(settings);
        try
        {
            services.ValidateAtStart();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }

    /// <summary>One valid GeminiVeo offering at index 0 (with the key set), then <paramref name="overrides"/> (null removes the key).</summary>
    private static Dictionary<string, string?> VeoOffering(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GeminiVeo:ApiKey"] = "test-key",
            ["OpenAiVideos:ApiKey"] = "test-key",
            ["Video:Offerings:0:Code"] = "veo-fast",
            ["Video:Offerings:0:Provider"] = "GeminiVeo",
            ["Video:Offerings:0:Model"] = "veo-3.1-fast-generate-preview",
            ["Video:Offerings:0:LabelVi"] = "Veo 3.1 Nhanh",
            ["Video:Offerings:0:LabelEn"] = "Veo 3.1 Fast",
            ["Video:Offerings:0:Durations:0"] = "4",
            ["Video:Offerings:0:Durations:1"] = "6",
            ["Video:Offerings:0:Durations:2"] = "8",
            ["Video:Offerings:0:Resolutions:0"] = "720p",
            ["Video:Offerings:0:Resolutions:1"] = "1080p",
            ["Video:Offerings:0:Orientations:0"] = "landscape",
            ["Video:Offerings:0:Orientations:1"] = "portrait",
            ["Video:Offerings:0:CreditsPerSecond:720p"] = "3",
            ["Video:Offerings:0:CreditsPerSecond:1080p"] = "4",
        };
        foreach (var (key, value) in overrides)
        {
            if (value is null)
                settings.Remove(key);
            else
                settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void Without_configuration_the_built_in_simulated_catalog_is_valid_and_mirrors_the_veo_grid()
    {
        var catalog = Catalog();

        Assert.Equal(["lite", "fast", "pro"], catalog.Offerings.Select(o => o.Code));
        Assert.All(catalog.Offerings, o => Assert.Equal(VideoProviderNames.Simulator, o.Provider));
        Assert.Equal("Veo 3.1 Lite (mô phỏng)", catalog.FindOffering("lite")!.Label("vi"));
        Assert.Equal("Veo 3.1 Lite (simulated)", catalog.FindOffering("lite")!.Label("en"));
        Assert.Equal("Veo 3.1 (mô phỏng)", catalog.FindOffering("pro")!.LabelVi);
        Assert.All(catalog.Choices.Where(c => c.Resolution != "720p"), c => Assert.Equal(8, c.DurationSeconds));
        Assert.All(catalog.Choices.Where(c => c.Resolution == "4k"), c => Assert.Equal("pro", c.Offering.Code));
        // lite & fast: 3 durations at 720p + 8 s at 1080p; pro adds 8 s at 4k; two orientations each.
        Assert.Equal((4 + 4 + 5) * 2, catalog.Choices.Count);
    }

    [Fact]
    public void A_price_is_credits_per_second_times_seconds()
    {
        var catalog = Catalog();

        Assert.Equal(8L, catalog.Find("lite", 4, "720p", VideoOrientation.Landscape)!.PriceCredits);
        Assert.Equal(32L, catalog.Find("fast", 8, "1080p", VideoOrientation.Portrait)!.PriceCredits);
        Assert.Equal(128L, catalog.Find("pro", 8, "4k", VideoOrientation.Landscape)!.PriceCredits);
    }

    [Fact]
    public void Find_refuses_a_combination_the_provider_does_not_accept()
    {
        var catalog = Catalog();

        Assert.Null(catalog.Find("lite", 4, "1080p", VideoOrientation.Landscape));
        Assert.Null(catalog.Find("fast", 8, "4k", VideoOrientation.Landscape));
        Assert.Null(catalog.Find("nope", 8, "720p", VideoOrientation.Landscape));
        Assert.NotNull(catalog.Find("LITE", 8, "1080P", VideoOrientation.Portrait));
    }

    [Fact]
    public void The_chat_flow_can_ask_what_is_still_possible_step_by_step()
    {
        var catalog = Catalog();

        Assert.Equal([4, 6, 8], catalog.Durations());
        Assert.Equal(["720p"], catalog.Resolutions(new VideoChoiceFilter(DurationSeconds: 4)));
        Assert.Equal(["720p", "1080p", "4k"], catalog.Resolutions(new VideoChoiceFilter(DurationSeconds: 8)));
        Assert.Equal(["pro"], catalog.OfferingsFor(new VideoChoiceFilter(DurationSeconds: 8, Resolution: "4k")).Select(o => o.Code));
        Assert.Equal(["lite", "fast", "pro"], catalog.OfferingsFor(new VideoChoiceFilter(DurationSeconds: 6, Resolution: "720p")).Select(o => o.Code));
        Assert.Equal([VideoOrientation.Landscape, VideoOrientation.Portrait], catalog.Orientations(new VideoChoiceFilter(OfferingCode: "pro")));
        Assert.Equal([8], catalog.Durations(new VideoChoiceFilter(Resolution: "1080p")));
        Assert.Equal(12L, catalog.LowestPrice(new VideoChoiceFilter(DurationSeconds: 6)));
        Assert.Empty(catalog.Matching(new VideoChoiceFilter(DurationSeconds: 4, Resolution: "4k")));
        Assert.Null(catalog.LowestPrice(new VideoChoiceFilter(DurationSeconds: 5)));
    }

    [Fact]
    public void A_choice_becomes_the_provider_request()
    {
        var choice = Catalog().Find("fast", 6, "720p", VideoOrientation.Portrait)!;

        var request = choice.ToRequest("A lotus pond", null);

        Assert.Equal(new VideoRequest("veo-3.1-fast-generate-preview", "A lotus pond", 6, "720p", VideoOrientation.Portrait, null), request);
    }

    [Fact]
    public void Configured_offerings_replace_the_built_in_ones()
    {
        var catalog = Catalog(VeoOffering());

        var offering = Assert.Single(catalog.Offerings);
        Assert.Equal(("veo-fast", VideoProviderNames.GeminiVeo), (offering.Code, offering.Provider));
    }

    [Fact]
    public void Veo_offers_1080p_only_at_8_seconds()
    {
        var catalog = Catalog(VeoOffering());

        Assert.Equal([4, 6, 8], catalog.Durations(new VideoChoiceFilter(Resolution: "720p")));
        Assert.Equal([8], catalog.Durations(new VideoChoiceFilter(Resolution: "1080p")));
        Assert.Equal((3 + 1) * 2, catalog.Choices.Count);
    }

    [Fact]
    public void The_sora_format_offers_its_seconds_and_sizes()
    {
        var catalog = Catalog(VeoOffering(
            ("Video:Offerings:0:Provider", "OpenAiVideos"), ("Video:Offerings:0:Model", "sora-2-pro"),
            ("Video:Offerings:0:Durations:0", "4"), ("Video:Offerings:0:Durations:1", "12"), ("Video:Offerings:0:Durations:2", "20"),
            ("Video:Offerings:0:Resolutions:1", "1024p"), ("Video:Offerings:0:CreditsPerSecond:1024p", "50")));

        Assert.Equal([4, 12, 20], catalog.Durations(new VideoChoiceFilter(Resolution: "1024p")));
        Assert.Equal(1000L, catalog.Find("veo-fast", 20, "1024p", VideoOrientation.Portrait)!.PriceCredits);
    }

    [Fact]
    public void The_simulator_accepts_anything_for_a_model_that_is_not_veo_or_sora()
    {
        var catalog = Catalog(VeoOffering(
            ("Video:Offerings:0:Provider", "Simulator"), ("Video:Offerings:0:Model", "demo"),
            ("Video:Offerings:0:Durations:0", "5"), ("Video:Offerings:0:Durations:1", "7"), ("Video:Offerings:0:Durations:2", "9")));

        Assert.Equal(3 * 2 * 2, catalog.Choices.Count);
    }

    [Theory]
    [InlineData("Video:Offerings:0:Provider", "Sora", "Video:Offerings:0:Provider 'Sora' is not a known provider")]
    [InlineData("Video:Offerings:0:Code", "Veo Fast!", "Video:Offerings:0:Code must be")]
    [InlineData("Video:Offerings:0:Model", "", "Video:Offerings:0:Model is required")]
    [InlineData("Video:Offerings:0:LabelVi", "", "Video:Offerings:0:LabelVi is required")]
    [InlineData("Video:Offerings:0:CreditsPerSecond:1080p", null, "Video:Offerings:0:CreditsPerSecond:1080p is missing")]
    [InlineData("Video:Offerings:0:CreditsPerSecond:720p", "0", "Video:Offerings:0:CreditsPerSecond:720p must be a positive number")]
    [InlineData("Video:Offerings:0:CreditsPerSecond:720p", "-2", "Video:Offerings:0:CreditsPerSecond:720p must be a positive number")]
    [InlineData("Video:Offerings:0:Orientations:1", "square", "Video:Offerings:0:Orientations:1 must be landscape or portrait")]
    [InlineData("Video:Offerings:0:Durations:1", "0", "Video:Offerings:0:Durations:1 must be a positive number")]
    [InlineData("GeminiVeo:ApiKey", null, "Video:Offerings:0:Provider is GeminiVeo but GeminiVeo:ApiKey is not set")]
    public void A_bad_offering_stops_the_host_with_a_message_naming_the_key(string key, string? value, string expected)
    {
        var failures = Failures(VeoOffering((key, value)));

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_resolution_the_model_never_makes_is_refused()
    {
        var failures = Failures(VeoOffering(("Video:Offerings:0:Resolutions:1", "4k"), ("Video:Offerings:0:CreditsPerSecond:4k", "20")));

        Assert.Contains(failures, f => f.StartsWith("Video:Offerings:0:Resolutions has 4k, which GeminiVeo never accepts", StringComparison.Ordinal));
    }

    [Fact]
    public void An_offering_of_a_provider_without_a_key_is_refused()
    {
        var failures = Failures(VeoOffering(("Video:Offerings:0:Provider", "OpenAiVideos"), ("OpenAiVideos:ApiKey", null),
            ("Video:Offerings:0:Durations:1", "12")));

        Assert.Contains(failures, f => f.Contains("Video:Offerings:0:Provider is OpenAiVideos but OpenAiVideos:ApiKey is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_lists_are_refused()
    {
        var failures = Failures(new Dictionary<string, string?>
        {
            ["Video:Offerings:0:Code"] = "bare",
            ["Video:Offerings:0:Provider"] = "Simulator",
            ["Video:Offerings:0:Model"] = "demo",
            ["Video:Offerings:0:LabelVi"] = "Thử",
            ["Video:Offerings:0:LabelEn"] = "Demo",
        });

        Assert.Contains(failures, f => f.StartsWith("Video:Offerings:0:Durations is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Video:Offerings:0:Resolutions is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Video:Offerings:0:Orientations is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_codes_are_refused()
    {
        var settings = VeoOffering();
        foreach (var (key, value) in VeoOffering().Where(p => p.Key.StartsWith("Video:Offerings:0:", StringComparison.Ordinal)))
            settings[key.Replace("Offerings:0:", "Offerings:1:", StringComparison.Ordinal)] = value;

        var failures = Failures(settings);

        Assert.Contains("Video:Offerings:1:Code 'veo-fast' is already used by Video:Offerings:0.", failures);
    }

    [Fact]
    public void An_offering_with_no_combination_the_provider_accepts_is_refused()
    {
        var failures = Failures(VeoOffering(
            ("Video:Offerings:0:Durations:0", "5"), ("Video:Offerings:0:Durations:1", "10"), ("Video:Offerings:0:Durations:2", null)));

        Assert.Contains(failures, f => f.StartsWith("Video:Offerings:0 ('veo-fast') has no combination that GeminiVeo accepts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_that_was_never_validated_refuses_to_be_built()
    {
        using var services = VideoTestServices.Build(VeoOffering(("Video:Offerings:0:Provider", "Sora")));

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<VideoOfferingCatalog>());
    }
}
