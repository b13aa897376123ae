using LifeWindow.Domain.Demand;

namespace LifeWindow.Sandbox.Demand;

/// <summary>The arms of a champion/challenger experiment as a table: conversion with its Wilson interval, uplift over the control with Newcombe's.</summary>
public static class ArmTable
{
    public static void Print(TextWriter output, IReadOnlyList<ArmSummary> arms)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(arms);
        var c = CultureInfo.InvariantCulture;
        var control = arms.Single(a => a.Arm == ExperimentArm.Control);
        output.WriteLine();
        output.WriteLine("| arm | customers | windows | contacted | converted | conversion (95% CI) | uplift vs control (95% CI, Newcombe) | true uplift per window |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var arm in arms)
        {
            var (low, high) = arm.Conversion.Wilson();
            var uplift = arm.Arm == ExperimentArm.Control ? "—" : Interval(new Uplift(arm.Conversion, control.Conversion));
            output.WriteLine(string.Create(c, $"| {arm.Arm} | {arm.Customers:N0} | {arm.Windows:N0} | {arm.Contacted:N0} | {arm.Converted:N0} | {arm.Conversion.Rate:0.00%} ({low:0.00%} – {high:0.00%}) | {uplift} | {(arm.Windows == 0 ? 0 : arm.TrueIncremental / arm.Windows):+0.00%;-0.00%} |"));
        }

        var champion = arms.Single(a => a.Arm == ExperimentArm.Champion);
        var challenger = arms.Single(a => a.Arm == ExperimentArm.Challenger);
        output.WriteLine();
        output.WriteLine(string.Create(c, $"True incremental conversions per 100 contacts (from the hidden probabilities): champion {Per100(champion):0.0}, challenger {Per100(challenger):0.0}."));
    }

    private static string Interval(Uplift uplift)
    {
        var (low, high) = uplift.Newcombe();
        return string.Create(CultureInfo.InvariantCulture, $"{uplift.Difference:+0.00%;-0.00%} ({low:+0.00%;-0.00%} – {high:+0.00%;-0.00%})");
    }

    private static double Per100(ArmSummary arm) => arm.Contacted == 0 ? 0 : 100 * arm.TrueIncremental / arm.Contacted;
}
