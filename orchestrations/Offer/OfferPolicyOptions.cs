using LifeWindow.Domain.Compliance;
using LifeWindow.Domain.Contact;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// The offer workflow's policies (section <c>Policies:Offer</c>). A workflow reads them once, in its first
/// activity, so the history keeps the values it started with: changing them does not change in-flight instances.
/// </summary>
public sealed class OfferPolicyOptions
{
    public const string Section = "Policies:Offer";

    public ContactPolicy Contact { get; set; } = ContactPolicy.Default;

    public CompliancePolicy Compliance { get; set; } = CompliancePolicy.Default;

    /// <summary>Customer keys on the do-not-disturb list (the bank's own list; a Table-backed list would replace this).</summary>
    public IReadOnlyList<string> DoNotDisturb { get; set; } = [];
}
