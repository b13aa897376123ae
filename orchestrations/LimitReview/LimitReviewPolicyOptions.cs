using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// The limit review's policy (section <c>Policies:LimitReview</c>, docs/risk-side.md): what each severity does to the
/// revolving line, how deep a cut goes, and when the review looks again if no clearing is heard. Read once, in the
/// review's first activity, so an in-flight review keeps the policy it started with. Validated at start-up.
/// </summary>
public sealed class LimitReviewPolicyOptions : IValidatableObject
{
    public const string Section = "Policies:LimitReview";

    public string Version { get; set; } = "limit-review-v1";

    /// <summary>What a Severe signal (arrears, abnormal fund flows) does: Freeze by default.</summary>
    public LimitAction SevereAction { get; set; } = LimitAction.Freeze;

    /// <summary>What a Moderate signal (income drop or suspension, debt surge) does: Cut by default.</summary>
    public LimitAction ModerateAction { get; set; } = LimitAction.Cut;

    /// <summary>A cut takes this percentage off the limit (1–100), never below the drawn balance.</summary>
    public decimal CutPct { get; set; } = 50m;

    /// <summary>The fallback review date after the notice and after each review that finds the signal still holding.</summary>
    public TimeSpan ReviewAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Reviews before the workflow hands the line to the RM, still held (1–120).</summary>
    public int MaxReviews { get; set; } = 12;

    public LimitAction ActionFor(LimitReviewSeverity severity) => severity == LimitReviewSeverity.Severe ? SevereAction : ModerateAction;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            yield return new ValidationResult($"{Section}:Version must name the policy version.");
        }

        if (CutPct is <= 0m or > 100m)
        {
            yield return new ValidationResult($"{Section}:CutPct must be more than 0 and at most 100 (is {CutPct}).");
        }

        if (ReviewAfter <= TimeSpan.Zero || ReviewAfter > TimeSpan.FromDays(366))
        {
            yield return new ValidationResult($"{Section}:ReviewAfter must be more than 0 and at most 366 days (is {ReviewAfter}).");
        }

        if (MaxReviews is < 1 or > 120)
        {
            yield return new ValidationResult($"{Section}:MaxReviews must be between 1 and 120 (is {MaxReviews}).");
        }

        if (SevereAction == LimitAction.Cut && ModerateAction == LimitAction.Freeze)
        {
            yield return new ValidationResult($"{Section}: a Severe signal must not do less than a Moderate one (SevereAction Cut with ModerateAction Freeze).");
        }
    }
}
