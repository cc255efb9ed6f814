using System.Globalization;
using System.Text.Json;

namespace SoraGateway.AdminCli;

/// <summary>Rows written as an aligned table for people, or as a JSON array for scripts.</summary>
public sealed class Table(TextWriter output, bool json, IReadOnlyList<string> columns)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly List<object?[]> _rows = [];

    public Table Row(params object?[] cells)
    {
        if (cells.Length != columns.Count)
            throw new ArgumentException($"Expected {columns.Count} cells.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public async Task WriteAsync()
    {
        if (json)
        {
            var objects = _rows.Select(r => columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2));
            await output.WriteLineAsync(JsonSerializer.Serialize(objects, JsonOptions));
            return;
        }

        var text = _rows.Select(r => r.Select(Format).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, text.Count == 0 ? 0 : text.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(columns.ToArray(), widths));
        await output.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in text)
            await output.WriteLineAsync(Line(row, widths));
        if (text.Count == 0)
            await output.WriteLineAsync("(none)");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

    private static string Format(object? value) => value switch
    {
        null => "",
        long or int => string.Format(CultureInfo.InvariantCulture, "{0:N0}", value),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
