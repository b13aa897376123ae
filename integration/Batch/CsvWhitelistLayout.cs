namespace LifeWindow.Integration.Batch;

/// <summary>
/// The whitelist CSV, layout v1: a header row, then one row per customer and period. Columns, in any
/// order: recordId, period, matchKind, matchToken, and for each reported scene the pair
/// "&lt;Scene&gt;.orderCount" and "&lt;Scene&gt;.spendBand" (e.g. "Travel.orderCount"). An empty pair means
/// the scene is not reported for that row. A row becomes the same JSON record a webhook or NDJSON line
/// carries (column "Travel.spendBand" → "scenes.Travel.spendBand"), so one parser validates all three.
/// Fields may be quoted ("a,b"; a quote inside is doubled); a field cannot span lines.
/// </summary>
public sealed class CsvWhitelistLayout
{
    private static readonly string[] RecordColumns = ["recordId", "period", "matchKind", "matchToken"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly int[] recordColumns;
    private readonly (ConsumptionScene Scene, int OrderCount, int SpendBand)[] sceneColumns;
    private readonly int columnCount;

    private CsvWhitelistLayout(int[] recordColumns, (ConsumptionScene, int, int)[] sceneColumns, int columnCount)
    {
        this.recordColumns = recordColumns;
        this.sceneColumns = sceneColumns;
        this.columnCount = columnCount;
    }

    /// <summary>The column names of layout v1, every scene included, in the canonical order.</summary>
    public static IReadOnlyList<string> AllColumns { get; } =
        [.. RecordColumns, .. Enum.GetValues<ConsumptionScene>().SelectMany(s => new[] { $"{s}.orderCount", $"{s}.spendBand" })];

    /// <summary>Reads the header row; null with the reason when it is not a layout-v1 header.</summary>
    public static CsvWhitelistLayout? FromHeader(ReadOnlySpan<byte> line, out string? error)
    {
        if (!TrySplit(line, out var names, out error))
        {
            return null;
        }

        var problems = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!AllColumns.Contains(names[i], StringComparer.Ordinal))
            {
                problems.Add($"unknown column '{names[i]}'");
            }
            else if (!positions.TryAdd(names[i], i))
            {
                problems.Add($"column '{names[i]}' appears twice");
            }
        }

        problems.AddRange(RecordColumns.Where(c => !positions.ContainsKey(c)).Select(c => $"missing column '{c}'"));
        var scenes = new List<(ConsumptionScene, int, int)>();
        foreach (var scene in Enum.GetValues<ConsumptionScene>())
        {
            var orders = positions.GetValueOrDefault($"{scene}.orderCount", -1);
            var band = positions.GetValueOrDefault($"{scene}.spendBand", -1);
            if ((orders < 0) != (band < 0))
            {
                problems.Add($"scene {scene} needs both '{scene}.orderCount' and '{scene}.spendBand'");
            }
            else if (orders >= 0)
            {
                scenes.Add((scene, orders, band));
            }
        }

        if (scenes.Count == 0 && problems.Count == 0)
        {
            problems.Add("no scene columns (e.g. 'Travel.orderCount' and 'Travel.spendBand')");
        }

        if (problems.Count > 0)
        {
            error = "not a whitelist CSV header: " + string.Join("; ", problems);
            return null;
        }

        return new CsvWhitelistLayout([.. RecordColumns.Select(c => positions[c])], [.. scenes], names.Count);
    }

    /// <summary>Writes a data row as the record's JSON; false with the reason when the row cannot be read.</summary>
    public bool TryWriteRecord(ReadOnlySpan<byte> line, Utf8JsonWriter json, out string? error)
    {
        if (!TrySplit(line, out var cells, out error))
        {
            return false;
        }

        if (cells.Count != columnCount)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"has {cells.Count} fields; the header has {columnCount}");
            return false;
        }

        json.WriteStartObject();
        json.WriteNumber("schemaVersion", 1);
        for (var i = 0; i < RecordColumns.Length; i++)
        {
            if (cells[recordColumns[i]] is { Length: > 0 } value)
            {
                json.WriteString(RecordColumns[i], value);
            }
        }

        json.WriteStartObject("scenes");
        foreach (var (scene, ordersAt, bandAt) in sceneColumns)
        {
            var (orders, band) = (cells[ordersAt], cells[bandAt]);
            if (orders.Length == 0 && band.Length == 0)
            {
                continue;
            }

            json.WriteStartObject(scene.ToString());
            if (orders.Length > 0)
            {
                // A whole number goes as a number; anything else as text, so the parser names the cell's problem.
                if (long.TryParse(orders, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                {
                    json.WriteNumber("orderCount", count);
                }
                else
                {
                    json.WriteString("orderCount", orders);
                }
            }

            if (band.Length > 0)
            {
                json.WriteString("spendBand", band);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        return true;
    }

    /// <summary>Quotes a value for a CSV cell when it needs it (used by generators and tests).</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static bool TrySplit(ReadOnlySpan<byte> line, out List<string> cells, out string? error)
    {
        cells = [];
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            error = "is not valid UTF-8";
            return false;
        }

        var cell = new StringBuilder();
        var i = 0;
        while (true)
        {
            cell.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"field {cells.Count + 1} has no closing quote (a field cannot span lines)");
                        return false;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }

                if (i < text.Length && text[i] != ',')
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"field {cells.Count + 1} has text after its closing quote");
                    return false;
                }
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var stop = comma < 0 ? text.Length : comma;
                if (text.AsSpan(i, stop - i).Contains('"'))
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"field {cells.Count + 1} has a quote but is not quoted");
                    return false;
                }

                cell.Append(text, i, stop - i);
                i = stop;
            }

            cells.Add(cell.ToString());
            if (i >= text.Length)
            {
                error = null;
                return true;
            }

            i++; // the comma
        }
    }
}
