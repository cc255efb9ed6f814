using System.Globalization;
using System.Text;
using SoraGateway.Payments.VietQr;

namespace SoraGateway.Tests.Payments.VietQr;

/// <summary>The VietQR payload: shared/specs/vietqr.md.</summary>
public sealed class VietQrPayloadSpecs
{
    private static readonly VietQrRequest OrderTransfer = new("970436", "1234567890", 50000, "SGABCDEFGH2");

    [Theory]
    [InlineData("970423", "0099999999", null, null,
        "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4")]
    [InlineData("970416", "257678859", 10000L, "Chuyen tien",
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6")]
    [InlineData("970436", "1234567890", 50000L, "NAP8K3QZ7",
        "00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA53037045405500005802VN62130809NAP8K3QZ763047C9B")]
    public void The_spec_vectors_are_reproduced_exactly(string bin, string account, long? amount, string? memo, string expected)
    {
        var payload = VietQrPayload.Build(new VietQrRequest(bin, account, amount, memo));

        Assert.Equal(expected, payload);
    }

    [Theory]
    [InlineData("00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4", "970423", "0099999999", null, null)]
    [InlineData("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6", "970416", "257678859", 10000L, "Chuyen tien")]
    public void The_spec_vectors_read_back_with_a_valid_crc(string payload, string bin, string account, long? amount, string? memo)
    {
        Assert.True(VietQrPayload.TryRead(payload, out var reading));

        Assert.Equal(new VietQrReading(bin, account, amount, memo, null, CrcValid: true), reading);
    }

    [Fact]
    public void The_crc_is_CRC_16_CCITT_FALSE_with_check_value_29B1()
    {
        Assert.Equal(0x29B1, VietQrPayload.Crc16CcittFalse("123456789"u8));
        Assert.Equal(0xFFFF, VietQrPayload.Crc16CcittFalse([]));
    }

    [Fact]
    public void A_crc_below_0x1000_is_zero_padded_to_four_hex_digits()
    {
        // About one amount in sixteen gives such a CRC; search for the first rather than hard-code one.
        var (payload, crc) = Enumerable.Range(1, 10_000)
            .Select(amount => VietQrPayload.Build(OrderTransfer with { AmountVnd = amount }))
            .Select(p => (Payload: p, Crc: VietQrPayload.Crc16CcittFalse(Encoding.UTF8.GetBytes(p[..^4]))))
            .First(x => x.Crc < 0x1000);

        Assert.Equal("6304", payload[^8..^4]);
        Assert.Equal('0', payload[^4]);
        Assert.Equal(crc.ToString("X4", CultureInfo.InvariantCulture), payload[^4..]);
        Assert.True(VietQrPayload.TryRead(payload, out var reading));
        Assert.True(reading.CrcValid);
    }

    [Fact]
    public void The_crc_is_upper_case_hex()
    {
        // The first spec vector's CRC (CBB4) has letters; a lower-case one would fail in banking apps.
        var crcs = Enumerable.Range(1, 200).Select(a => VietQrPayload.Build(OrderTransfer with { AmountVnd = a })[^4..]).ToList();

        Assert.Contains(crcs, c => c.Any(char.IsAsciiLetter));
        Assert.All(crcs, c => Assert.Matches("^[0-9A-F]{4}$", c));
    }

    [Fact]
    public void A_changed_character_makes_the_crc_invalid()
    {
        var payload = VietQrPayload.Build(OrderTransfer);
        var tampered = payload.Replace("5405500005802VN", "5405900005802VN", StringComparison.Ordinal);

        Assert.NotEqual(payload, tampered);
        Assert.True(VietQrPayload.TryRead(tampered, out var reading));
        Assert.Equal(90000, reading.AmountVnd);
        Assert.False(reading.CrcValid);
    }

    [Fact]
    public void Without_an_amount_the_code_is_static_and_has_no_amount_field()
    {
        var fields = VietQrPayload.ParseTopLevel(VietQrPayload.Build(OrderTransfer with { AmountVnd = null }));

        Assert.Equal("11", fields["01"]);
        Assert.False(fields.ContainsKey("54"));
    }

    [Fact]
    public void With_an_amount_the_code_is_dynamic_and_carries_the_plain_digits()
    {
        var payload = VietQrPayload.Build(OrderTransfer with { AmountVnd = 1_250_000 });
        var fields = VietQrPayload.ParseTopLevel(payload);

        Assert.StartsWith("000201010212", payload, StringComparison.Ordinal);
        Assert.Equal("12", fields["01"]);
        Assert.Equal("1250000", fields["54"]);
    }

    [Fact]
    public void Currency_and_country_are_VND_and_Vietnam()
    {
        var fields = VietQrPayload.ParseTopLevel(VietQrPayload.Build(OrderTransfer));

        Assert.Equal("704", fields["53"]);
        Assert.Equal("VN", fields["58"]);
    }

    [Fact]
    public void The_memo_goes_in_62_08_and_is_left_out_when_there_is_none()
    {
        var withMemo = VietQrPayload.ParseTopLevel(VietQrPayload.Build(OrderTransfer));
        var withoutMemo = VietQrPayload.ParseTopLevel(VietQrPayload.Build(OrderTransfer with { Memo = null }));

        Assert.Equal("0811SGABCDEFGH2", withMemo["62"]);
        Assert.False(withoutMemo.ContainsKey("62"));
    }

    [Fact]
    public void A_merchant_name_goes_in_59_between_country_and_memo_and_only_when_given()
    {
        var named = VietQrPayload.Build(OrderTransfer with { MerchantName = "SORA GATEWAY" });
        var unnamed = VietQrPayload.ParseTopLevel(VietQrPayload.Build(OrderTransfer));

        Assert.Contains("5802VN5912SORA GATEWAY62150811SGABCDEFGH26304", named, StringComparison.Ordinal);
        Assert.False(unnamed.ContainsKey("59"));
        Assert.True(VietQrPayload.TryRead(named, out var reading));
        Assert.Equal("SORA GATEWAY", reading.MerchantName);
    }

    [Fact]
    public void A_card_transfer_uses_service_QRIBFTTC()
    {
        var fields = VietQrPayload.ParseTopLevel(VietQrPayload.Build(
            new VietQrRequest("970436", "9704360000000000018", null, null, Service: VietQrService.Card)));

        Assert.Equal("0010A00000072701330006970436011997043600000000000180208QRIBFTTC", fields["38"]);
    }

    [Fact]
    public void The_longest_allowed_values_are_carried_whole()
    {
        var request = new VietQrRequest("970415", "ABC1234567890123456", VietQrPayload.MaxAmountVnd,
            "ORDER 1234567890123456789", "A MERCHANT NAME OF 25 CHR");

        Assert.True(VietQrPayload.TryRead(VietQrPayload.Build(request), out var reading));
        Assert.Equal(new VietQrReading(request.BankBin, request.AccountNumber, request.AmountVnd, request.Memo, request.MerchantName, true), reading);
        Assert.Equal(25, request.Memo!.Length);
        Assert.Equal(25, request.MerchantName!.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("97043")]
    [InlineData("9704366")]
    [InlineData("97043A")]
    [InlineData(" 970436")]
    [InlineData("９７０４３６")]
    public void A_bank_BIN_that_is_not_six_digits_is_rejected(string bin) =>
        AssertRejected(OrderTransfer with { BankBin = bin }, "BankBin", "Bank BIN");

    [Theory]
    [InlineData("")]
    [InlineData("12345678901234567890")]
    [InlineData("123-456")]
    [InlineData("123 456")]
    [InlineData("Số123")]
    public void An_account_number_that_is_empty_too_long_or_not_alphanumeric_is_rejected(string account) =>
        AssertRejected(OrderTransfer with { AccountNumber = account }, "AccountNumber", "Account number");

    [Theory]
    [InlineData(0L)]
    [InlineData(-50000L)]
    [InlineData(10_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void An_amount_that_is_not_positive_or_longer_than_13_digits_is_rejected(long amount) =>
        AssertRejected(OrderTransfer with { AmountVnd = amount }, "AmountVnd", "Amount");

    [Theory]
    [InlineData("")]
    [InlineData("SGABCDEFGH2SGABCDEFGH2SGA2")]
    [InlineData("Nạp tiền")]
    [InlineData("TAB\tHERE")]
    public void A_memo_that_is_empty_over_25_characters_or_not_printable_ASCII_is_rejected(string memo) =>
        AssertRejected(OrderTransfer with { Memo = memo }, "Memo", "Memo");

    [Theory]
    [InlineData("")]
    [InlineData("A MERCHANT NAME OF 26 CHRS")]
    [InlineData("Công ty Sora")]
    public void A_merchant_name_that_is_empty_over_25_characters_or_not_printable_ASCII_is_rejected(string name) =>
        AssertRejected(OrderTransfer with { MerchantName = name }, "MerchantName", "Merchant name");

    [Theory]
    [InlineData("")]
    [InlineData("0002010102")]
    [InlineData("00020101021138")]
    [InlineData("000201010211530370458")]
    public void A_malformed_payload_does_not_parse(string payload)
    {
        Assert.Throws<FormatException>(() => VietQrPayload.ParseTopLevel(payload));
        Assert.False(VietQrPayload.TryRead(payload, out _));
    }

    private static void AssertRejected(VietQrRequest request, string field, string wording)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => VietQrPayload.Build(request));

        Assert.Equal(field, ex.ParamName);
        Assert.StartsWith(wording, ex.Message, StringComparison.Ordinal);
    }
}
