namespace LifeWindow.Domain.Contact;

/// <summary>
/// Consent per purpose and source (PIPL arts. 13–15, 23): which record types carry a consent source's data (the
/// government and partner feeds the customer consents to per source), whether a purpose is granted for a source, and a
/// profile view cut down to what a purpose may use. The bank's own records and the consent records themselves belong
/// to no source: the bank uses its own data under the customer's contract.
/// </summary>
public static class ConsentSources
{
    /// <summary>The record types whose data comes from <paramref name="source"/>.</summary>
    public static IReadOnlyList<Type> RecordTypes(ConsentSource source) => source switch
    {
        ConsentSource.ProvidentFund => [typeof(ProvidentFundContribution)],
        ConsentSource.PropertyRegistry => [typeof(PropertyRegistryEvent)],
        ConsentSource.Tax => [typeof(TaxInvoice), typeof(TaxDeclaration)],
        ConsentSource.Consumption => [typeof(ConsumptionSceneRecord)],
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a consent source."),
    };

    /// <summary>True when the latest consent record for this purpose and source is a grant (for any partner, when shared).</summary>
    public static bool Granted(IReadOnlyList<ConsentState> consents, ConsentPurpose purpose, ConsentSource source)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return consents.Where(c => c.Purpose == purpose && c.Source == source).MaxBy(c => c.At)?.Action == ConsentAction.Granted;
    }

    /// <summary>
    /// The view with only what <paramref name="purpose"/> may use: each consent source's data stays only where the customer
    /// granted the purpose for that source (provident-fund months, registry properties, tax declarations and invoiced
    /// revenue, consumption scenes); the bank's own data (accounts, payroll, POS revenue, transfers, calls) and the
    /// consents stay. Tags computed from it — the window rules', the offer's, the income verification's, the credit
    /// decision's — never count a source the customer did not allow for that use.
    /// </summary>
    public static ProfileView Permitted(ProfileView view, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(view);
        bool Allowed(ConsentSource source) => Granted(view.Consents, purpose, source);
        var tax = Allowed(ConsentSource.Tax);
        return view with
        {
            ProvidentFund = Allowed(ConsentSource.ProvidentFund) ? view.ProvidentFund : [],
            Properties = Allowed(ConsentSource.PropertyRegistry) ? view.Properties : [],
            Declarations = tax ? view.Declarations : [],
            Revenue = tax ? view.Revenue : [.. view.Revenue.Where(r => r.Pos > 0).Select(r => r with { Invoiced = 0m })],
            Scenes = Allowed(ConsentSource.Consumption) ? view.Scenes : [],
        };
    }

    /// <summary>The customer's tags as of <paramref name="asOf"/>, computed only from what <paramref name="purpose"/> may use.</summary>
    public static TagSet PermittedTags(CustomerProfile profile, TagSettings settings, ConsentPurpose purpose, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return PermittedTags(ProfileFolder.ViewOf(profile, settings), settings, purpose, asOf, profile.CustomerKey);
    }

    /// <summary>The tags of <paramref name="customerKey"/>'s view as of <paramref name="asOf"/>, computed only from what <paramref name="purpose"/> may use.</summary>
    public static TagSet PermittedTags(ProfileView view, TagSettings settings, ConsentPurpose purpose, DateTimeOffset asOf, string customerKey) =>
        TagEngine.Compute(Permitted(view, purpose), settings, asOf, customerKey);

    /// <summary>True while some purpose (for some partner) is still granted for the source: its data may still be kept.</summary>
    public static bool AnyPurposeGranted(IReadOnlyList<ConsentState> consents, ConsentSource source)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return consents.Any(c => c.Source == source && c.Action == ConsentAction.Granted);
    }
}
