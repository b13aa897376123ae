namespace LifeWindow.Domain.Windows;

/// <summary>
/// Evaluates a <see cref="Condition"/> on a <see cref="TagSet"/>. A leaf on a tag the set does not hold is
/// false, so <c>not</c> of it is true: "not overdue" holds for a customer with no mortgage data at all.
/// Write <c>{"all":[{"tag":"X","gte":0},{"not":...}]}</c> when the tag must be known.
/// </summary>
public static class ConditionEvaluator
{
    private static readonly IReadOnlyDictionary<string, decimal> NoThresholds = new Dictionary<string, decimal>();

    public static bool Holds(Condition condition, TagSet tags, IReadOnlyDictionary<string, decimal>? thresholds = null) =>
        Evaluate(condition, tags, thresholds ?? NoThresholds, held: null);

    /// <summary>
    /// Evaluates and collects the tags of the leaves that held and made the result: every child of a true
    /// <c>all</c>, the true children of an <c>any</c> (all of them are evaluated), nothing under a <c>not</c>
    /// (what is absent is no fact to cite).
    /// </summary>
    public static bool Holds(Condition condition, TagSet tags, IReadOnlyDictionary<string, decimal> thresholds, out IReadOnlyList<Tag> heldLeaves)
    {
        var held = new List<Tag>();
        var result = Evaluate(condition, tags, thresholds, held);
        heldLeaves = result ? held : [];
        return result;
    }

    private static bool Evaluate(Condition condition, TagSet tags, IReadOnlyDictionary<string, decimal> thresholds, List<Tag>? held)
    {
        switch (condition)
        {
            case AllCondition all:
            {
                var mark = held?.Count ?? 0;
                foreach (var child in all.Conditions)
                {
                    if (!Evaluate(child, tags, thresholds, held))
                    {
                        held?.RemoveRange(mark, held.Count - mark);
                        return false;
                    }
                }

                return true;
            }

            case AnyCondition any:
            {
                var result = false;
                foreach (var child in any.Conditions)
                {
                    result |= Evaluate(child, tags, thresholds, held);
                }

                return result;
            }

            case NotCondition not:
                return !Evaluate(not.Condition, tags, thresholds, held: null);

            case TagCondition leaf:
            {
                if (tags.Get(leaf.Tag) is not { } tag || !Leaf(leaf, tag, thresholds))
                {
                    return false;
                }

                held?.Add(tag);
                return true;
            }

            default:
                throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition));
        }
    }

    private static bool Leaf(TagCondition leaf, Tag tag, IReadOnlyDictionary<string, decimal> thresholds)
    {
        var operand = leaf.Operand;
        var number = operand.Threshold is { } name
            ? thresholds.TryGetValue(name, out var threshold) ? threshold : throw new KeyNotFoundException($"No threshold '{name}'.")
            : operand.Number;

        return leaf.Op switch
        {
            ConditionOp.Gt => tag.Number > number,
            ConditionOp.Gte => tag.Number >= number,
            ConditionOp.Lt => tag.Number < number,
            ConditionOp.Lte => tag.Number <= number,
            ConditionOp.Eq when number is { } n => tag.Number == n,
            ConditionOp.Eq when operand.Boolean is { } b => tag.Boolean == b,
            ConditionOp.Eq => string.Equals(tag.Value, operand.Text, StringComparison.Ordinal),
            ConditionOp.In => operand.List?.Contains(tag.Value, StringComparer.Ordinal) == true,
            ConditionOp.Contains => operand.Text is { } member && tag.Members.Contains(member, StringComparer.Ordinal),
            _ => false,
        };
    }
}
