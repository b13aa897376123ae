using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// The offer workflow's policies (section <c>Policies:Offer</c>). A workflow reads them once, in its first
/// activity, so the history keeps the values it started with: changing them does not change in-flight instances.
/// Validated at start-up: a host with a policy it cannot apply does not start.
/// </summary>
public sealed class OfferPolicyOptions : IValidatableObject
{
    public const string Section = "Policies:Offer";

    // New instances, never the shared Default ones: the configuration binder sets a section's values on the instance it
    // finds, so binding over ContactPolicy.Default would change the default of every host in the process.
    public ContactPolicy Contact { get; set; } = new();

    public CompliancePolicy Compliance { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var contact = Contact ?? ContactPolicy.Default;
        if (string.IsNullOrWhiteSpace(contact.Version))
        {
            yield return new ValidationResult($"{Section}:Contact:Version must name the policy version.");
        }

        foreach (var (name, value, least) in new[]
        {
            (nameof(ContactPolicy.MaxMarketingContacts), contact.MaxMarketingContacts, 0),
            (nameof(ContactPolicy.MarketingContactDays), contact.MarketingContactDays, 1),
            (nameof(ContactPolicy.MaxContactsPerProduct), contact.MaxContactsPerProduct, 0),
            (nameof(ContactPolicy.ProductContactDays), contact.ProductContactDays, 1),
            (nameof(ContactPolicy.DeclineCoolOffDays), contact.DeclineCoolOffDays, 0),
        })
        {
            if (value < least)
            {
                yield return new ValidationResult($"{Section}:Contact:{name} must be at least {least}, not {value}.");
            }
        }

        var compliance = Compliance ?? CompliancePolicy.Default;
        if (string.IsNullOrWhiteSpace(compliance.Version))
        {
            yield return new ValidationResult($"{Section}:Compliance:Version must name the policy version.");
        }

        if (string.IsNullOrWhiteSpace(compliance.WealthDisclosure))
        {
            yield return new ValidationResult($"{Section}:Compliance:WealthDisclosure must hold the risk disclosure wealth scripts need.");
        }

        if (compliance.BannedClaims.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{Section}:Compliance:BannedClaims holds an empty claim (it would ban every script).");
        }
    }
}
