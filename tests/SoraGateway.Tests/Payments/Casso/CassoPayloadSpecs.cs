using System.Text.Json;
using SoraGateway.Payments.Casso;
using static SoraGateway.Tests.Payments.Casso.CassoSamples;

namespace SoraGateway.Tests.Payments.Casso;

public sealed class CassoPayloadSpecs
{
    private static string V2(string data) => $$"""{"error":0,"data":{{data}}}""";

    private static IncomingBankTransfer SingleV2(string data)
    {
        var result = CassoPayloads.ParseV2(Utf8(V2(data)));
        Assert.True(result.Succeeded, result.Error);
        return Assert.Single(result.Transfers);
    }

    [Fact]
    public void The_official_v2_body_reads_as_the_dashboard_test_call()
    {
        var result = CassoPayloads.ParseV2(Utf8(OfficialBody));

        Assert.True(result.Succeeded, result.Error);
        var transfer = Assert.Single(result.Transfers);
        Assert.Equal(0, transfer.CassoId);
        Assert.Equal("MA_GIAO_DICH_THU_NGHIEM", transfer.BankReference);
        Assert.Equal("giao dich thu nghiem", transfer.Description);
        Assert.Equal(599_000, transfer.AmountVnd);
        Assert.Equal(new DateTime(2024, 10, 3, 8, 6, 37, DateTimeKind.Utc), transfer.OccurredAtUtc);
        Assert.Equal(DateTimeKind.Utc, transfer.OccurredAtUtc!.Value.Kind);
        Assert.Equal("88888888", transfer.AccountNumber);
        Assert.Equal("VPB", transfer.BankAbbreviation);
        Assert.Equal("NGUYEN VAN A", transfer.CounterAccountName);
        Assert.Equal("8888888888", transfer.CounterAccountNumber);
        Assert.Equal("970415", transfer.CounterAccountBankId);
        Assert.True(transfer.IsTestCall);
        Assert.False(transfer.IsOutgoing);
    }

    [Fact]
    public void Raw_json_is_the_transaction_object_exactly_as_sent()
    {
        const string data = """{ "id": 7, "amount": 50000,  "description": "Nạp tiền", "extra": [1, 2] }""";

        var transfer = SingleV2(data);

        Assert.Equal(data, transfer.RawJson);
    }

    [Fact]
    public void A_real_v2_transfer_reads_with_its_vietnamese_memo()
    {
        var result = CassoPayloads.ParseV2(Utf8(EscapeNonAscii(VietnameseBody)));

        var transfer = Assert.Single(result.Transfers);
        Assert.Equal(4242, transfer.CassoId);
        Assert.Equal(VietnameseMemo, transfer.Description);
        Assert.Equal(50_000, transfer.AmountVnd);
        Assert.Equal("FT24277123456", transfer.BankReference);
        Assert.False(transfer.IsTestCall);
        Assert.False(transfer.IsOutgoing);
        Assert.Null(transfer.CounterAccountName);
    }

    [Fact]
    public void Negative_amounts_are_money_going_out()
    {
        var transfer = SingleV2("""{"id":9,"amount":-120000,"description":"CK ra ngoai"}""");

        Assert.True(transfer.IsOutgoing);
        Assert.Equal(-120_000, transfer.AmountVnd);
    }

    [Theory]
    [InlineData("""{"id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"x","amount":1}""", true)]
    [InlineData("""{"id":0,"description":"giao dich thu nghiem","amount":1}""", true)]
    [InlineData("""{"id":0,"reference":"FT1","description":"Giao dich thu nghiem ","amount":1}""", true)]
    [InlineData("""{"id":5,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"giao dich thu nghiem","amount":1}""", false)]
    [InlineData("""{"id":0,"reference":"FT1","description":"SGABCDEFGHJ","amount":1}""", false)]
    public void The_dashboard_test_call_is_recognised_by_id_zero_and_its_marker(string data, bool isTest)
    {
        Assert.Equal(isTest, SingleV2(data).IsTestCall);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_missing_optional_ones_are_null()
    {
        var transfer = SingleV2("""{"id":12,"amount":1000,"newField":{"nested":[1,"x"]},"counterAccountName":"","virtualAccountNumber":"VA1"}""");

        Assert.Equal(12, transfer.CassoId);
        Assert.Equal("", transfer.Description);
        Assert.Null(transfer.BankReference);
        Assert.Null(transfer.OccurredAtUtc);
        Assert.Null(transfer.AccountNumber);
        Assert.Null(transfer.CounterAccountName);
    }

    [Fact]
    public void An_envelope_without_error_is_accepted()
    {
        Assert.True(CassoPayloads.ParseV2(Utf8("""{"data":{"id":1,"amount":2}}""")).Succeeded);
    }

    [Theory]
    [InlineData("2024-10-03 15:06:37", "2024-10-03T08:06:37Z")]
    [InlineData("2024-01-01 03:00:00", "2023-12-31T20:00:00Z")]
    [InlineData("2024-02-29 23:59:59", "2024-02-29T16:59:59Z")]
    [InlineData(" 2024-10-03 15:06:37 ", "2024-10-03T08:06:37Z")]
    public void Casso_times_are_vietnam_local_and_come_out_utc(string local, string utc)
    {
        var expected = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        var parsed = CassoPayloads.ParseVietnamTime(local);

        Assert.Equal(expected, parsed);
        Assert.Equal(DateTimeKind.Utc, parsed!.Value.Kind);
    }

    [Theory]
    [InlineData("03/10/2024 15:06")]
    [InlineData("2024-13-03 15:06:37")]
    [InlineData("2024-10-03")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("")]
    public void An_unreadable_time_is_null_not_an_error(string text)
    {
        Assert.Null(CassoPayloads.ParseVietnamTime(text));
        Assert.Null(SingleV2($$"""{"id":1,"amount":2,"transactionDateTime":"{{text}}"}""").OccurredAtUtc);
    }

    [Fact]
    public void A_time_that_is_not_a_string_is_null()
    {
        Assert.Null(SingleV2("""{"id":1,"amount":2,"transactionDateTime":1727948258788}""").OccurredAtUtc);
    }

    [Theory]
    [InlineData("""{"id":"123","amount":1000}""", "id must be an integer")]
    [InlineData("""{"id":1.0,"amount":1000}""", "id must be an integer")]
    [InlineData("""{"id":1e3,"amount":1000}""", "id must be an integer")]
    [InlineData("""{"id":null,"amount":1000}""", "id must be an integer")]
    [InlineData("""{"id":-1,"amount":1000}""", "id must not be negative")]
    [InlineData("""{"id":99999999999999999999,"amount":1000}""", "id must be an integer")]
    [InlineData("""{"amount":1000}""", "id is missing")]
    [InlineData("""{"id":1,"amount":"1000"}""", "amount must be an integer")]
    [InlineData("""{"id":1,"amount":1000.5}""", "amount must be an integer")]
    [InlineData("""{"id":1,"amount":1000.0}""", "amount must be an integer")]
    [InlineData("""{"id":1}""", "amount is missing")]
    [InlineData("""{"id":1,"amount":1,"description":"\ud800"}""", "description is not valid Unicode")]
    public void A_transaction_without_an_integer_id_and_amount_is_refused_with_the_reason(string data, string reason)
    {
        var result = CassoPayloads.ParseV2(Utf8(V2(data)));

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Transfers);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("", "not JSON")]
    [InlineData("""{"error":0,"error":0,"data":{"id":1,"amount":1}}""", "not JSON")]
    [InlineData("""[{"id":1,"amount":1}]""", "not a Casso envelope")]
    [InlineData("""{"error":0}""", "no data")]
    [InlineData("""{"error":1,"data":{"id":1,"amount":1}}""", "error is 1")]
    [InlineData("""{"error":"0","data":{"id":1,"amount":1}}""", "error is \"0\"")]
    [InlineData("""{"error":0,"data":[{"id":1,"amount":1}]}""", "data must be an object, not an array")]
    [InlineData("""{"error":0,"data":null}""", "data must be an object, not null")]
    public void A_v2_body_that_is_not_the_envelope_is_refused_with_the_reason(string body, string reason)
    {
        var result = CassoPayloads.ParseV2(Utf8(body));

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    private const string V1Body = """
        {"error":0,"data":[
          {"id":101,"tid":"FT24277000001","description":"MBVCB.3278614.SGK7QX2MHPZ.CT tu 0011004 NGUYEN VAN A","amount":50000,
           "cusum_balance":1050000,"when":"2024-10-03 15:06:37","bank_sub_acc_id":"0123456789","subAccId":"0123456789",
           "bankName":"Vietcombank","bankAbbreviation":"VCB","virtualAccount":"","virtualAccountName":"",
           "corresponsiveName":"NGUYEN VAN A","corresponsiveAccount":"0011004","corresponsiveBankId":"970436","corresponsiveBankName":"VCB"},
          {"id":102,"tid":"","description":"IBFT SGK7QX2MHPZ","amount":20000,"when":"2024-10-03 23:30:00","subAccId":"0123456789"},
          {"id":103,"description":"Chi phi dich vu","amount":-11000,"when":"not a time","corresponsiveBankId":970436}
        ]}
        """;

    [Fact]
    public void A_v1_body_carries_several_transfers_in_order()
    {
        var result = CassoPayloads.ParseV1(Utf8(V1Body));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([101L, 102L, 103L], result.Transfers.Select(t => t.CassoId));

        var first = result.Transfers[0];
        Assert.Equal("FT24277000001", first.BankReference);
        Assert.Equal("MBVCB.3278614.SGK7QX2MHPZ.CT tu 0011004 NGUYEN VAN A", first.Description);
        Assert.Equal(50_000, first.AmountVnd);
        Assert.Equal(new DateTime(2024, 10, 3, 8, 6, 37, DateTimeKind.Utc), first.OccurredAtUtc);
        Assert.Equal("0123456789", first.AccountNumber);
        Assert.Equal("VCB", first.BankAbbreviation);
        Assert.Equal("NGUYEN VAN A", first.CounterAccountName);
        Assert.Equal("0011004", first.CounterAccountNumber);
        Assert.Equal("970436", first.CounterAccountBankId);

        var second = result.Transfers[1];
        Assert.Null(second.BankReference);
        Assert.Equal("0123456789", second.AccountNumber);
        Assert.Equal(new DateTime(2024, 10, 3, 16, 30, 0, DateTimeKind.Utc), second.OccurredAtUtc);

        var third = result.Transfers[2];
        Assert.True(third.IsOutgoing);
        Assert.Null(third.OccurredAtUtc);
        Assert.Equal("970436", third.CounterAccountBankId);
        Assert.StartsWith("{\"id\":103,", third.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_v1_batch_is_fine()
    {
        var result = CassoPayloads.ParseV1(Utf8("""{"error":0,"data":[]}"""));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Transfers);
    }

    [Theory]
    [InlineData("""{"error":0,"data":{"id":1,"amount":1}}""", "data must be an array, not an object")]
    [InlineData("""{"error":0,"data":[{"id":1,"amount":1},{"id":"2","amount":1}]}""", "data[1]: id must be an integer")]
    [InlineData("""{"error":0,"data":[{"id":1,"amount":1},7]}""", "data[1] is not an object")]
    [InlineData("""{"error":0,"data":[{"id":1}]}""", "data[0]: amount is missing")]
    public void A_v1_body_with_a_bad_record_is_refused_as_a_whole(string body, string reason)
    {
        var result = CassoPayloads.ParseV1(Utf8(body));

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Transfers);
    }

    [Fact]
    public void A_rest_api_record_reads_with_v1_names()
    {
        using var page = JsonDocument.Parse("""
            {"error":0,"message":"success","data":{"page":1,"records":[
              {"id":555,"tid":"TF1","description":"sg k7qx 2mhp z","amount":150000,"cusumBalance":9,"when":"2024-10-03 07:00:00",
               "bookingDate":"2024-10-03 00:00:00","bankSubAccId":"0123456789","corresponsiveName":"TRAN THI B"}
            ]}}
            """);
        var record = page.RootElement.GetProperty("data").GetProperty("records")[0];

        var transfer = CassoPayloads.ParseApiRecord(record);

        Assert.Equal(555, transfer.CassoId);
        Assert.Equal("TF1", transfer.BankReference);
        Assert.Equal(150_000, transfer.AmountVnd);
        Assert.Equal(new DateTime(2024, 10, 3, 0, 0, 0, DateTimeKind.Utc), transfer.OccurredAtUtc);
        Assert.Equal("0123456789", transfer.AccountNumber);
        Assert.Equal("TRAN THI B", transfer.CounterAccountName);
        Assert.Equal(record.GetRawText(), transfer.RawJson);
    }

    [Theory]
    [InlineData("""{"id":"555","amount":1}""")]
    [InlineData("""{"id":555,"amount":1.5}""")]
    [InlineData("""{"amount":1}""")]
    [InlineData("""[1]""")]
    public void A_rest_api_record_without_an_integer_id_and_amount_throws(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.ThrowsAny<JsonException>(() => CassoPayloads.ParseApiRecord(document.RootElement));
    }

    [Fact]
    public void A_failure_says_why_and_a_success_says_how_many()
    {
        Assert.Equal("rejected: id is missing", CassoPayloads.ParseV2(Utf8(V2("""{"amount":1}"""))).ToString());
        Assert.Equal("1 transfer(s)", CassoPayloads.ParseV2(Utf8(OfficialBody)).ToString());
    }
}
