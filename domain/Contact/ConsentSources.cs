namespace LifeWindow.Domain.Contact;

/// <summary>
/// Which record types carry a consent source's data (the government and partner feeds the customer consents to per
/// source), and whether any purpose still allows a source. The bank's own records and the consent records themselves
/// belong to no source.
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

    /// <summary>True while some purpose (for some partner) is still granted for the source: its data may still be kept.</summary>
    public static bool AnyPurposeGranted(IReadOnlyList<ConsentState> consents, ConsentSource source)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return consents.Any(c => c.Source == source && c.Action == ConsentAction.Granted);
    }
}
