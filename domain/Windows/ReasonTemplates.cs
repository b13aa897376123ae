using System.Collections.Concurrent;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace LifeWindow.Domain.Windows;

/// <summary>
/// A rule's reason (Liquid, rendered with Fluid): the relationship manager reads it, e.g.
/// "房贷已按时还款{{ OnTimeStreakMonths }}个月". Variables are tag names; number tags are numbers, boolean
/// tags booleans, text tags strings, set tags lists. A tag the customer lacks renders empty.
/// </summary>
public static class ReasonTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses the template and returns the variables it names (the first segment of each member expression).</summary>
    public static IReadOnlyCollection<string> Check(string source)
    {
        var template = Parse(source);
        var visitor = new VariableCollector();
        visitor.VisitTemplate(template);
        return visitor.Names;
    }

    public static string Render(string source, TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var template = Cache.GetOrAdd(source, Parse);
        var context = new TemplateContext();
        foreach (var tag in tags.Values)
        {
            context.SetValue(tag.Name, ValueOf(tag));
        }

        return template.Render(context).Trim();
    }

    private static FluidValue ValueOf(Tag tag)
    {
        var type = TagDefinitions.All.TryGetValue(tag.Name, out var definition) ? definition.Type : TagType.Text;
        return type switch
        {
            TagType.Number when tag.Number is { } n => NumberValue.Create(n),
            TagType.Boolean when tag.Boolean is { } b => BooleanValue.Create(b),
            TagType.Set => new ArrayValue(tag.Members.Select(m => (FluidValue)new StringValue(m)).ToArray()),
            _ => new StringValue(tag.Value),
        };
    }

    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new FormatException($"does not parse: {error}");

    private sealed class VariableCollector : AstVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments is [IdentifierSegment first, ..])
            {
                Names.Add(first.Identifier);
            }

            return base.VisitMemberExpression(memberExpression);
        }
    }
}
