using System.Text;
using CsCheck;
using Xunit.Abstractions;
using SoraGateway.Payments;

namespace SoraGateway.Tests.Payments;

public sealed class OrderCodeSpecs(ITestOutputHelper output)
{
    private static readonly OrderCodeFormat Format = OrderCodeFormat.Default;

    // Check characters below were computed by an independent Python implementation of the scheme.
    private const string Code = "SGK7QX2MHPZ";
    private const string OtherCode = "SGABCDEFGH8";

    [Theory]
    [InlineData("K7QX2MHP", "SGK7QX2MHPZ")]
    [InlineData("ABCDEFGH", "SGABCDEFGH8")]
    [InlineData("AAAAAAAA", "SGAAAAAAAAA")]
    [InlineData("A9A9A9A9", "SGA9A9A9A9B")]
    [InlineData("99999999", "SG99999999D")]
    [InlineData("23456789", "SG23456789A")]
    public void A_code_is_the_prefix_the_body_and_its_check_character(string body, string code)
    {
        Assert.Equal(code, Format.Compose(body));
        Assert.True(Format.IsValid(code));
    }

    [Fact]
    public void Ten_thousand_generated_codes_are_valid_unique_and_free_of_look_alikes()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => Format.Generate()).ToList();

        Assert.All(codes, code =>
        {
            Assert.True(Format.IsValid(code), code);
            Assert.Equal(Format.Prefix.Length + 9, code.Length);
            Assert.StartsWith("SG", code, StringComparison.Ordinal);
            Assert.DoesNotContain(code[2..], c => c is '0' or 'O' or '1' or 'I');
        });
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generated_bodies_use_the_whole_alphabet()
    {
        var seen = Enumerable.Range(0, 2_000).SelectMany(_ => Format.Generate()[2..10]).ToHashSet();

        Assert.Equal(OrderCodeFormat.Alphabet.ToHashSet(), seen);
    }

    [Fact]
    public void Every_single_character_substitution_of_a_code_is_invalid()
    {
        const string anyCharacter = OrderCodeFormat.Alphabet + "01OI";
        foreach (var code in Enumerable.Range(0, 300).Select(_ => Format.Generate()).Append(Code))
        {
            for (var position = 0; position < code.Length; position++)
            {
                foreach (var replacement in anyCharacter.Where(c => c != code[position]))
                {
                    var nearMiss = string.Concat(code.AsSpan(0, position), replacement.ToString(), code.AsSpan(position + 1));
                    Assert.False(Format.IsValid(nearMiss), $"{code} → {nearMiss}");
                    Assert.DoesNotContain(nearMiss, Format.FindCandidates($"IBFT {nearMiss}"));
                }
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_adjacent_different_characters_is_invalid()
    {
        // A9 ↔ 9A is the pair Luhn mod 32 would miss; the GF(32) check must not.
        var codes = Enumerable.Range(0, 3_000).Select(_ => Format.Generate()).Append(Code).Append(Format.Compose("A9A9A9A9"));
        foreach (var code in codes)
        {
            for (var i = 0; i + 1 < code.Length; i++)
            {
                if (code[i] == code[i + 1])
                    continue;
                var swapped = code.ToCharArray();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                var nearMiss = new string(swapped);
                Assert.False(Format.IsValid(nearMiss), $"{code} → {nearMiss}");
                Assert.Empty(Format.FindCandidates($"IBFT {nearMiss}"));
            }
        }
    }

    [Theory]
    [InlineData("SGK7QX2MHP")]
    [InlineData("IBFT SGK7QX2MHP")]
    [InlineData("SGK7QX2MHP GD 856933-090922 18:14:59")]
    [InlineData("SGK7QX2MHP FT22298536396686")]
    [InlineData("GK7QX2MHPZ")]
    [InlineData("SK7QX2MHPZ")]
    [InlineData("SGK7QX2MHZ")]
    [InlineData("SGK7QX2MH")]
    public void A_truncated_code_is_not_found(string description)
    {
        Assert.Empty(Format.FindCandidates(description));
    }

    [Theory]
    [InlineData("SGK7QX2MHPZ")]
    [InlineData("MBVCB.3278614.SGK7QX2MHPZ.CT tu 0011004 NGUYEN VAN A")]
    [InlineData("MBVCB.3278614.3278615.SGK7QX2MHPZ.CT tu 0011004 NGUYEN VAN A")]
    [InlineData("ACC-GD 123456-/CTR/SGK7QX2MHPZ/MAC/9876543210")]
    [InlineData("IBFT SGK7QX2MHPZ")]
    [InlineData("MOMO123TSGK7QX2MHPZ")]
    [InlineData("ZP240930000123TSGK7QX2MHPZ")]
    [InlineData("SGK7QX2MHPZ GD 856933-090922 18:14:59")]
    [InlineData("SGK7QX2MHPZ FT22298536396686")]
    [InlineData("SGK7QX2MHPZFT22298536396686")]
    [InlineData("sgk7qx2mhpz")]
    [InlineData("Sgk7Qx2mHpZ")]
    [InlineData("sg.k7qx.2mhpz")]
    [InlineData("SG K7QX 2MHP Z")]
    [InlineData("S G K 7 Q X 2 M H P Z")]
    [InlineData("SG-K7QX2MHPZ")]
    [InlineData("Nạp tiền SGK7QX2MHPZ cho tài khoản")]
    [InlineData("Nạp tiền sgk7qx2mhpz cho Nguyễn Văn Á")]
    [InlineData("đơn hàng SGK7QX2MHPZ")]
    [InlineData("REM Tfr Ac: 12345678 SGK7QX2MHPZ Tu NGUYEN VAN A")]
    [InlineData("TKThe :0011004, tu 970436 SGK7QX2MHPZ-Chuyen tien")]
    [InlineData("  SGK7QX2MHPZ\n")]
    public void A_code_mangled_by_a_bank_is_found_exactly(string description)
    {
        Assert.Equal([Code], Format.FindCandidates(description));
    }

    [Fact]
    public void Every_code_is_found_in_order_once()
    {
        Assert.Equal([Code, OtherCode], Format.FindCandidates($"{Code} va {OtherCode.ToLowerInvariant()} lai {Code}"));
    }

    [Fact]
    public void A_code_is_found_however_a_bank_mangles_it()
    {
        var bodies = Gen.String[Gen.Char[OrderCodeFormat.Alphabet], 8, 8];
        var digits = Gen.String[Gen.Char["0123456789"], 3, 14];
        var manglings = Gen.OneOfConst<Func<string, string, string>>(
            (code, n) => $"MBVCB.{n}.{code}.CT tu {n} NGUYEN VAN A",
            (code, n) => $"ACC-GD {n}-/CTR/{code}/MAC/{n}",
            (code, _) => $"IBFT {code}",
            (code, n) => $"MOMO{n}T{code}",
            (code, n) => $"{code} GD {n}-090922 18:14:59",
            (code, n) => $"{code} FT{n}",
            (code, n) => $"{n}{code}{n}",
            (code, _) => code.ToLowerInvariant(),
            (code, _) => $"{code[..2]} {code[2..6]} {code[6..10]} {code[10..]}",
            (code, _) => $"{code[..2]}.{code[2..6]}.{code[6..]}".ToLowerInvariant(),
            (code, _) => $"Nạp tiền {code} cho tài khoản",
            (code, _) => $"Chuyển khoản - {code.ToLowerInvariant()} - Đặng Thị Hà");

        Gen.Select(bodies, digits, manglings).Sample((body, n, mangle) =>
        {
            var code = Format.Compose(body);
            var description = mangle(code, n);
            Assert.True(Format.FindCandidates(description).Contains(code), $"{code} not found in \"{description}\"");
        }, iter: 10_000);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("giao dich thu nghiem")]
    [InlineData("CHUYEN TIEN")]
    [InlineData("MBVCB.3278614.0011004.CT tu 0011004 NGUYEN VAN A chuyen tien")]
    [InlineData("VE MAY BAY SGN-HAN 24102024")]
    [InlineData("SG")]
    [InlineData("SGSGSGSGSGSGSGSGSGSG")]
    public void A_description_without_a_code_has_no_candidates(string? description)
    {
        Assert.Empty(Format.FindCandidates(description));
    }

    [Fact]
    public void Ten_thousand_random_bank_descriptions_without_a_code_have_no_candidates()
    {
        // Bank codes, trace numbers, names and Vietnamese words, cased and punctuated at random.
        var random = new Random(20241003);
        for (var i = 0; i < 10_000; i++)
        {
            var description = RandomBankDescription(random, withSaigon: false);
            Assert.True(Format.FindCandidates(description).Count == 0, description);
        }
    }

    [Fact]
    public void Saigon_abbreviations_in_a_memo_only_rarely_look_like_a_code()
    {
        // "SG" also means Sài Gòn ("CN SG", "SGN"). Glued to letters from our alphabet it can pass
        // the single check character, at most about one time in 32; such a candidate is dropped
        // when no open order has that code, and hitting a real open code is a 1 in 32^8 event.
        var random = new Random(20241004);
        int withPrefix = 0, falseCandidates = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var description = RandomBankDescription(random, withSaigon: true);
            if (OrderCodeFormat.NormalizeMemo(description).Contains("SG", StringComparison.Ordinal))
                withPrefix++;
            if (Format.FindCandidates(description).Count > 0)
                falseCandidates++;
        }

        output.WriteLine($"{withPrefix} of 10000 memos contain SG; {falseCandidates} gave a false candidate");
        Assert.InRange(withPrefix, 1_000, 10_000);
        Assert.InRange(falseCandidates, 0, withPrefix / 32);
    }

    [Fact]
    public void Random_symbols_after_the_prefix_pass_the_check_about_one_time_in_32()
    {
        // The limit of a single check character, and why callers must look candidates up.
        var random = new Random(7);
        var passes = 0;
        const int draws = 32_000;
        for (var i = 0; i < draws; i++)
        {
            var tail = new string(Enumerable.Range(0, 9).Select(_ => OrderCodeFormat.Alphabet[random.Next(32)]).ToArray());
            if (Format.IsValid("SG" + tail))
                passes++;
        }

        output.WriteLine($"{passes} of {draws} random tails passed the check");
        Assert.InRange(passes, 850, 1_150);
    }

    [Theory]
    [InlineData("Nạp tiền", "NAPTIEN")]
    [InlineData("đơn hàng Đức", "DONHANGDUC")]
    [InlineData("Nguyễn Văn Á", "NGUYENVANA")]
    [InlineData("sg.k7qx 2mhp-z/ok!", "SGK7QX2MHPZOK")]
    [InlineData("Ơ Ư Ấ Ặ Ỳ ỹ", "OUAAYY")]
    [InlineData("€ 50.000 ₫", "50000")]
    [InlineData("", "")]
    public void A_memo_is_normalized_to_upper_case_ascii_letters_and_digits(string description, string normalized)
    {
        Assert.Equal(normalized, OrderCodeFormat.NormalizeMemo(description));
    }

    [Fact]
    public void Decomposed_vietnamese_text_normalizes_like_composed_text()
    {
        const string composed = "Nạp tiền SGK7QX2MHPZ";
        var decomposed = composed.Normalize(NormalizationForm.FormD);

        Assert.NotEqual(composed, decomposed);
        Assert.Equal(OrderCodeFormat.NormalizeMemo(composed), OrderCodeFormat.NormalizeMemo(decomposed));
        Assert.Equal([Code], Format.FindCandidates(decomposed));
    }

    [Theory]
    [InlineData("FT")]
    [InlineData("GD")]
    [InlineData("MB")]
    [InlineData("CT")]
    [InlineData("IB")]
    [InlineData("TU")]
    [InlineData("NAP")]
    [InlineData("IBFT")]
    [InlineData("ACC")]
    [InlineData("MBVCB")]
    [InlineData("CK")]
    [InlineData("TT")]
    [InlineData("QR")]
    [InlineData("mbvcb")]
    public void A_prefix_banks_write_themselves_is_rejected(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new OrderCodeFormat(prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("SORAGWX")]
    [InlineData("S1")]
    [InlineData("SÖ")]
    [InlineData("S G")]
    public void A_prefix_must_be_two_to_six_letters(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new OrderCodeFormat(prefix));
    }

    [Fact]
    public void A_custom_prefix_is_upper_cased_and_used_everywhere()
    {
        var format = new OrderCodeFormat(" sora ");
        var code = format.Compose("K7QX2MHP");

        Assert.Equal("SORA", format.Prefix);
        Assert.Equal("SORAK7QX2MHPZ", code);
        Assert.Equal(13, format.Generate().Length);
        Assert.Equal([code], format.FindCandidates("IBFT sora.k7qx.2mhpz"));
        Assert.False(Format.IsValid(code));
        Assert.Empty(Format.FindCandidates(code));
    }

    [Fact]
    public void The_longest_prefix_still_fits_the_bank_memo_limit()
    {
        Assert.True(new OrderCodeFormat("SORAGW").CodeLength <= OrderCodeFormat.MaxCodeLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sgk7qx2mhpz")]
    [InlineData(" SGK7QX2MHPZ")]
    [InlineData("SGK7QX2MHPZ ")]
    [InlineData("SGK7QX2MHPZZ")]
    public void Is_valid_accepts_only_the_code_exactly_as_issued(string? text)
    {
        Assert.False(Format.IsValid(text));
    }

    [Theory]
    [InlineData("K7QX2MH")]
    [InlineData("K7QX2MHP2")]
    [InlineData("K7QX2MH0")]
    [InlineData("k7qx2mhp")]
    public void Compose_refuses_a_body_that_is_not_eight_symbols(string body)
    {
        Assert.Throws<ArgumentException>(() => Format.Compose(body));
    }

    private static readonly string[] BankWords =
        ["MBVCB", "IBFT", "ACC-GD", "CTR", "MAC", "REM Tfr Ac:", "TKThe :", "CT DEN:", "NAPAS", "QR", "FT", "GD", "CK", "TT",
         "MOMO", "ZALOPAY", "VNPAY", "ShopeePay", "VCB", "BIDV", "TCB", "ACB", "TPBank", "VPB"];

    private static readonly string[] SaigonWords = ["CN SG", "SGN", "SG"];

    private static readonly string[] Words =
        ["chuyen tien", "Nạp tiền", "thanh toán", "cho", "tài khoản", "mua hàng", "đơn hàng", "hoàn tiền", "trả nợ",
         "học phí", "tiền nhà", "chúc mừng sinh nhật", "gửi", "em", "anh", "chị", "tu", "den", "ve may bay", "Sài Gòn",
         "tiền điện", "phí dịch vụ", "lương tháng", "tạm ứng", "Hà Nội", "quận 1", "Thủ Đức"];

    private static readonly string[] Names =
        ["NGUYEN VAN A", "Trần Thị Bích", "Lê Đức Anh", "PHAM MINH TUAN", "Hoàng Gia Bảo", "Đặng Thu Hà", "VU THI HUONG",
         "Bùi Quang Sang", "DO MANH HUNG", "Ngô Thanh Vân"];

    private static readonly string[] Separators = [" ", ".", "-", "/", " - ", ", ", ":"];

    private static string RandomBankDescription(Random random, bool withSaigon)
    {
        string Digits(int min, int max) => string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => (char)('0' + random.Next(10))));
        string Pick(string[] items) => items[random.Next(items.Length)];

        var parts = new List<string>();
        var count = random.Next(2, 9);
        for (var i = 0; i < count; i++)
        {
            parts.Add(random.Next(withSaigon ? 8 : 7) switch
            {
                0 => Pick(BankWords),
                1 => Digits(3, 16),
                2 => $"FT{Digits(14, 14)}",
                3 => $"GD {Digits(6, 6)}-{Digits(6, 6)} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}",
                4 => Pick(Names),
                5 => Pick(BankWords) + Digits(1, 8),
                7 => Pick(SaigonWords),
                _ => Pick(Words),
            });
            parts.Add(Pick(Separators));
        }

        var description = string.Concat(parts);
        return random.Next(3) == 0 ? description.ToLowerInvariant() : description;
    }
}
