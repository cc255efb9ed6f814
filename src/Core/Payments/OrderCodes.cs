using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SoraGateway.Payments;

/// <summary>
/// Payment order codes — the memo a buyer types into their bank transfer — and finding them
/// again in the description the bank reports.
/// </summary>
/// <remarks>
/// <para>A code is <c>prefix + 8 body characters + 1 check character</c>, e.g. <c>SGK7QX2MHPZ</c>.
/// Body and check characters come from <see cref="Alphabet"/>: 32 symbols without the look-alikes
/// 0/O and 1/I, so a code read aloud or retyped from a QR caption survives.</para>
/// <para>The check character covers the body only; the prefix is matched literally, so it needs
/// none. It is a Damm check over GF(32): reading symbol values <c>v</c> left to right,
/// <c>s ← 2·s ⊕ v</c> in GF(2⁵) (polynomial x⁵+x²+1), and a valid code ends with <c>s = 0</c>.
/// Unlike Luhn mod 32, which misses swapping the alphabet's first and last symbols (<c>A9</c>↔<c>9A</c>),
/// it detects every single substitution and every swap of two adjacent characters. Random text
/// after the prefix still passes one time in 32, so a candidate is only a candidate until an
/// open order with that code is found.</para>
/// </remarks>
public sealed class OrderCodeFormat(string prefix)
{
    /// <summary>The symbols of a code body: A–Z and 2–9 without O and I.</summary>
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The prefix used when none is configured.</summary>
    public const string DefaultPrefix = "SG";

    /// <summary>Characters in the body, before the check character.</summary>
    public const int BodyLength = 8;

    /// <summary>Longest code allowed, so that it fits short bank memo fields with room to spare.</summary>
    public const int MaxCodeLength = 19;

    private static readonly SearchValues<char> AlphabetSymbols = SearchValues.Create(Alphabet);

    // Words banks put in memos themselves; a prefix equal to one would make their text look like ours.
    private static readonly string[] BankWords =
        ["FT", "GD", "MB", "CT", "IB", "TU", "NAP", "IBFT", "ACC", "MBVCB", "CK", "TT", "QR"];

    // GF(2^5) reduction polynomial x^5 + x^2 + 1.
    private const int FieldPolynomial = 0b100101;

    // Declared after BankWords: static initializers run in text order and this one validates.
    /// <summary>The format with the default prefix <c>SG</c>.</summary>
    public static OrderCodeFormat Default { get; } = new(DefaultPrefix);

    /// <summary>The prefix every code starts with: 2–6 letters A–Z, upper case.</summary>
    public string Prefix { get; } = ValidatePrefix(prefix);

    /// <summary>Length of every code in this format: prefix + 8 + 1.</summary>
    public int CodeLength => Prefix.Length + BodyLength + 1;

    /// <summary>A fresh random code (8 cryptographically random symbols, about 40 bits).</summary>
    public string Generate()
    {
        Span<char> body = stackalloc char[BodyLength];
        for (var i = 0; i < body.Length; i++)
            body[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return Compose(body);
    }

    /// <summary>The code for a given body: prefix + body + its check character.</summary>
    /// <exception cref="ArgumentException">The body is not 8 symbols of <see cref="Alphabet"/>.</exception>
    public string Compose(ReadOnlySpan<char> body)
    {
        if (body.Length != BodyLength || body.ContainsAnyExcept(AlphabetSymbols))
            throw new ArgumentException($"An order code body is {BodyLength} characters of {Alphabet}.", nameof(body));
        // The check symbol is the one that brings the running state back to zero.
        var check = Alphabet[TimesTwo(DammState(body))];
        return $"{Prefix}{body}{check}";
    }

    /// <summary>
    /// True for a well-formed code of this format, exactly as issued (upper case, no separators).
    /// Messy user or bank text goes through <see cref="FindCandidates"/> instead.
    /// </summary>
    public bool IsValid(string? code) =>
        code is not null
        && code.Length == CodeLength
        && code.StartsWith(Prefix, StringComparison.Ordinal)
        && !code.AsSpan(Prefix.Length).ContainsAnyExcept(AlphabetSymbols)
        && DammState(code.AsSpan(Prefix.Length)) == 0;

    /// <summary>
    /// A bank description reduced to what survives every bank: Vietnamese diacritics stripped,
    /// <c>đ</c>/<c>Đ</c> → <c>D</c>, upper case, and only <c>A–Z0–9</c> kept.
    /// <c>"Nạp tiền sg.abcd efgh2"</c> → <c>"NAPTIENSGABCDEFGH2"</c>.
    /// </summary>
    public static string NormalizeMemo(string? description)
    {
        if (string.IsNullOrEmpty(description))
            return "";

        var decomposed = description.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            // đ has no decomposition; Ð (U+00D0) is its look-alike on some keyboards.
            var upper = c is 'đ' or 'Đ' or 'ð' or 'Ð' ? 'D' : char.ToUpperInvariant(c);
            if (upper is >= 'A' and <= 'Z' or >= '0' and <= '9')
                kept.Append(upper);
            // Everything else goes, combining accents included: banks drop or mangle it anyway.
        }

        return kept.ToString();
    }

    /// <summary>
    /// Every well-formed code of this format inside a bank description, in order of appearance,
    /// without repeats. The prefix may sit anywhere — glued to a bank's own codes, split by
    /// spaces or dots, in any case. Callers keep only candidates that are real orders.
    /// </summary>
    public IReadOnlyList<string> FindCandidates(string? description)
    {
        var memo = NormalizeMemo(description);
        var found = new List<string>();
        for (var at = memo.IndexOf(Prefix, StringComparison.Ordinal);
             at >= 0 && at + CodeLength <= memo.Length;
             at = memo.IndexOf(Prefix, at + 1, StringComparison.Ordinal))
        {
            var candidate = memo.Substring(at, CodeLength);
            if (IsValid(candidate) && !found.Contains(candidate))
                found.Add(candidate);
        }

        return found;
    }

    /// <summary>The Damm running state after <paramref name="symbols"/>: s ← 2·s ⊕ v in GF(32), from 0.</summary>
    private static int DammState(ReadOnlySpan<char> symbols)
    {
        var state = 0;
        foreach (var c in symbols)
            state = TimesTwo(state) ^ Alphabet.IndexOf(c, StringComparison.Ordinal);
        return state;
    }

    /// <summary>Multiplication by x in GF(2⁵): shift, and reduce when the x⁵ term appears.</summary>
    private static int TimesTwo(int value)
    {
        var doubled = value << 1;
        return (doubled & 0b100000) != 0 ? doubled ^ FieldPolynomial : doubled;
    }

    private static string ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var normalized = prefix.Trim().ToUpperInvariant();
        if (normalized.Length is < 2 or > 6 || normalized.AsSpan().ContainsAnyExceptInRange('A', 'Z'))
            throw new ArgumentException($"An order code prefix is 2 to 6 letters A-Z, not \"{prefix}\".", nameof(prefix));
        if (BankWords.Contains(normalized, StringComparer.Ordinal))
            throw new ArgumentException(
                $"\"{normalized}\" is a word banks write into memos themselves; choose another order code prefix.", nameof(prefix));
        if (normalized.Length + BodyLength + 1 > MaxCodeLength)
            throw new ArgumentException($"Order codes must fit in {MaxCodeLength} characters.", nameof(prefix));
        return normalized;
    }
}
