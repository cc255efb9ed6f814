using System.Text;
using System.Text.Json;
using SoraGateway.Payments.Casso;
using static SoraGateway.Tests.Payments.Casso.CassoSamples;

namespace SoraGateway.Tests.Payments.Casso;

public sealed class CassoCanonicalJsonSpecs
{
    private static string Canonical(string json, bool escapeNonAscii = false) =>
        Encoding.UTF8.GetString(CassoCanonicalJson.Canonicalize(Utf8(json), escapeNonAscii));

    [Fact]
    public void Keys_are_sorted_at_every_depth_and_arrays_keep_their_order()
    {
        const string json = """
            {
              "z": [3, 1, {"b": 2, "a": {"d": [ {"y": 1, "x": 2} ], "c": null}}],
              "B": true,
              "a": false,
              "_": "",
              "aa": {}
            }
            """;

        Assert.Equal(
            """{"B":true,"_":"","a":false,"aa":{},"z":[3,1,{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":2}]}""",
            Canonical(json));
    }

    [Fact]
    public void The_official_body_canonicalizes_to_what_casso_signed()
    {
        Assert.Equal(
            """{"data":{"accountNumber":"88888888","amount":599000,"bankAbbreviation":"VPB","bankName":"VPBank","counterAccountBankId":"970415","counterAccountBankName":"VietinBank","counterAccountName":"NGUYEN VAN A","counterAccountNumber":"8888888888","description":"giao dich thu nghiem","id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","virtualAccountName":"","virtualAccountNumber":""},"error":0}""",
            Canonical(OfficialBody));
    }

    [Fact]
    public void Numbers_are_kept_exactly_as_written()
    {
        const string json = """{"f":1.50,"a":25000000,"n":-0,"e":1e3,"E":2.5E-7,"big":123456789012345678901234567890,"neg":-599000}""";

        Assert.Equal(
            """{"E":2.5E-7,"a":25000000,"big":123456789012345678901234567890,"e":1e3,"f":1.50,"n":-0,"neg":-599000}""",
            Canonical(json));
    }

    [Fact]
    public void Keys_are_ordered_by_utf16_code_unit_not_by_culture()
    {
        Assert.Equal("""{"Z":1,"a":2,"é":3}""", Canonical("""{"é":3,"a":2,"Z":1}"""));
    }

    // The two expected strings are Python's json.dumps(sort_keys=True, separators=(",", ":")) output,
    // with ensure_ascii=False and ensure_ascii=True respectively.
    private const string Tricky =
        "{\"z\":[3,{\"b\":\"x\\\"y\\\\z\\/w+<>'&\",\"a\":\"\\n\\r\\t\\b\\f\\u0001\\u001F\\u007f\"}],\"A\":\"\\uD83D\\uDE00é\",\"é\":true,\"e\":null,\"a\":{\"y\":false,\"x\":[]}}";

    [Fact]
    public void The_raw_form_escapes_like_javascript_and_keeps_non_ascii_as_utf8()
    {
        Assert.Equal(
            "{\"A\":\"😀é\",\"a\":{\"x\":[],\"y\":false},\"e\":null,\"z\":[3,{\"a\":\"\\n\\r\\t\\b\\f\\u0001\\u001f\u007f\",\"b\":\"x\\\"y\\\\z/w+<>'&\"}],\"é\":true}",
            Canonical(Tricky));
    }

    [Fact]
    public void The_ascii_form_escapes_like_python_with_lowercase_hex_and_surrogate_pairs()
    {
        Assert.Equal(
            "{\"A\":\"\\ud83d\\ude00\\u00e9\",\"a\":{\"x\":[],\"y\":false},\"e\":null,\"z\":[3,{\"a\":\"\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\",\"b\":\"x\\\"y\\\\z/w+<>'&\"}],\"\\u00e9\":true}",
            Canonical(Tricky, escapeNonAscii: true));
    }

    [Fact]
    public void Characters_a_default_json_encoder_would_escape_stay_literal()
    {
        Assert.Equal("""{"memo":"A+B <c> 'd' & e/f"}""", Canonical("""{"memo":"A+B <c> 'd' & e/f"}""", escapeNonAscii: true));
    }

    [Fact]
    public void Escapes_in_the_input_are_decoded_before_writing()
    {
        Assert.Equal("""{"A":"A/é"}""", Canonical("""{"\u0041":"\u0041\/\u00E9"}"""));
        Assert.Equal("""{"A":"A/\u00e9"}""", Canonical("""{"\u0041":"\u0041\/\u00E9"}""", escapeNonAscii: true));
    }

    [Fact]
    public void Vietnamese_text_has_the_same_canonical_form_whether_sent_raw_or_escaped()
    {
        var raw = CassoCanonicalJson.Canonicalize(Utf8(VietnameseBody), escapeNonAscii: false);
        var escaped = CassoCanonicalJson.Canonicalize(Utf8(EscapeNonAscii(VietnameseBody)), escapeNonAscii: false);

        Assert.Equal(raw, escaped);
        Assert.Contains(VietnameseMemo, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_forms_are_the_same_array_for_an_ascii_document()
    {
        Assert.True(CassoCanonicalJson.TryCanonicalize(Utf8(OfficialBody), out var raw, out var ascii));
        Assert.Same(raw, ascii);

        Assert.True(CassoCanonicalJson.TryCanonicalize(Utf8(VietnameseBody), out raw, out ascii));
        Assert.NotEqual(raw, ascii);
        Assert.True(Ascii.IsValid(ascii));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1,"b":{"c":1,"c":1}}""")]
    [InlineData("""{"list":[{"x":1,"x":1}]}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    public void Duplicate_keys_are_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => CassoCanonicalJson.Canonicalize(Utf8(json)));
        Assert.False(CassoCanonicalJson.TryCanonicalize(Utf8(json), out _, out _));
    }

    [Fact]
    public void Duplicate_keys_are_rejected_even_in_an_element_parsed_leniently_elsewhere()
    {
        using var lenient = JsonDocument.Parse("""{"a":1,"a":2}""");

        Assert.ThrowsAny<JsonException>(() => CassoCanonicalJson.Canonicalize(lenient.RootElement));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{} {}")]
    [InlineData("{'a':1}")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} // comment""")]
    [InlineData("""{"a":NaN}""")]
    [InlineData("""{"a":"\ud800"}""")]
    public void Text_that_is_not_strict_json_is_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => CassoCanonicalJson.Canonicalize(Utf8(json)));
        Assert.False(CassoCanonicalJson.TryCanonicalize(Utf8(json), out _, out _));
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.False(CassoCanonicalJson.TryCanonicalize(body, out _, out _));
    }

    [Fact]
    public void A_scalar_document_is_canonical_as_is()
    {
        Assert.Equal("\"x\"", Canonical("  \"x\" "));
        Assert.Equal("[1,2]", Canonical("[ 1 , 2 ]"));
    }
}
