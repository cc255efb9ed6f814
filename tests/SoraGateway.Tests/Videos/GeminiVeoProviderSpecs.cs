using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;
using SoraGateway.Tests.Videos.Fakes;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.Videos;

/// <summary>The GeminiVeo adapter against an in-process fake of the Gemini API that validates like Google.</summary>
public sealed class GeminiVeoProviderSpecs : IAsyncLifetime
{
    private FakeVeoServer _veo = null!;
    private ServiceProvider _services = null!;

    private IVideoProvider Veo => _services.Provider(VideoProviderNames.GeminiVeo);

    public async Task InitializeAsync()
    {
        _veo = await FakeVeoServer.StartAsync();
        _services = Services(FakeVeoServer.ApiKey);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _veo.DisposeAsync();
    }

    private ServiceProvider Services(string? apiKey, TimeProvider? time = null, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["GeminiVeo:ApiKey"] = apiKey, ["GeminiVeo:BaseUrl"] = _veo.BaseUrl };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return VideoTestServices.Build(settings, time);
    }

    private static VideoRequest Request(string resolution = "720p", int seconds = 8, VideoOrientation orientation = VideoOrientation.Landscape,
        VideoImage? image = null, string model = "veo-3.1-fast-generate-preview") =>
        new(model, "A red kite over Ha Long Bay at dawn", seconds, resolution, orientation, image);

    [Fact]
    public async Task A_job_goes_from_submit_through_running_to_a_downloaded_mp4()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        Assert.StartsWith("models/veo-3.1-fast-generate-preview/operations/", name, StringComparison.Ordinal);

        var running = await Veo.GetStatusAsync(name, CancellationToken.None);
        Assert.Equal(ProviderJobState.Running, running.State);
        Assert.Null(running.ProgressPercent);
        Assert.Equal(TimeSpan.FromSeconds(10), running.PollAfter);

        _veo.Complete(name);
        var completed = await Veo.GetStatusAsync(name, CancellationToken.None);
        Assert.Equal(ProviderJobState.Completed, completed.State);
        Assert.EndsWith(":download?alt=media", completed.DownloadUri, StringComparison.Ordinal);
        Assert.Null(completed.PollAfter);

        using var file = new MemoryStream();
        await Veo.DownloadAsync(name, completed, file, CancellationToken.None);
        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
        Assert.Equal(_veo.VideoBytes, file.ToArray());
        Assert.All(_veo.Api.Requests, r => Assert.Equal(FakeVeoServer.ApiKey, r.Header(FakeVeoServer.KeyHeader)));
    }

    [Fact]
    public async Task The_create_request_has_exactly_the_shape_veo_accepts()
    {
        await Veo.SubmitAsync(Request("1080p", 8, VideoOrientation.Portrait, model: "veo-3.1-generate-preview"), CancellationToken.None);

        var submit = Assert.Single(_veo.Submits);
        Assert.Equal("/v1beta/models/veo-3.1-generate-preview:predictLongRunning", submit.Path);
        Assert.Equal(FakeVeoServer.ApiKey, submit.Header(FakeVeoServer.KeyHeader));
        var body = JsonNode.Parse(submit.Body)!.AsObject();
        Assert.Equal(["instances", "parameters"], body.Select(p => p.Key));
        var instance = Assert.Single(body["instances"]!.AsArray())!.AsObject();
        Assert.Equal(["prompt"], instance.Select(p => p.Key));
        Assert.Equal("A red kite over Ha Long Bay at dawn", instance["prompt"]!.GetValue<string>());
        var parameters = body["parameters"]!.AsObject();
        Assert.Equal(["aspectRatio", "resolution", "durationSeconds"], parameters.Select(p => p.Key));
        Assert.Equal("9:16", parameters["aspectRatio"]!.GetValue<string>());
        Assert.Equal("1080p", parameters["resolution"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, parameters["durationSeconds"]!.GetValueKind());
        Assert.Equal(8, parameters["durationSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_image_to_video_request_sends_the_photo_as_a_jpeg_of_at_most_1080p_in_bytesBase64Encoded()
    {
        await Veo.SubmitAsync(Request(image: VideoTestServices.Photo(3000, 2000)), CancellationToken.None);

        var image = JsonNode.Parse(Assert.Single(_veo.Submits).Body)!["instances"]![0]!["image"]!.AsObject();
        Assert.Equal(["bytesBase64Encoded", "mimeType"], image.Select(p => p.Key));
        Assert.Equal("image/jpeg", image["mimeType"]!.GetValue<string>());
        var (width, height, format) = VideoTestServices.Inspect(Convert.FromBase64String(image["bytesBase64Encoded"]!.GetValue<string>()));
        Assert.Equal((1620, 1080, SKEncodedImageFormat.Jpeg), (width, height, format));
    }

    [Fact]
    public async Task A_content_refusal_is_a_refused_status_with_the_providers_reason()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        _veo.Refuse(name, "Your prompt may violate our policies on celebrity likeness.");

        var status = await Veo.GetStatusAsync(name, CancellationToken.None);

        Assert.Equal(ProviderJobState.Refused, status.State);
        Assert.Equal("Your prompt may violate our policies on celebrity likeness.", status.FailureMessage);
        Assert.True(status.IsFinished);
    }

    [Fact]
    public async Task A_finished_operation_without_samples_is_refused()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        _veo.FinishWithoutSamples(name);

        var status = await Veo.GetStatusAsync(name, CancellationToken.None);

        Assert.Equal(ProviderJobState.Refused, status.State);
        Assert.False(string.IsNullOrEmpty(status.FailureMessage));
    }

    [Fact]
    public async Task An_operation_error_is_a_failed_status_with_its_code_and_message()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        _veo.Fail(name, 13, "Video generation failed due to an internal error.");

        var status = await Veo.GetStatusAsync(name, CancellationToken.None);

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("13", status.FailureCode);
        Assert.Equal("Video generation failed due to an internal error.", status.FailureMessage);
    }

    [Fact]
    public async Task A_429_surfaces_the_providers_retry_delay_and_is_not_retried()
    {
        _veo.NextSubmit(FakeVeoServer.RateLimited("37s"));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(37), error.RetryAfter);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ProviderCode);
        Assert.Single(_veo.Submits);
    }

    [Fact]
    public async Task A_429_without_retry_info_waits_the_configured_default()
    {
        _veo.NextSubmit(new FakeReply(429, """{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED"}}"""));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task A_500_is_retried_and_the_second_attempt_succeeds()
    {
        _veo.NextSubmit(FakeVeoServer.ServerError());

        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);

        Assert.StartsWith("models/", name, StringComparison.Ordinal);
        Assert.Equal(2, _veo.Submits.Count);
    }

    [Fact]
    public async Task Persistent_503s_surface_as_transient_after_three_attempts()
    {
        for (var i = 0; i < 3; i++)
            _veo.NextSubmit(FakeVeoServer.ServerError(503));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Transient, error.Kind);
        Assert.Equal(3, _veo.Submits.Count);
    }

    [Fact]
    public async Task An_invalid_argument_surfaces_as_invalid_with_the_providers_message()
    {
        _veo.NextSubmit(FakeVeoServer.InvalidArgument("The input image is not supported."));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
        Assert.Equal("INVALID_ARGUMENT", error.ProviderCode);
        Assert.Equal("The input image is not supported.", error.ProviderMessage);
    }

    [Fact]
    public async Task A_combination_veo_rejects_comes_back_as_invalid_from_the_real_validation()
    {
        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request("1080p", 4), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
        Assert.Contains("1080p requires durationSeconds 8", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_precondition_is_misconfigured()
    {
        _veo.NextSubmit(FakeVeoServer.FailedPrecondition("User location is not supported for the API use."));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => Veo.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public async Task A_wrong_api_key_is_misconfigured_and_the_key_appears_nowhere_in_the_error()
    {
        const string wrongKey = "AIza-wrong-key-that-must-not-leak";
        await using var services = Services(wrongKey);

        var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
            services.Provider(VideoProviderNames.GeminiVeo).SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.ProviderMessage ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_api_key_every_call_is_misconfigured_and_nothing_is_sent()
    {
        await using var services = Services(apiKey: null);
        var veo = services.Provider(VideoProviderNames.GeminiVeo);

        var submit = await Assert.ThrowsAsync<VideoProviderException>(() => veo.SubmitAsync(Request(), CancellationToken.None));
        var status = await Assert.ThrowsAsync<VideoProviderException>(() => veo.GetStatusAsync("models/x/operations/y", CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, submit.Kind);
        Assert.Equal(VideoFailureKind.Misconfigured, status.Kind);
        Assert.Empty(_veo.Api.Requests);
    }

    [Fact]
    public async Task An_unknown_model_is_misconfigured()
    {
        var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
            Veo.SubmitAsync(Request(model: "veo-9-imaginary"), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
        Assert.Equal("NOT_FOUND", error.ProviderCode);
    }

    [Fact]
    public async Task The_download_follows_the_redirect_to_storage_without_sending_the_key_there()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        _veo.Complete(name);
        var completed = await Veo.GetStatusAsync(name, CancellationToken.None);

        using var file = new MemoryStream();
        await Veo.DownloadAsync(name, completed, file, CancellationToken.None);

        var atGemini = Assert.Single(_veo.Api.Requests, r => r.Path.EndsWith(":download", StringComparison.Ordinal));
        Assert.Equal(FakeVeoServer.ApiKey, atGemini.Header(FakeVeoServer.KeyHeader));
        var atStorage = Assert.Single(_veo.Storage.Requests);
        Assert.Null(atStorage.Header(FakeVeoServer.KeyHeader));
        Assert.DoesNotContain(atStorage.Headers.Values, v => v.Contains(FakeVeoServer.ApiKey, StringComparison.Ordinal));
        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
    }

    [Fact]
    public async Task A_download_with_a_status_lacking_the_link_asks_for_it_first()
    {
        var name = await Veo.SubmitAsync(Request(), CancellationToken.None);
        _veo.Complete(name);

        using var file = new MemoryStream();
        await Veo.DownloadAsync(name, ProviderJobStatus.Completed(null), file, CancellationToken.None);

        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
    }

    [Fact]
    public async Task A_submit_that_times_out_is_not_retried_because_it_may_have_created_a_paid_job()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = Services(FakeVeoServer.ApiKey, time, new() { ["Video:Http:AttemptTimeout"] = "00:00:05" });
        _veo.NextSubmit(FakeReply.Hang);
        var arrived = new TaskCompletionSource();
        _veo.Api.Received += _ => arrived.TrySetResult();

        var submit = services.Provider(VideoProviderNames.GeminiVeo).SubmitAsync(Request(), CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(6));
        var error = await Assert.ThrowsAsync<VideoProviderException>(() => submit.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(VideoFailureKind.Transient, error.Kind);
        Assert.Single(_veo.Submits);
    }

    [Fact]
    public async Task A_status_poll_that_times_out_is_retried()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = Services(FakeVeoServer.ApiKey, time, new() { ["Video:Http:AttemptTimeout"] = "00:00:05" });
        var veo = services.Provider(VideoProviderNames.GeminiVeo);
        var name = await veo.SubmitAsync(Request(), CancellationToken.None);
        var polls = 0;
        var firstPoll = new TaskCompletionSource();
        _veo.Api.Received += r =>
        {
            if (r.Method == "GET" && Interlocked.Increment(ref polls) == 1)
                firstPoll.TrySetResult();
        };
        _veo.HangNextPoll = true;

        var status = veo.GetStatusAsync(name, CancellationToken.None);
        await firstPoll.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(ProviderJobState.Running, (await status.WaitAsync(TimeSpan.FromSeconds(10))).State);
        Assert.Equal(2, polls);
    }

    [Fact]
    public void Veo_has_no_webhooks()
    {
        var notice = Veo.VerifyWebhook(new Dictionary<string, string> { ["webhook-id"] = "x" }, "{}"u8, DateTimeOffset.UtcNow);

        Assert.Null(notice);
    }

    [Fact]
    public async Task The_fake_refuses_a_call_without_the_key_like_google()
    {
        using var client = new HttpClient();
        using var content = new StringContent("""{"instances":[{"prompt":"p"}]}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var response = await client.PostAsync(new Uri($"{_veo.BaseUrl}/models/veo-3.1-fast-generate-preview:predictLongRunning"), content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("PERMISSION_DENIED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"instances":[{"prompt":"p"}],"parameters":{"durationSeconds":"8"}}""", "duration_seconds")]
    [InlineData("""{"instances":[{"prompt":"p","image":{"inlineData":{"data":"AAAA","mimeType":"image/jpeg"}}}],"parameters":{"durationSeconds":8}}""", "inlineData")]
    [InlineData("""{"instances":[{"prompt":"p"}],"parameters":{"durationSeconds":8,"numberOfVideos":1}}""", "numberOfVideos")]
    [InlineData("""{"instances":[{"prompt":"p"}],"parameters":{"durationSeconds":8,"generateAudio":true}}""", "generateAudio")]
    [InlineData("""{"instances":[{"prompt":"p"}],"parameters":{"durationSeconds":4,"resolution":"1080p"}}""", "1080p requires durationSeconds 8")]
    public async Task The_fake_rejects_what_veo_rejects(string body, string expected)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_veo.BaseUrl}/models/veo-3.1-fast-generate-preview:predictLongRunning")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(FakeVeoServer.KeyHeader, FakeVeoServer.ApiKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
