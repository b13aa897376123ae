namespace LifeWindow.Domain.Demand;

/// <summary>
/// What the demand model said about a window: the model version, its score (P(convert | contacted)), and the customer's
/// experiment arm (null when no experiment runs). Carried by the offer plan, the lead and the offer.planned audit entry.
/// </summary>
public sealed record ModelVerdict(string Version, double Score, ExperimentArm? Arm);
