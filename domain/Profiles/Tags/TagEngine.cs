namespace LifeWindow.Domain.Profiles;

/// <summary>Computes a customer's tags as of a moment in valid time, from the profile's facts.</summary>
public static class TagEngine
{
    // Interim: the provident-fund tags of TagCalculator, as of the latest fact; replaced by the full engine.
    public static TagSet Compute(CustomerProfile profile, TagSettings settings, DateTimeOffset asOf) =>
        new(asOf, TagCalculator.Compute(profile, settings).Values);
}
