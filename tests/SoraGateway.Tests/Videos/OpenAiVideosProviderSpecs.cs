using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SkiaSharp;
using SoraGateway.Tests.Videos.Fakes;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.OpenAiVideos;
using StandardWebhooks;

namespace SoraGateway.Tests.Videos;

/// <summary>The OpenAiVideos adapter (Sora <c>/v1/videos</c> format) against an in-process fake that validates like the real service.</summary>
public sealed class OpenAiVideosProviderSpecs : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private FakeOpenAiVideosServer _openAi = null!;
    private ServiceProvider _services = null!;

    private IVideoProvider OpenAi => _services.Provider(VideoProviderNames.OpenAiVideos);

    public async Task InitializeAsync()
    {
        _openAi = await FakeOpenAiVideosServer.StartAsync();
        _services = Services(FakeOpenAiVideosServer.ApiKey);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _openAi.DisposeAsync();
    }

    private ServiceProvider Services(string? apiKey, string? webhookSecret = WebhookSecret) => VideoTestServices.Build(new Dictionary<string, string?>
    {
        ["OpenAiVideos:ApiKey"] = apiKey,
        ["OpenAiVideos:BaseUrl"] = _openAi.BaseUrl,
        ["OpenAiVideos:WebhookSecret"] = webhookSecret,
    });

    private static VideoRequest Request(int seconds = 8, string resolution = "720p", VideoOrientation orientation = VideoOrientation.Landscape,
        VideoImage? image = null) =>
        new("sora-2", "Phở stall on a rainy Hanoi street, neon reflections", seconds, resolution, orientation, image);

    [Fact]
    public async Task A_job_goes_from_submit_through_queued_and_in_progress_to_a_downloaded_mp4()
    {
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);
        Assert.StartsWith("video_", id, StringComparison.Ordinal);

        var queued = await OpenAi.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ProviderJobState.Queued, queued.State);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), queued.PollAfter);

        _openAi.SetStatus(id, "in_progress", 40);
        var running = await OpenAi.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ProviderJobState.Running, running.State);
        Assert.Equal(40, running.ProgressPercent);

        _openAi.Complete(id);
        var completed = await OpenAi.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ProviderJobState.Completed, completed.State);
        Assert.Equal(100, completed.ProgressPercent);

        using var file = new MemoryStream();
        await OpenAi.DownloadAsync(id, completed, file, CancellationToken.None);
        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
        Assert.Equal(_openAi.VideoBytes, file.ToArray());
    }

    [Fact]
    public async Task Without_the_poll_after_header_the_configured_interval_applies()
    {
        _openAi.PollAfterMs = null;
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);

        var status = await OpenAi.GetStatusAsync(id, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), status.PollAfter);
    }

    [Fact]
    public async Task The_create_request_is_multipart_with_seconds_as_the_string_8_and_a_sora_size()
    {
        await OpenAi.SubmitAsync(Request(), CancellationToken.None);

        var submit = Assert.Single(_openAi.Submits);
        Assert.Equal($"Bearer {FakeOpenAiVideosServer.ApiKey}", submit.Header("Authorization"));
        var parts = await ReadMultipartAsync(submit);
        Assert.Equal(["model", "prompt", "seconds", "size"], parts.Select(p => p.Name));
        Assert.Equal("sora-2", parts[0].Text);
        Assert.Equal("Phở stall on a rainy Hanoi street, neon reflections", parts[1].Text);
        Assert.Equal("8", parts[2].Text);
        Assert.Equal("1280x720", parts[3].Text);
        Assert.Contains("Content-Disposition: form-data; name=\"seconds\"\r\n", submit.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_to_video_request_sends_an_input_reference_jpeg_of_exactly_the_video_size()
    {
        await OpenAi.SubmitAsync(Request(resolution: "720p", orientation: VideoOrientation.Portrait, image: VideoTestServices.Photo(1600, 1200)),
            CancellationToken.None);

        var parts = await ReadMultipartAsync(Assert.Single(_openAi.Submits));
        Assert.Equal("720x1280", parts.Single(p => p.Name == "size").Text);
        var reference = parts.Single(p => p.Name == "input_reference");
        Assert.NotNull(reference.FileName);
        Assert.Equal("image/jpeg", reference.ContentType);
        Assert.Equal((720, 1280, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(reference.Bytes));
    }

    [Theory]
    [InlineData("720p", VideoOrientation.Landscape, 1280, 720)]
    [InlineData("720p", VideoOrientation.Portrait, 720, 1280)]
    [InlineData("1080p", VideoOrientation.Landscape, 1920, 1080)]
    [InlineData("1080p", VideoOrientation.Portrait, 1080, 1920)]
    [InlineData("1024p", VideoOrientation.Landscape, 1792, 1024)]
    [InlineData("1024p", VideoOrientation.Portrait, 1024, 1792)]
    public void Resolutions_map_to_sora_sizes(string resolution, VideoOrientation orientation, int width, int height) =>
        Assert.Equal((width, height), OpenAiVideosProvider.SizeFor(resolution, orientation));

    [Fact]
    public void A_resolution_without_a_sora_size_has_none() => Assert.Null(OpenAiVideosProvider.SizeFor("4k", VideoOrientation.Landscape));

    [Theory]
    [InlineData("succeeded", ProviderJobState.Completed)]
    [InlineData("success", ProviderJobState.Completed)]
    [InlineData("processing", ProviderJobState.Running)]
    [InlineData("running", ProviderJobState.Running)]
    [InlineData("pending", ProviderJobState.Queued)]
    [InlineData("IN_PROGRESS", ProviderJobState.Running)]
    [InlineData("something_new", ProviderJobState.Running)]
    public async Task Gateway_status_words_are_understood(string word, ProviderJobState expected)
    {
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);
        _openAi.SetStatus(id, word);

        Assert.Equal(expected, (await OpenAi.GetStatusAsync(id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task A_failed_job_with_a_moderation_code_is_a_content_refusal()
    {
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);
        _openAi.Fail(id, "moderation_blocked", "Your request was blocked by our moderation system.");

        var status = await OpenAi.GetStatusAsync(id, CancellationToken.None);

        Assert.Equal(ProviderJobState.Refused, status.State);
        Assert.Equal("moderation_blocked", status.FailureCode);
        Assert.Equal("Your request was blocked by our moderation system.", status.FailureMessage);
    }

    [Fact]
    public async Task A_failed_job_with_another_code_is_a_failure()
    {
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);
        _openAi.Fail(id, "internal_error", "Generation failed.");

        var status = await OpenAi.GetStatusAsync(id, CancellationToken.None);

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("internal_error", status.FailureCode);
    }

    [Fact]
    public async Task A_429_surfaces_the_retry_after_header_and_is_not_retried()
    {
        _openAi.NextSubmit(FakeOpenAiVideosServer.RateLimited(20));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.Single(_openAi.Submits);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_the_configured_default()
    {
        _openAi.NextSubmit(FakeOpenAiVideosServer.RateLimited(null));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task A_500_is_retried_and_the_second_attempt_succeeds()
    {
        _openAi.NextSubmit(FakeOpenAiVideosServer.ServerError());

        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);

        Assert.StartsWith("video_", id, StringComparison.Ordinal);
        Assert.Equal(2, _openAi.Submits.Count);
    }

    [Fact]
    public async Task A_rejected_seconds_value_surfaces_as_invalid_with_the_providers_message()
    {
        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.SubmitAsync(Request(seconds: 7), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
        Assert.Equal("invalid_value", error.ProviderCode);
        Assert.Contains("Invalid value: '7'", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_is_invalid()
    {
        _openAi.NextSubmit(new FakeReply(422, """{"error":{"message":"Prompt too long.","type":"invalid_request_error","code":"prompt_too_long"}}"""));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
        Assert.Equal("Prompt too long.", error.ProviderMessage);
    }

    [Fact]
    public async Task A_moderation_rejection_at_submit_is_a_refusal()
    {
        _openAi.NextSubmit(FakeOpenAiVideosServer.Invalid("Your prompt was flagged by our moderation system.", "moderation_blocked"));

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Refused, error.Kind);
        Assert.Equal("Your prompt was flagged by our moderation system.", error.ProviderMessage);
    }

    [Fact]
    public async Task A_wrong_key_is_misconfigured_and_neither_the_key_nor_its_masked_echo_leaks()
    {
        const string wrongKey = "sk-wrong-key-that-must-never-leak-9z9z";
        await using var services = Services(wrongKey);

        var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
            services.Provider(VideoProviderNames.OpenAiVideos).SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
        Assert.Equal("invalid_api_key", error.ProviderCode);
        foreach (var text in new[] { error.ToString(), error.ProviderMessage ?? "" })
        {
            Assert.DoesNotContain(wrongKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("9z9z", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_video_is_misconfigured()
    {
        var error = await Assert.ThrowsAsync<VideoProviderException>(() => OpenAi.GetStatusAsync("video_nope", CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public async Task A_content_redirect_is_followed_without_the_bearer_key()
    {
        _openAi.RedirectContent = true;
        var id = await OpenAi.SubmitAsync(Request(), CancellationToken.None);
        _openAi.Complete(id);

        using var file = new MemoryStream();
        await OpenAi.DownloadAsync(id, await OpenAi.GetStatusAsync(id, CancellationToken.None), file, CancellationToken.None);

        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
        var atStorage = Assert.Single(_openAi.Storage.Requests);
        Assert.Null(atStorage.Header("Authorization"));
        Assert.DoesNotContain(atStorage.Headers.Values, v => v.Contains(FakeOpenAiVideosServer.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void A_validly_signed_video_completed_event_becomes_a_notice()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_000_000);
        var body = """{"id":"evt_1","object":"event","created_at":1767000000,"type":"video.completed","data":{"id":"video_abc"}}""";
        var headers = Signed(WebhookSecret, "wh_1", now, body);

        var notice = OpenAi.VerifyWebhook(headers, Encoding.UTF8.GetBytes(body), now.AddSeconds(42));

        Assert.Equal(new VideoWebhookNotice("video_abc", "wh_1", "video.completed"), notice);
    }

    [Fact]
    public void A_signature_made_by_the_StandardWebhooks_package_is_accepted()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_000_000);
        var body = """{"id":"evt_2","object":"event","created_at":1767000000,"type":"video.failed","data":{"id":"video_def"}}""";
        var signature = new StandardWebhook(WebhookSecret).Sign("wh_2", now, body);
        var headers = new Dictionary<string, string>
        {
            ["Webhook-Id"] = "wh_2",
            ["Webhook-Timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook-Signature"] = signature,
        };

        var notice = OpenAi.VerifyWebhook(headers, Encoding.UTF8.GetBytes(body), now);

        Assert.Equal(new VideoWebhookNotice("video_def", "wh_2", "video.failed"), notice);
    }

    [Fact]
    public void A_tampered_body_a_wrong_secret_or_an_old_timestamp_is_rejected()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_000_000);
        var body = """{"id":"evt_1","object":"event","type":"video.completed","data":{"id":"video_abc"}}""";
        var headers = Signed(WebhookSecret, "wh_1", now, body);

        Assert.Null(OpenAi.VerifyWebhook(headers, Encoding.UTF8.GetBytes(body.Replace("abc", "xyz", StringComparison.Ordinal)), now));
        Assert.Null(OpenAi.VerifyWebhook(Signed("whsec_" + Convert.ToBase64String(new byte[24]), "wh_1", now, body), Encoding.UTF8.GetBytes(body), now));
        Assert.Null(OpenAi.VerifyWebhook(headers, Encoding.UTF8.GetBytes(body), now.AddSeconds(301)));
        Assert.Null(OpenAi.VerifyWebhook(headers, Encoding.UTF8.GetBytes(body), now.AddSeconds(-301)));
        Assert.Null(OpenAi.VerifyWebhook(new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), now));
        Assert.Null(OpenAi.VerifyWebhook(new Dictionary<string, string>(headers) { ["webhook-signature"] = "v1,not base64!" }, Encoding.UTF8.GetBytes(body), now));
    }

    [Fact]
    public void A_signed_but_unreadable_body_gives_no_notice_and_does_not_throw()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_000_000);
        const string body = "not json {";

        Assert.Null(OpenAi.VerifyWebhook(Signed(WebhookSecret, "wh_3", now, body), Encoding.UTF8.GetBytes(body), now));
    }

    [Fact]
    public async Task Without_a_webhook_secret_no_webhook_is_accepted()
    {
        await using var services = Services(FakeOpenAiVideosServer.ApiKey, webhookSecret: null);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_000_000);
        var body = """{"type":"video.completed","data":{"id":"video_abc"}}""";

        var notice = services.Provider(VideoProviderNames.OpenAiVideos).VerifyWebhook(Signed(WebhookSecret, "wh_1", now, body), Encoding.UTF8.GetBytes(body), now);

        Assert.Null(notice);
    }

    [Fact]
    public async Task The_spec_vector_verifies_at_its_own_timestamp()
    {
        await using var services = Services(FakeOpenAiVideosServer.ApiKey, StandardWebhookSignatureSpecs.VectorSecret);
        var now = DateTimeOffset.FromUnixTimeSeconds(StandardWebhookSignatureSpecs.VectorTimestamp);

        var notice = services.Provider(VideoProviderNames.OpenAiVideos)
            .VerifyWebhook(StandardWebhookSignatureSpecs.VectorHeaders, Encoding.UTF8.GetBytes(StandardWebhookSignatureSpecs.VectorBody), now);

        Assert.Equal(new VideoWebhookNotice("resp_123", StandardWebhookSignatureSpecs.VectorId, "response.completed"), notice);
    }

    [Fact]
    public void The_options_never_show_the_secrets()
    {
        var text = _services.GetRequiredService<IOptions<OpenAiVideosOptions>>().Value.ToString();

        Assert.DoesNotContain(FakeOpenAiVideosServer.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_refuses_a_json_create_and_a_call_without_the_key()
    {
        using var client = new HttpClient();
        using var json = new HttpRequestMessage(HttpMethod.Post, $"{_openAi.BaseUrl}/videos")
        {
            Content = new StringContent("""{"model":"sora-2","prompt":"p","seconds":8,"size":"1280x720"}""", Encoding.UTF8, "application/json"),
        };
        json.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeOpenAiVideosServer.ApiKey);

        using var jsonAnswer = await client.SendAsync(json);
        using var anonymous = await client.GetAsync(new Uri($"{_openAi.BaseUrl}/videos/video_1"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, jsonAnswer.StatusCode);
        Assert.Contains("multipart/form-data", await jsonAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Dictionary<string, string> Signed(string secret, string id, DateTimeOffset at, string body)
    {
        var timestamp = at.ToUnixTimeSeconds();
        return new Dictionary<string, string>
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // An old, rotated signature first: any matching entry is enough.
            ["webhook-signature"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " +
                StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFromSecret(secret)!, id, timestamp, Encoding.UTF8.GetBytes(body)),
        };
    }

    private sealed record Part(string Name, string? FileName, string? ContentType, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }

    private static async Task<List<Part>> ReadMultipartAsync(RecordedRequest request)
    {
        var contentType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.Header("Content-Type"));
        Assert.Equal("multipart/form-data", contentType.MediaType.Value);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!, new MemoryStream(request.Body));
        var parts = new List<Part>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = section.GetContentDispositionHeader()!;
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            parts.Add(new Part(HeaderUtilities.RemoveQuotes(disposition.Name).Value!, disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null,
                section.ContentType, bytes.ToArray()));
        }

        return parts;
    }
}
