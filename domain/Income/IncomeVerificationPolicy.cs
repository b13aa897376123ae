using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Domain.Income;

/// <summary>
/// The thresholds of the income-verification workflow, bound from <see cref="Section"/>. The workflow
/// copies the policy into its input when it starts, so an instance in flight keeps the policy (and
/// <see cref="Version"/>) it started with when the configuration changes.
/// </summary>
public sealed record IncomeVerificationPolicy
{
    public const string Section = "Policies:IncomeVerification";

    /// <summary>Names this set of thresholds in results and audit; change it whenever a number changes.</summary>
    [Required]
    [MinLength(1)]
    public string Version { get; init; } = "2026-11";

    /// <summary>Declared vs verified may differ by at most this many percent (of verified) before documents are requested.</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal MaxDiscrepancyPct { get; init; } = 30m;

    /// <summary>How long the applicant has to submit documents, per request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "90.00:00:00")]
    public TimeSpan DocumentsTimeout { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How many times documents are requested (the first request plus reminders) before the workflow gives up.</summary>
    [Range(1, 5)]
    public int DocumentRequests { get; init; } = 1;

    /// <summary>How long a reviewer has to decide once documents are in.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "90.00:00:00")]
    public TimeSpan ReviewTimeout { get; init; } = TimeSpan.FromDays(3);

    /// <summary>How many months (up to and including the current one) the sources are read over.</summary>
    [Range(1, 36)]
    public int LookbackMonths { get; init; } = 12;

    /// <summary>
    /// A window's credit offer is pre-decided only on an income the customer declared (<c>bank.income-declaration</c>)
    /// at most this many days ago; without one the lead goes to the relationship manager subject to an application.
    /// </summary>
    [Range(1, 3650)]
    public int DeclarationMaxAgeDays { get; init; } = 365;
}
