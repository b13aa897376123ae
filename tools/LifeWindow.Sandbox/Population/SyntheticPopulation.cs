using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Sandbox.Facts;
using Microsoft.Extensions.Options;

namespace LifeWindow.Sandbox.Population;

/// <summary>One synthetic customer: the (fictitious) resident ID number the keys derive from, and 36 months of facts in fact order.</summary>
public sealed record SyntheticCustomer(int Index, string IdNumber, string CustomerKey, PersonFacts Person, int Age, IReadOnlyList<LoggedFact> Facts);

/// <summary>
/// A seeded, bank-sized synthetic population (issue 15): <c>customers</c> people, each with <see cref="Months"/> months of canonical
/// records across every feed, calibrated to DOMAIN.md's "Synthetic population" (see <see cref="PopulationCalibration"/>). Customers
/// stream one at a time and customer i depends only on (seed, i), so a million need no more memory than one and any customer can
/// be generated alone. Keys are the real tokenizer's HMAC of the ID number under a pepper made from the seed.
/// </summary>
public sealed class SyntheticPopulation
{
    public const int Months = 36;
    public const int DefaultCustomers = 10_000;

    private readonly int seed;
    private readonly CustomerKeyTokenizer tokenizer;

    public SyntheticPopulation(int seed, int customers, YearMonth? lastMonth = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        this.seed = seed;
        Customers = customers;
        LastMonth = lastMonth ?? SyntheticFacts.DefaultLastMonth;
        var pepper = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"lifewindow-population-{seed}")));
        tokenizer = new CustomerKeyTokenizer(Options.Create(new IdentityOptions { Pepper = Convert.ToBase64String(pepper), LocalRegionPrefixes = ["31"] }));
    }

    public int Customers { get; }

    /// <summary>The generator's seed (the demand experiment's simulated outcomes are seeded with it too).</summary>
    public int Seed => seed;

    public YearMonth LastMonth { get; }

    public YearMonth FirstMonth => LastMonth.AddMonths(-Months + 1);

    /// <summary>The day ages and age bands are taken on: the first day after the last month.</summary>
    public DateOnly AsOf => LastMonth.AddMonths(1).FirstDay;

    public IEnumerable<SyntheticCustomer> Generate()
    {
        for (var i = 0; i < Customers; i++)
        {
            yield return Customer(i);
        }
    }

    public SyntheticCustomer Customer(int index)
    {
        // One generator per customer, seeded by (seed, index): customer i is the same whatever the population size.
        var random = new Random(HashCode32(seed, index));
        return new CustomerBuilder(this, index, random).Build();
    }

    /// <summary>Writes every customer's facts as NDJSON (as <see cref="FactNdjson"/> reads them), calling <paramref name="seen"/> per customer.</summary>
    public Task<long> WriteAsync(Stream output, Action<SyntheticCustomer>? seen, CancellationToken cancellationToken) =>
        FactNdjson.WriteAsync(output, Flatten(seen, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<LoggedFact> Flatten(Action<SyntheticCustomer>? seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var customer in Generate())
        {
            cancellationToken.ThrowIfCancellationRequested();
            seen?.Invoke(customer);
            foreach (var fact in customer.Facts)
            {
                yield return fact;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal (string Key, PersonFacts Person) Identify(string idNumber)
    {
        if (!ResidentIdNumber.TryParse(idNumber, AsOf, out var id, out var error))
        {
            throw new InvalidOperationException($"The generator made an invalid ID number: {error}");
        }

        return (tokenizer.CustomerKey(id!), tokenizer.PersonFacts(id!, AsOf));
    }

    internal string Evidence(int index, string recordId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{index}|{recordId}"))));

    private static int HashCode32(int seed, int index)
    {
        // SplitMix-style mixing so neighbouring (seed, index) pairs get unrelated streams.
        var z = unchecked(((ulong)(uint)seed << 32) | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }
}
