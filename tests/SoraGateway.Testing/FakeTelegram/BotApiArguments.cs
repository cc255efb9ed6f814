using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>A file part of a multipart request.</summary>
internal sealed record UploadedPart(string FileName, byte[] Content);

/// <summary>What the bot passed for a file parameter: an upload, or a <c>file_id</c>/URL.</summary>
internal sealed record InputFileArgument(UploadedPart? Upload, string? Reference);

/// <summary>
/// The parameters of one Bot API call, read the way Telegram reads them: from the query string and
/// from a JSON, <c>multipart/form-data</c> or <c>application/x-www-form-urlencoded</c> body. Every
/// value is kept as text: JSON strings as their value, other JSON values as raw JSON, so that
/// <c>reply_markup</c> looks the same whether it came inside a JSON body or as a form field.
/// </summary>
internal sealed class BotApiArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadedPart> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public static async Task<BotApiArguments> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var arguments = new BotApiArguments();
        foreach (var (key, value) in request.Query)
            arguments._values[key] = value.ToString();

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
                arguments._values[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                arguments._files[file.Name] = new UploadedPart(file.FileName, buffer.ToArray());
            }
        }
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            if (body.Length > 0)
            {
                using var json = JsonDocument.Parse(body.ToArray());
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                    throw new FormatException("The JSON body of a Bot API request must be an object.");
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    arguments._values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!,
                        _ => property.Value.GetRawText(),
                    };
                }
            }
        }
        return arguments;
    }

    public string? GetString(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public long? GetLong(string name) =>
        long.TryParse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public int? GetInt(string name) =>
        int.TryParse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>True for <c>true</c>/<c>True</c>/<c>1</c>: Telegram.Bot writes booleans as <c>True</c> in multipart bodies.</summary>
    public bool GetBool(string name) => GetString(name) is { } value
        && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>Parses a value that carries JSON (<c>reply_markup</c>, <c>commands</c>, <c>scope</c>, ...).</summary>
    public JsonNode? GetJson(string name)
    {
        var value = GetString(name);
        if (string.IsNullOrWhiteSpace(value))
            return null;
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A file parameter: Telegram.Bot 22 uploads a file as a part named <c>0</c>, <c>1</c>, ... and sets the
    /// parameter to <c>attach://0</c>; older clients name the part after the parameter. Anything else is a
    /// <c>file_id</c> or an HTTP URL.
    /// </summary>
    public InputFileArgument? GetInputFile(string name)
    {
        var value = GetString(name);
        if (value is not null && value.StartsWith("attach://", StringComparison.Ordinal))
            return _files.TryGetValue(value["attach://".Length..], out var attached) ? new InputFileArgument(attached, null) : null;
        if (_files.TryGetValue(name, out var part))
            return new InputFileArgument(part, null);
        return string.IsNullOrEmpty(value) ? null : new InputFileArgument(null, value);
    }
}
