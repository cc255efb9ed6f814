using System.Text.Json;
using SoraGateway.Payments.Casso;
using static SoraGateway.Tests.Payments.Casso.CassoSamples;

namespace SoraGateway.Tests.Payments.Casso;

public sealed class CassoSignatureSpecs
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static CassoSignatureCheck Verify(string body, string? header, string key = OfficialKey, DateTimeOffset? now = null) =>
        CassoSignature.VerifyV2(Utf8(body), header, key, now ?? OfficialTime, Day);

    private static string OfficialHex => OfficialHeader[(OfficialHeader.IndexOf("v1=", StringComparison.Ordinal) + 3)..];

    [Fact]
    public void The_official_v2_vector_verifies()
    {
        Assert.Equal(CassoSignatureCheck.Valid, Verify(OfficialBody, OfficialHeader));
    }

    [Fact]
    public void Signing_the_official_body_reproduces_the_official_header()
    {
        Assert.Equal(OfficialHeader, CassoSignature.SignV2(Utf8(OfficialBody), OfficialKey, OfficialTimestamp));
        Assert.Equal(OfficialHeader, CassoSignature.SignV2(Utf8(OfficialBody), OfficialKey, OfficialTimestamp, escapeNonAscii: true));
    }

    [Fact]
    public void The_signature_covers_the_content_not_the_layout_of_the_body()
    {
        using var parsed = JsonDocument.Parse(OfficialBody);
        var reformatted = JsonSerializer.Serialize(parsed.RootElement, Indented);

        Assert.Equal(CassoSignatureCheck.Valid, Verify(reformatted, OfficialHeader));
    }

    [Theory]
    [InlineData("\"amount\":599000", "\"amount\":599001")]
    [InlineData("\"id\":0", "\"id\":1")]
    [InlineData("NGUYEN VAN A", "NGUYEN VAN B")]
    public void A_one_byte_change_in_the_body_is_a_mismatch(string original, string changed)
    {
        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(OfficialBody.Replace(original, changed, StringComparison.Ordinal), OfficialHeader));
    }

    [Fact]
    public void A_field_added_to_the_body_is_a_mismatch()
    {
        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(OfficialBody.Replace("\"error\":0", "\"error\":0,\"extra\":0", StringComparison.Ordinal), OfficialHeader));
    }

    [Fact]
    public void A_changed_timestamp_is_a_mismatch()
    {
        var header = OfficialHeader.Replace("t=1727948258788", "t=1727948258789", StringComparison.Ordinal);

        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(OfficialBody, header));
    }

    [Fact]
    public void A_changed_key_is_a_mismatch()
    {
        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(OfficialBody, OfficialHeader, key: "n" + OfficialKey[1..]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(127)]
    public void A_changed_hex_digit_is_a_mismatch(int position)
    {
        var hex = OfficialHex.ToCharArray();
        hex[position] = hex[position] == '0' ? '1' : '0';

        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(OfficialBody, $"t={OfficialTimestamp},v1={new string(hex)}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_header_is_missing(string? header)
    {
        Assert.Equal(CassoSignatureCheck.Missing, Verify(OfficialBody, header));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=,v1=")]
    [InlineData("t=abc,v1=ed0a")]
    [InlineData("v1={hex},t=1727948258788")]
    [InlineData("t=1727948258788;v1={hex}")]
    [InlineData("t=1727948258788,v1={HEX}")]
    [InlineData("t=1727948258788,v1={hex}0")]
    [InlineData("t=1727948258788,v1=ed0a4bd2")]
    [InlineData("t=1727948258788,v2={hex}")]
    [InlineData("t=99999999999999999999,v1={hex}")]
    [InlineData("t=1727948258788,v1={hex},v1={hex}")]
    public void A_header_that_is_not_t_and_128_lowercase_hex_is_malformed(string template)
    {
        var header = template
            .Replace("{hex}", OfficialHex, StringComparison.Ordinal)
            .Replace("{HEX}", OfficialHex.ToUpperInvariant(), StringComparison.Ordinal);

        Assert.Equal(CassoSignatureCheck.Malformed, Verify(OfficialBody, header));
    }

    [Theory]
    [InlineData("  t=1727948258788,v1={hex}  ")]
    [InlineData("t=1727948258788, v1={hex}")]
    [InlineData("t=1727948258788 ,v1={hex}")]
    public void Spaces_around_the_parts_of_the_header_are_tolerated(string template)
    {
        Assert.Equal(CassoSignatureCheck.Valid, Verify(OfficialBody, template.Replace("{hex}", OfficialHex, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_delivery_signed_25_hours_ago_has_expired_with_a_24_hour_window()
    {
        Assert.Equal(CassoSignatureCheck.Expired, Verify(OfficialBody, OfficialHeader, now: OfficialTime.AddHours(25)));
    }

    [Fact]
    public void A_timestamp_25_hours_in_the_future_is_expired_too()
    {
        Assert.Equal(CassoSignatureCheck.Expired, Verify(OfficialBody, OfficialHeader, now: OfficialTime.AddHours(-25)));
    }

    [Fact]
    public void A_delivery_exactly_at_the_edge_of_the_window_still_verifies()
    {
        Assert.Equal(CassoSignatureCheck.Valid, Verify(OfficialBody, OfficialHeader, now: OfficialTime + Day));
        Assert.Equal(CassoSignatureCheck.Expired, Verify(OfficialBody, OfficialHeader, now: OfficialTime + Day + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void An_absurd_timestamp_is_expired_rather_than_an_overflow()
    {
        var header = $"t={long.MaxValue},v1={OfficialHex}";

        Assert.Equal(CassoSignatureCheck.Expired, Verify(OfficialBody, header));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"error\":0,\"data\":")]
    [InlineData("{\"error\":0,\"error\":1,\"data\":{}}")]
    [InlineData("{\"error\":0} trailing")]
    public void A_body_that_is_not_json_with_a_well_formed_header_is_an_invalid_body(string body)
    {
        Assert.Equal(CassoSignatureCheck.InvalidBody, Verify(body, OfficialHeader));
    }

    [Fact]
    public void Header_problems_are_reported_before_body_problems()
    {
        Assert.Equal(CassoSignatureCheck.Missing, Verify("not json", null));
        Assert.Equal(CassoSignatureCheck.Malformed, Verify("not json", "garbage"));
    }

    [Fact]
    public void An_expired_delivery_is_reported_as_expired_whatever_its_signature()
    {
        var forged = $"t={OfficialTimestamp},v1={new string('a', 128)}";

        Assert.Equal(CassoSignatureCheck.Expired, Verify(OfficialBody, forged, now: OfficialTime.AddDays(2)));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void A_vietnamese_memo_verifies_whichever_way_the_body_and_the_signature_escape_it(bool bodyEscaped, bool signatureEscaped)
    {
        var body = bodyEscaped ? EscapeNonAscii(VietnameseBody) : VietnameseBody;
        var header = CassoSignature.SignV2(Utf8(VietnameseBody), VietnameseKey, OfficialTimestamp, signatureEscaped);

        Assert.Equal(CassoSignatureCheck.Valid, Verify(body, header, VietnameseKey));
    }

    [Theory]
    [InlineData(false, PythonRawUtf8Signature)]
    [InlineData(true, PythonRawUtf8Signature)]
    [InlineData(false, PythonEnsureAsciiSignature)]
    [InlineData(true, PythonEnsureAsciiSignature)]
    public void Signatures_computed_independently_by_python_verify(bool bodyEscaped, string hex)
    {
        var body = bodyEscaped ? EscapeNonAscii(VietnameseBody) : VietnameseBody;

        Assert.Equal(CassoSignatureCheck.Valid, Verify(body, $"t={OfficialTimestamp},v1={hex}", VietnameseKey));
    }

    [Fact]
    public void Sign_v2_writes_the_same_hex_as_python_for_each_escaping()
    {
        Assert.Equal($"t={OfficialTimestamp},v1={PythonRawUtf8Signature}",
            CassoSignature.SignV2(Utf8(VietnameseBody), VietnameseKey, OfficialTimestamp, escapeNonAscii: false));
        Assert.Equal($"t={OfficialTimestamp},v1={PythonEnsureAsciiSignature}",
            CassoSignature.SignV2(Utf8(VietnameseBody), VietnameseKey, OfficialTimestamp, escapeNonAscii: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_memo_with_a_stray_delete_character_verifies_in_either_form(bool signatureEscaped)
    {
        const string body = "{\"error\":0,\"data\":{\"id\":7,\"amount\":1,\"description\":\"SG\u007f\"}}";
        var header = CassoSignature.SignV2(Utf8(body), VietnameseKey, OfficialTimestamp, signatureEscaped);

        Assert.Equal(CassoSignatureCheck.Valid, Verify(body, header, VietnameseKey));
    }

    [Fact]
    public void A_changed_vietnamese_memo_is_a_mismatch_in_either_escaping()
    {
        var header = CassoSignature.SignV2(Utf8(VietnameseBody), VietnameseKey, OfficialTimestamp);
        var changed = VietnameseBody.Replace("Nạp", "Nap", StringComparison.Ordinal);

        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(changed, header, VietnameseKey));
        Assert.Equal(CassoSignatureCheck.Mismatch, Verify(EscapeNonAscii(changed), header, VietnameseKey));
    }

    [Fact]
    public void An_empty_webhook_key_is_a_configuration_error_not_a_pass()
    {
        Assert.Throws<ArgumentException>(() => Verify(OfficialBody, OfficialHeader, key: ""));
        Assert.Throws<ArgumentException>(() => CassoSignature.SignV2(Utf8(OfficialBody), "", OfficialTimestamp));
    }

    [Fact]
    public void Signing_something_that_is_not_json_fails_loudly()
    {
        Assert.ThrowsAny<JsonException>(() => CassoSignature.SignV2(Utf8("not json"), OfficialKey, OfficialTimestamp));
    }

    [Fact]
    public void The_v1_token_is_accepted_when_equal()
    {
        Assert.True(CassoSignature.VerifyV1("s3cr3t-token-Ồ", "s3cr3t-token-Ồ"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cr3t-token-X")]
    [InlineData("s3cr3t-token")]
    [InlineData("s3cr3t-token-XX")]
    [InlineData("S3CR3T-TOKEN-X")]
    [InlineData(" s3cr3t-token-X")]
    public void A_wrong_missing_or_different_length_v1_token_is_refused(string? header)
    {
        Assert.False(CassoSignature.VerifyV1(header, "s3cr3t-token-Y"));
    }

    [Fact]
    public void An_empty_configured_v1_token_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => CassoSignature.VerifyV1("", ""));
    }
}
