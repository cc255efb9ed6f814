using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SoraGateway.Payments.Casso;

/// <summary>
/// The canonical form of a JSON document that Casso signs: object keys sorted ordinally at every
/// depth, written compactly, numbers exactly as their original token text, arrays in order.
/// </summary>
/// <remarks>
/// Casso's published samples disagree on how non-ASCII text (Vietnamese memos) is escaped, so
/// there are two forms: raw UTF-8 (JavaScript <c>JSON.stringify</c>) and every non-ASCII
/// character as a lowercase <c>\uXXXX</c> escape (Python <c>json.dumps(ensure_ascii=True)</c>).
/// Written by hand rather than with <see cref="Utf8JsonWriter"/> because the default encoder
/// escapes <c>+</c>, <c>&lt;</c>, <c>'</c> and the like, which would change the signed bytes.
/// </remarks>
public static class CassoCanonicalJson
{
    /// <summary>Parser options for Casso bodies: strict JSON, duplicate keys rejected.</summary>
    internal static readonly JsonDocumentOptions StrictOptions = new() { AllowDuplicateProperties = false };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Canonical UTF-8 bytes of <paramref name="json"/>.</summary>
    /// <param name="json">A complete JSON document, UTF-8.</param>
    /// <param name="escapeNonAscii">False: raw UTF-8 (JavaScript form); true: <c>\uXXXX</c> escapes (Python form).</param>
    /// <exception cref="JsonException">Not JSON, or an object has the same key twice.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> json, bool escapeNonAscii = false)
    {
        using var document = Parse(json);
        return Canonicalize(document.RootElement, escapeNonAscii);
    }

    /// <summary>Canonical UTF-8 bytes of an already parsed element.</summary>
    /// <exception cref="JsonException">An object has the same key twice, or a string is not valid Unicode.</exception>
    public static byte[] Canonicalize(JsonElement element, bool escapeNonAscii = false)
    {
        var text = new StringBuilder();
        Write(element, text, escapeNonAscii);
        return StrictUtf8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Both canonical forms of <paramref name="json"/>; false when it is not JSON or has duplicate keys.
    /// When no character needs a <c>\u</c> escape (printable ASCII only) the two forms are the same array.
    /// </summary>
    public static bool TryCanonicalize(ReadOnlySpan<byte> json, out byte[] rawUtf8, out byte[] asciiEscaped)
    {
        try
        {
            using var document = Parse(json);
            rawUtf8 = Canonicalize(document.RootElement, escapeNonAscii: false);
            // Bytes above '~' (DEL and all UTF-8 of non-ASCII) are exactly what the Python form escapes.
            asciiEscaped = rawUtf8.AsSpan().IndexOfAnyInRange((byte)0x7F, (byte)0xFF) < 0
                ? rawUtf8
                : Canonicalize(document.RootElement, escapeNonAscii: true);
            return true;
        }
        catch (JsonException)
        {
            rawUtf8 = [];
            asciiEscaped = [];
            return false;
        }
    }

    /// <summary>Parses a whole UTF-8 document strictly (no comments, no trailing commas, no duplicate keys).</summary>
    /// <exception cref="JsonException">Not a single well-formed JSON value.</exception>
    internal static JsonDocument Parse(ReadOnlySpan<byte> json) =>
        // The document keeps a reference to the bytes it parses rather than copying them, so it
        // gets a private copy that outlives the caller's span.
        JsonDocument.Parse(json.ToArray(), StrictOptions);

    private static void Write(JsonElement element, StringBuilder text, bool escapeNonAscii)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, text, escapeNonAscii);
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                        text.Append(',');
                    first = false;
                    Write(item, text, escapeNonAscii);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(StringOf(element), text, escapeNonAscii);
                break;
            case JsonValueKind.Number:
                // The token as sent: 25000000 stays 25000000 and 1.50 stays 1.50.
                text.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new JsonException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    private static void WriteObject(JsonElement element, StringBuilder text, bool escapeNonAscii)
    {
        var properties = element.EnumerateObject()
            .Select(p => (Name: NameOf(p), p.Value))
            .ToList();
        properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        text.Append('{');
        for (var i = 0; i < properties.Count; i++)
        {
            // Sorted, so a repeated key (however it was escaped) sits next to its twin. Which
            // value the sender meant is ambiguous, so the document is treated as malformed.
            if (i > 0 && string.Equals(properties[i - 1].Name, properties[i].Name, StringComparison.Ordinal))
                throw new JsonException($"Duplicate key \"{properties[i].Name}\".");
            if (i > 0)
                text.Append(',');
            WriteString(properties[i].Name, text, escapeNonAscii);
            text.Append(':');
            Write(properties[i].Value, text, escapeNonAscii);
        }

        text.Append('}');
    }

    private static void WriteString(string value, StringBuilder text, bool escapeNonAscii)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                // Control characters always; with ensure_ascii Python also escapes DEL and every
                // UTF-16 unit above it (a surrogate pair becomes two escapes).
                case < ' ':
                case > '~' when escapeNonAscii:
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    // System.Text.Json reports invalid UTF-8 and lone surrogate escapes as InvalidOperationException;
    // for a signature both simply mean "malformed body".
    private static string StringOf(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("A JSON string is not valid Unicode.", e);
        }
    }

    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("A JSON key is not valid Unicode.", e);
        }
    }
}
