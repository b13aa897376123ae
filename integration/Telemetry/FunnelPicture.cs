using System.Xml;
using System.Xml.Linq;

namespace LifeWindow.Integration.Telemetry;

/// <summary>One stage of the funnel as the picture and the table show it.</summary>
public sealed record FunnelStage(string Label, string Name, int Count, IReadOnlyList<string> Notes);

/// <summary>
/// The funnel as a self-contained SVG written by code (no chart library: ScottPlot would need SkiaSharp's native assets on
/// every machine that runs the demo), and as a text table. The same <see cref="Funnel"/> always gives the same bytes: no
/// clock, fixed layout, invariant number formatting. Text goes through <see cref="XElement"/>, so rule ids and reason codes
/// are escaped; characters XML cannot hold become U+FFFD.
/// </summary>
public static class FunnelPicture
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const string Fonts = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";
    private const int Width = 1240;
    private const int StageWidth = 92;
    private const int StageGap = 24;
    private const int FunnelLeft = 24;
    private const double MaxBox = 220;
    private const double BoxCentre = 232;
    private const int ChartLeft = 850;
    private const int ChartLabelWidth = 150;
    private const double ChartBarMax = 170;
    private const int ChartRow = 20;
    private const int ChartRows = 12;
    private static readonly string[] Colours = ["#1f4e79", "#2e6da4", "#3f83c4", "#5b9bd5", "#7fb2e0", "#9dc3e6", "#bdd7ee"];

    /// <summary>The seven stages, in order, with the breakdown each shows under its box.</summary>
    public static IReadOnlyList<FunnelStage> Stages(Funnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var d = funnel.DecisionsByOutcome;
        var o = funnel.OutcomesByKind;
        return
        [
            new("记录", "records", funnel.Records, [Invariant($"接受 {funnel.RecordsAccepted}"), Invariant($"拒收 {funnel.RecordsRejected}（死信）")]),
            new("事实", "facts", funnel.Facts, [Invariant($"{funnel.Customers} 位客户")]),
            new("窗口", "windows", funnel.Windows, [Invariant($"{funnel.WindowsByRule.Count} 条规则")]),
            new("报价", "offers", funnel.Offers, [Invariant($"已联系 {funnel.OffersContacted}"), Invariant($"未联系 {funnel.Offers - funnel.OffersContacted}")]),
            new("授信决策", "credit decisions", funnel.CreditDecisions,
                [Invariant($"批准 {d.GetValueOrDefault(CreditOutcome.Approve)}"), Invariant($"拒绝 {d.GetValueOrDefault(CreditOutcome.Decline)}"), Invariant($"转介 {d.GetValueOrDefault(CreditOutcome.Refer)}")]),
            new("线索", "leads", funnel.Leads, [Invariant($"已送达 CRM {funnel.LeadsDelivered}")]),
            new("结果", "outcomes", funnel.Outcomes,
                [.. Enum.GetValues<LeadOutcome>().Select(k => Invariant($"{OutcomeLabel(k)} {o.GetValueOrDefault(k)}"))]),
        ];
    }

    public static string OutcomeLabel(LeadOutcome outcome) => outcome switch
    {
        LeadOutcome.Accepted => "接受",
        LeadOutcome.Declined => "拒绝",
        LeadOutcome.Unreachable => "未联系上",
        LeadOutcome.Expired => "过期",
        LeadOutcome.Withdrawn => "撤回",
        _ => outcome.ToString(),
    };

    /// <summary>The counts as aligned text lines: the stages, then windows by rule, decisions by outcome and reason, outcomes by kind.</summary>
    public static IReadOnlyList<string> Table(Funnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var lines = new List<string> { "stage                count" };
        lines.AddRange(Stages(funnel).Select(s => Invariant($"{s.Name,-20} {s.Count,5}  {s.Label}")));
        lines.Add(Invariant($"{"records accepted",-20} {funnel.RecordsAccepted,5}  (the fact log)"));
        lines.Add(Invariant($"{"records rejected",-20} {funnel.RecordsRejected,5}  (dead letters)"));
        lines.Add(Invariant($"{"customers",-20} {funnel.Customers,5}"));
        lines.Add(Invariant($"{"offers contacted",-20} {funnel.OffersContacted,5}"));
        lines.Add(Invariant($"{"leads delivered",-20} {funnel.LeadsDelivered,5}  (sent to the CRM)"));
        Section(lines, "windows by rule", funnel.WindowsByRule.Select(r => (r.Key, r.Value)));
        Section(lines, "credit decisions by outcome", funnel.DecisionsByOutcome.OrderBy(d => d.Key).Select(d => (d.Key.ToString(), d.Value)));
        Section(lines, "credit decisions by reason code", funnel.DecisionsByReason.Select(r => (r.Key, r.Value)));
        Section(lines, "outcomes by kind", funnel.OutcomesByKind.OrderBy(k => k.Key).Select(k => (k.Key.ToString(), k.Value)));
        return lines;
    }

    private static void Section(List<string> lines, string title, IEnumerable<(string Key, int Count)> rows)
    {
        lines.Add(title + ":");
        var any = false;
        foreach (var (key, count) in rows)
        {
            lines.Add(Invariant($"  {key,-34} {count,5}"));
            any = true;
        }

        if (!any)
        {
            lines.Add("  (none)");
        }
    }

    /// <summary>The picture: the funnel on the left, windows per rule and decisions by reason code as bar charts on the right.</summary>
    public static string Render(Funnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var stages = Stages(funnel);
        var body = new List<XElement>
        {
            Text(FunnelLeft, 36, "LifeWindow 客户生命周期漏斗", 22, bold: true),
            Text(FunnelLeft, 58, string.Join(" → ", stages.Select(s => s.Label)) + "（方块高度与数量的平方根成正比）", 13, fill: "#555"),
        };
        body.AddRange(FunnelShapes(stages));
        var (windowsChart, windowsBottom) = BarChart("各规则窗口数", funnel.WindowsByRule, 84, "#2e6da4");
        var (reasonsChart, reasonsBottom) = BarChart("授信决策原因码", funnel.DecisionsByReason, windowsBottom + 36, "#c55a11");
        body.AddRange(windowsChart);
        body.AddRange(reasonsChart);
        var height = Math.Max(BoxCentre + (MaxBox / 2) + 40 + (16 * stages.Max(s => s.Notes.Count)), reasonsBottom) + 40;
        body.Add(Text(FunnelLeft, height - 16, "数据来源：事实日志、死信、窗口、联系台账、授信决策、线索与发件箱（docs/funnel.md）", 12, fill: "#777"));

        var svg = new XElement(
            Svg + "svg",
            new XAttribute("width", Width),
            new XAttribute("height", Number(height)),
            new XAttribute("viewBox", Invariant($"0 0 {Width} {Number(height)}")),
            new XAttribute("font-family", Fonts),
            new XElement(Svg + "title", "LifeWindow 客户生命周期漏斗"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")),
            body);
        return Write(new XDocument(new XDeclaration("1.0", "utf-8", null), svg));
    }

    private static IEnumerable<XElement> FunnelShapes(IReadOnlyList<FunnelStage> stages)
    {
        var max = Math.Max(1, stages.Max(s => s.Count));
        var heights = stages.Select(s => s.Count == 0 ? 2 : Math.Max(4, MaxBox * Math.Sqrt((double)s.Count / max))).ToList();
        for (var i = 0; i < stages.Count; i++)
        {
            var x = FunnelLeft + (i * (StageWidth + StageGap));
            var centre = x + (StageWidth / 2.0);
            if (i > 0)
            {
                // The connector from the previous box's right edge to this box's left edge: the funnel's narrowing.
                var px = x - StageGap;
                yield return new XElement(
                    Svg + "polygon",
                    new XAttribute("points", Invariant($"{px},{Number(BoxCentre - (heights[i - 1] / 2))} {x},{Number(BoxCentre - (heights[i] / 2))} {x},{Number(BoxCentre + (heights[i] / 2))} {px},{Number(BoxCentre + (heights[i - 1] / 2))}")),
                    new XAttribute("fill", "#dbe7f3"));
            }

            yield return new XElement(
                Svg + "g",
                new XElement(Svg + "title", Invariant($"{stages[i].Label} ({stages[i].Name}): {stages[i].Count}")),
                Text(centre, 90, stages[i].Label, 15, bold: true, anchor: "middle"),
                Text(centre, 114, stages[i].Count.ToString(CultureInfo.InvariantCulture), 20, bold: true, anchor: "middle", fill: Colours[0]),
                new XElement(
                    Svg + "rect",
                    new XAttribute("x", x),
                    new XAttribute("y", Number(BoxCentre - (heights[i] / 2))),
                    new XAttribute("width", StageWidth),
                    new XAttribute("height", Number(heights[i])),
                    new XAttribute("rx", 3),
                    new XAttribute("fill", Colours[i % Colours.Length])),
                stages[i].Notes.Select((note, n) => Text(centre, BoxCentre + (MaxBox / 2) + 28 + (16 * n), note, 12, anchor: "middle", fill: "#333")));
        }
    }

    /// <summary>A horizontal bar chart of the largest <see cref="ChartRows"/> entries (count, then key); the rest summed into one row.</summary>
    private static (IReadOnlyList<XElement> Elements, double Bottom) BarChart(string title, IReadOnlyDictionary<string, int> counts, double top, string colour)
    {
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var rows = ordered.Count <= ChartRows
            ? ordered.Select(c => (Label: c.Key, c.Value)).ToList()
            : [.. ordered.Take(ChartRows - 1).Select(c => (Label: c.Key, c.Value)), (Invariant($"其他 {ordered.Count - ChartRows + 1} 项"), ordered.Skip(ChartRows - 1).Sum(c => c.Value))];
        var elements = new List<XElement> { Text(ChartLeft, top, title, 15, bold: true) };
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var y = top + 12;
        if (rows.Count == 0)
        {
            elements.Add(Text(ChartLeft, y + 14, "（无）", 12, fill: "#777"));
            return (elements, y + ChartRow);
        }

        foreach (var (label, value) in rows)
        {
            var bar = Math.Max(1, ChartBarMax * value / max);
            elements.Add(new XElement(
                Svg + "g",
                new XElement(Svg + "title", Invariant($"{Clean(label)}: {value}")),
                Text(ChartLeft + ChartLabelWidth, y + 14, Fit(label, 24), 12, anchor: "end"),
                new XElement(
                    Svg + "rect",
                    new XAttribute("x", ChartLeft + ChartLabelWidth + 6),
                    new XAttribute("y", Number(y + 3)),
                    new XAttribute("width", Number(bar)),
                    new XAttribute("height", ChartRow - 6),
                    new XAttribute("fill", colour)),
                Text(ChartLeft + ChartLabelWidth + 12 + bar, y + 14, value.ToString(CultureInfo.InvariantCulture), 12)));
            y += ChartRow;
        }

        return (elements, y);
    }

    private static XElement Text(double x, double y, string text, int size, bool bold = false, string anchor = "start", string fill = "#111") =>
        new(
            Svg + "text",
            new XAttribute("x", Number(x)),
            new XAttribute("y", Number(y)),
            new XAttribute("font-size", size),
            bold ? new XAttribute("font-weight", "bold") : null,
            anchor == "start" ? null : new XAttribute("text-anchor", anchor),
            new XAttribute("fill", fill),
            Clean(text));

    /// <summary>The text without characters XML 1.0 cannot hold (control characters, lone surrogates), each replaced by U+FFFD.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                clean.Append(text, i++, 2);
            }
            else
            {
                clean.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return clean.ToString();
    }

    /// <summary>At most <paramref name="max"/> characters as a reader sees them, the cut marked with an ellipsis.</summary>
    private static string Fit(string text, int max)
    {
        var info = new StringInfo(Clean(text));
        return info.LengthInTextElements <= max ? info.String : info.SubstringByTextElements(0, max - 1) + "…";
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Write(XDocument document)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
