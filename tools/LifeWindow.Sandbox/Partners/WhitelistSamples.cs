using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Tokenization;

namespace LifeWindow.Sandbox.Partners;

/// <summary>One fictitious customer a platform can name: their ID number and mobile number.</summary>
public sealed record WhitelistIdentity(string Label, string IdNumber, string Phone);

/// <summary>
/// The people samples/consumption-scenes/ names by match token (partner "meituan"). The first is the
/// customer of samples/provident-fund/contribution.json, so on a running host that sample makes the
/// whitelist samples match on its own; an empty in-memory index is seeded with all of them.
/// </summary>
public static class WhitelistSamples
{
    public const string Partner = "meituan";

    public static IReadOnlyList<WhitelistIdentity> Identities { get; } =
    [
        new("provident-fund sample customer", "310104198806150420", "13900001111"),
        new("young local family", "310104199203081133", "13700002222"),
        new("new resident", "420102198511212463", "13600003333"),
    ];

    /// <summary>Not a customer: the samples' unmatched rows use this person's tokens.</summary>
    public static WhitelistIdentity Stranger { get; } = new("not a customer", "310110197901052012", "13500004444");

    /// <summary>Adds the demo identities' matching tokens (every partner with a matching key) to the match index, as ingress would on seeing them.</summary>
    public static async Task<int> SeedMatchIndexAsync(CustomerKeyTokenizer tokenizer, IMatchIndex index, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = BusinessClock.Today(time);
        foreach (var person in Identities)
        {
            if (!ResidentIdNumber.TryParse(person.IdNumber, today, out var id, out var error))
            {
                throw new InvalidOperationException($"Demo identity '{person.Label}' is not a valid ID number: {error}");
            }

            var customerKey = tokenizer.CustomerKey(id!);
            await index.AddAsync(
                tokenizer.MatchTokens(MatchKind.Id, id!.Value, customerKey).Concat(tokenizer.MatchTokens(MatchKind.Phone, person.Phone, customerKey)),
                cancellationToken).ConfigureAwait(false);
        }

        return Identities.Count;
    }
}
