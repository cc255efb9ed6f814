using System.Globalization;
using System.Text;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.Videos;

/// <summary>The Standard Webhooks check, against the vector of <c>specs/video-providers.md</c>.</summary>
public sealed class StandardWebhookSignatureSpecs
{
    public const string VectorSecret = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=";
    public const string VectorId = "wh_685c059ae39c8190af8c71ed1022a24d";
    public const long VectorTimestamp = 1750861210;
    public const string VectorBody = """{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, "type": "response.completed", "data": {"id": "resp_123"}}""";
    public const string VectorSignature = "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY=";

    public static Dictionary<string, string> VectorHeaders => new()
    {
        ["webhook-id"] = VectorId,
        ["webhook-timestamp"] = VectorTimestamp.ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = VectorSignature,
    };

    private static byte[] Key => StandardWebhookSignature.KeyFromSecret(VectorSecret)!;

    [Fact]
    public void The_spec_vector_signs_to_the_published_signature() =>
        Assert.Equal(VectorSignature, StandardWebhookSignature.Sign(Key, VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody)));

    [Fact]
    public void The_spec_vector_verifies_with_now_at_its_timestamp() =>
        Assert.True(StandardWebhookSignature.Verify(Key, VectorHeaders, Encoding.UTF8.GetBytes(VectorBody), DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp)));

    [Fact]
    public void The_spec_vector_is_too_old_for_the_wall_clock() =>
        Assert.False(StandardWebhookSignature.Verify(Key, VectorHeaders, Encoding.UTF8.GetBytes(VectorBody), DateTimeOffset.UtcNow));

    [Theory]
    [InlineData(300, true)]
    [InlineData(-300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void The_tolerance_is_300_seconds_either_way(int offset, bool accepted) =>
        Assert.Equal(accepted, StandardWebhookSignature.Verify(Key, VectorHeaders, Encoding.UTF8.GetBytes(VectorBody),
            DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + offset)));

    [Fact]
    public void A_secret_without_the_prefix_is_used_as_utf8_bytes() =>
        Assert.Equal("not-prefixed"u8.ToArray(), StandardWebhookSignature.KeyFromSecret("not-prefixed"));

    [Fact]
    public void A_prefixed_secret_that_is_not_base64_has_no_key() => Assert.Null(StandardWebhookSignature.KeyFromSecret("whsec_!!!"));
}
