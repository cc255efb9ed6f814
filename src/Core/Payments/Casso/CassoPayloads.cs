using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace SoraGateway.Payments.Casso;

/// <summary>One bank transaction as Casso reports it, in our words.</summary>
/// <param name="CassoId">Casso's transaction id: unique, the idempotency key (<c>casso:&lt;id&gt;</c>).</param>
/// <param name="BankReference">The bank's own reference; may repeat or be absent, never a key.</param>
/// <param name="Description">The memo as the bank reports it (prefixes, suffixes and all); empty if none.</param>
/// <param name="AmountVnd">Whole VND; negative when money left the account.</param>
/// <param name="OccurredAtUtc">When the bank booked it, converted from Vietnam time; null if unreadable.</param>
/// <param name="AccountNumber">Our receiving account.</param>
/// <param name="BankAbbreviation">Our bank, e.g. <c>VPB</c>.</param>
/// <param name="CounterAccountName">The sender's name, when the bank tells.</param>
/// <param name="CounterAccountNumber">The sender's account, when the bank tells.</param>
/// <param name="CounterAccountBankId">The sender's bank BIN, when the bank tells.</param>
/// <param name="RawJson">The transaction object exactly as received, for storage.</param>
public sealed record IncomingBankTransfer(
    long CassoId,
    string? BankReference,
    string Description,
    long AmountVnd,
    DateTime? OccurredAtUtc,
    string? AccountNumber,
    string? BankAbbreviation,
    string? CounterAccountName,
    string? CounterAccountNumber,
    string? CounterAccountBankId,
    string RawJson)
{
    /// <summary>The reference of the test call sent from Casso's dashboard.</summary>
    public const string TestCallReference = "MA_GIAO_DICH_THU_NGHIEM";

    /// <summary>The memo of the test call sent from Casso's dashboard.</summary>
    public const string TestCallDescription = "giao dich thu nghiem";

    /// <summary>
    /// Casso's dashboard test call: id 0 with the test reference or the test memo. Signed like a
    /// real delivery; answer 200 and never credit it.
    /// </summary>
    public bool IsTestCall =>
        CassoId == 0
        && (string.Equals(BankReference, TestCallReference, StringComparison.Ordinal)
            || string.Equals(Description.Trim(), TestCallDescription, StringComparison.OrdinalIgnoreCase));

    /// <summary>Money leaving our account: never credited.</summary>
    public bool IsOutgoing => AmountVnd < 0;
}

/// <summary>A parsed Casso delivery: the transfers it carries, or why it could not be read.</summary>
public sealed class CassoParseResult
{
    private CassoParseResult(IReadOnlyList<IncomingBankTransfer> transfers, string? error)
    {
        Transfers = transfers;
        Error = error;
    }

    /// <summary>True when the body was a well-formed Casso envelope.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The transfers, in the order Casso sent them; empty on failure.</summary>
    public IReadOnlyList<IncomingBankTransfer> Transfers { get; }

    /// <summary>Why the body was rejected, for logs and the 400 answer; null on success.</summary>
    public string? Error { get; }

    /// <summary>A readable body.</summary>
    public static CassoParseResult Success(IReadOnlyList<IncomingBankTransfer> transfers) => new(transfers, null);

    /// <summary>An unreadable body, with the reason.</summary>
    public static CassoParseResult Failure(string reason) => new([], reason);

    /// <inheritdoc/>
    public override string ToString() => Succeeded ? $"{Transfers.Count} transfer(s)" : $"rejected: {Error}";
}

/// <summary>Reads Casso's webhook bodies (V2 and legacy V1) and REST API records.</summary>
public static class CassoPayloads
{
    /// <summary>Casso writes times as Vietnam local time with no offset; Vietnam has no daylight saving.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // The two field vocabularies: V2 webhooks, and V1 webhooks / the REST API.
    private static readonly FieldNames V2Fields = new(
        Id: "id", Reference: ["reference"], Description: "description", Amount: "amount", Time: "transactionDateTime",
        Account: ["accountNumber"], BankAbbreviation: "bankAbbreviation", CounterName: "counterAccountName",
        CounterAccount: "counterAccountNumber", CounterBankId: "counterAccountBankId");

    private static readonly FieldNames V1Fields = new(
        Id: "id", Reference: ["tid"], Description: "description", Amount: "amount", Time: "when",
        // The REST API has been seen spelling the account bankSubAccId; accept all three.
        Account: ["bank_sub_acc_id", "subAccId", "bankSubAccId"], BankAbbreviation: "bankAbbreviation",
        CounterName: "corresponsiveName", CounterAccount: "corresponsiveAccount", CounterBankId: "corresponsiveBankId");

    /// <summary>A V2 webhook body: <c>{"error":0,"data":{…one transaction…}}</c>.</summary>
    public static CassoParseResult ParseV2(ReadOnlySpan<byte> body) =>
        ParseEnvelope(body, JsonValueKind.Object, data => [Read(data, V2Fields)]);

    /// <summary>A legacy V1 webhook body: <c>{"error":0,"data":[…transactions…]}</c>. An empty array is fine.</summary>
    public static CassoParseResult ParseV1(ReadOnlySpan<byte> body) =>
        ParseEnvelope(body, JsonValueKind.Array, data =>
        {
            var transfers = new List<IncomingBankTransfer>();
            var index = 0;
            foreach (var record in data.EnumerateArray())
            {
                // One bad record rejects the delivery: it means the format changed under us, and
                // storing half a delivery would hide that.
                if (record.ValueKind != JsonValueKind.Object)
                    throw new CassoFormatException($"data[{index}] is not an object");
                try
                {
                    transfers.Add(Read(record, V1Fields));
                }
                catch (CassoFormatException e)
                {
                    throw new CassoFormatException($"data[{index}]: {e.Message}");
                }

                index++;
            }

            return transfers;
        });

    /// <summary>One record from Casso's REST API (<c>GET /v2/transactions</c>), in V1 field names.</summary>
    /// <exception cref="JsonException">The record is not an object, or its <c>id</c> or <c>amount</c> is missing or not an integer.</exception>
    public static IncomingBankTransfer ParseApiRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
            throw new JsonException("A Casso transaction record must be a JSON object.");
        try
        {
            return Read(record, V1Fields);
        }
        catch (CassoFormatException e)
        {
            throw new JsonException($"Casso transaction record: {e.Message}.", e);
        }
    }

    /// <summary>Reads a Casso time (<c>YYYY-MM-DD HH:mm:ss</c>, Vietnam local) as UTC; null if it is not one.</summary>
    public static DateTime? ParseVietnamTime(string? text)
    {
        if (!DateTime.TryParseExact(text?.Trim(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local < DateTime.MinValue + VietnamOffset)
            return null;
        return DateTime.SpecifyKind(local - VietnamOffset, DateTimeKind.Utc);
    }

    private static CassoParseResult ParseEnvelope(
        ReadOnlySpan<byte> body, JsonValueKind dataKind, Func<JsonElement, IReadOnlyList<IncomingBankTransfer>> readData)
    {
        JsonDocument document;
        try
        {
            document = CassoCanonicalJson.Parse(body);
        }
        catch (JsonException e)
        {
            return CassoParseResult.Failure($"body is not JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return CassoParseResult.Failure("body is not a Casso envelope (expected an object with error and data)");
            // error is 0 on every delivery; tolerate its absence, refuse anything else.
            if (root.TryGetProperty("error", out var error)
                && !(error.ValueKind == JsonValueKind.Number && error.TryGetInt64(out var code) && code == 0))
                return CassoParseResult.Failure($"envelope error is {error.GetRawText()}, not 0");
            if (!root.TryGetProperty("data", out var data))
                return CassoParseResult.Failure("body is not a Casso envelope (no data)");
            if (data.ValueKind != dataKind)
                return CassoParseResult.Failure(
                    $"data must be {(dataKind == JsonValueKind.Object ? "an object" : "an array")}, not {Describe(data.ValueKind)}");

            try
            {
                return CassoParseResult.Success(readData(data));
            }
            catch (CassoFormatException e)
            {
                return CassoParseResult.Failure(e.Message);
            }
        }
    }

    private static IncomingBankTransfer Read(JsonElement record, FieldNames names) => new(
        CassoId: RequiredInteger(record, names.Id, allowNegative: false),
        BankReference: OptionalText(record, names.Reference),
        Description: OptionalText(record, names.Description) ?? "",
        AmountVnd: RequiredInteger(record, names.Amount, allowNegative: true),
        OccurredAtUtc: ParseVietnamTime(OptionalText(record, names.Time)),
        AccountNumber: OptionalText(record, names.Account),
        BankAbbreviation: OptionalText(record, names.BankAbbreviation),
        CounterAccountName: OptionalText(record, names.CounterName),
        CounterAccountNumber: OptionalText(record, names.CounterAccount),
        CounterAccountBankId: OptionalText(record, names.CounterBankId),
        RawJson: record.GetRawText());

    private static long RequiredInteger(JsonElement record, string name, bool allowNegative)
    {
        if (!record.TryGetProperty(name, out var value))
            throw new CassoFormatException($"{name} is missing");
        // A JSON integer token only: "123" (a string) or 123.0 would mean Casso changed the format,
        // and money amounts must never be rounded.
        if (value.ValueKind != JsonValueKind.Number || !IsIntegerToken(value) || !value.TryGetInt64(out var number))
            throw new CassoFormatException($"{name} must be an integer number, not {value.GetRawText()}");
        if (!allowNegative && number < 0)
            throw new CassoFormatException($"{name} must not be negative, not {number}");
        return number;
    }

    private static bool IsIntegerToken(JsonElement number) =>
        number.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    /// <summary>The first of the names present as a string (or number, written as sent); empty means absent.</summary>
    private static string? OptionalText(JsonElement record, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (!record.TryGetProperty(name, out var value))
                continue;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => StringOf(value, name),
                // Some banks' ids arrive as numbers; they are still identifiers, not quantities.
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
                return text;
        }

        return null;
    }

    private static string StringOf(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's report of invalid UTF-8 or a lone surrogate escape.
            throw new CassoFormatException($"{name} is not valid Unicode text");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    private sealed record FieldNames(
        string Id, string[] Reference, string Description, string Amount, string Time, string[] Account,
        string BankAbbreviation, string CounterName, string CounterAccount, string CounterBankId);

    /// <summary>A record that does not have Casso's shape; the message says which field and why.</summary>
    private sealed class CassoFormatException(string message) : Exception(message);
}
