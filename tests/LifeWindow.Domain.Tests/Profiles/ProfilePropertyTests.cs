using System.Text.Json;
using CsCheck;
using static LifeWindow.Domain.Tests.Profiles.Records;

namespace LifeWindow.Domain.Tests.Profiles;

/// <summary>Fold order, duplication and compaction do not change what the profile says.</summary>
public class ProfilePropertyTests
{
    /// <summary>Two years of a rich customer: every feed, corrections of the same subject, a void, a red letter.</summary>
    private static readonly FeedRecord[] Pool = BuildPool();

    private static FeedRecord[] BuildPool()
    {
        var records = new List<FeedRecord>
        {
            Mortgage(1_700_000m, new DateOnly(2024, 10, 15)),
            Mortgage(1_650_000m, new DateOnly(2024, 10, 15)), // a later report of the same account
            Property(PropertyEventType.Transfer, At(2024, 10, 1), price: 2_500_000m, coOwned: true),
            Property(PropertyEventType.MortgageRegistered, At(2024, 10, 2), mortgage: 1_800_000m, coOwned: true),
            Property(PropertyEventType.Appraisal, At(2026, 8, 1), appraised: 3_600_000m, coOwned: true),
            Property(PropertyEventType.MortgageReleased, At(2026, 9, 1), coOwned: true), // the registry's release, before the bank's account says so
            Invoice("25000000000000000001", At(2025, 12, 5), 40_000m),
            Invoice("25000000000000000002", At(2025, 12, 6), 12_000m),
            Invoice("25000000000000000002", At(2025, 12, 7), 12_000m, InvoiceKind.Void),
            Invoice("26000000000000000003", At(2026, 1, 8), 4_000m, InvoiceKind.RedLetter, "25000000000000000001"),
            Declaration(new YearQuarter(2026, 2), 300_000m),
            Declaration(new YearQuarter(2026, 2), 320_000m), // re-declared
            Transfer(At(2026, 11, 20), 260_000m, FlowDirection.In),
            Transfer(At(2026, 11, 21), 90_000m, FlowDirection.Out), // part of it out again within the week (PassThrough7Days)
            Transfer(At(2026, 2, 1), 150_000m, FlowDirection.Out),
            Call(At(2026, 11, 3), "最近月供压力大，孩子明年高考"),
            Risk(RiskAppetite.Balanced, At(2026, 3, 1)),
            Risk(RiskAppetite.Growth, At(2026, 9, 1)),
            Declared(20_000m, At(2025, 6, 1)),
            Loan("CL-1", 90_000m, 2_400m, 20, new DateOnly(2026, 4, 10)),
            Loan("CL-1", 80_000m, 2_400m, 0, new DateOnly(2026, 10, 10)), // a later report of the same loan
            Listed(CreditList.Fraud, ListAction.Add, At(2026, 2, 1)),
            Listed(CreditList.Fraud, ListAction.Remove, At(2026, 5, 1)),
            Declared(17_000m, At(2026, 10, 20), DeclarationChannel.RelationshipManager), // stated again, lower
            Consent(ConsentPurpose.Marketing, ConsentAction.Granted, At(2025, 1, 1)),
            Consent(ConsentPurpose.Marketing, ConsentAction.Withdrawn, At(2026, 10, 1)),
            Facts.Contribution(new YearMonth(2026, 10), 16_000m, reportedAt: At(2026, 11, 2)),
            Facts.Contribution(new YearMonth(2026, 10), 16_500m, reportedAt: At(2026, 11, 9)), // correction
        };
        records.AddRange(Repayments(new YearMonth(2024, 11), new YearMonth(2026, 11), late: new YearMonth(2025, 4)));
        for (var m = new YearMonth(2024, 11); m <= new YearMonth(2026, 9); m = m.AddMonths(1))
        {
            records.Add(Facts.Contribution(m, m < new YearMonth(2025, 10) ? 12_000m : 15_000m));
            records.Add(Deposit(new DateOnly(m.Year, m.Month, 10), 60_000m + (m.Index % 7 * 10_000m), wealth: 20_000m));
            records.Add(Deposit(new DateOnly(m.Year, m.Month, 25), 55_000m, wealth: 20_000m));
            records.Add(Payroll(new DateOnly(m.Year, m.Month, 10), 18_000m));
            records.Add(Pos(new DateOnly(m.Year, m.Month, 3), 7_000m));
            records.Add(Pos(new DateOnly(m.Year, m.Month, 17), 6_500m));
            records.Add(Custody(At(m.Year, m.Month, 12), 20_000m));
            records.Add(Scenes(m, (ConsumptionScene.Travel, m.Month % 3), (ConsumptionScene.Dining, 4)));
        }

        return [.. records];
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static string Snapshot(CustomerProfile profile) => JsonSerializer.Serialize(profile, Json);

    private static string TagsJson(TagSet tags) => JsonSerializer.Serialize(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value), Json);

    [Fact]
    public void Fold_AnyOrderWithDuplicates_GivesTheSameProfile()
    {
        var expected = Snapshot(Fold(Pool));
        Gen.Shuffle(Pool.ToArray())
            .Select(Gen.Int[0, Pool.Length - 1].Array[0, 20], (order, again) => order.Concat(again.Select(i => Pool[i])).ToArray())
            .Sample(records => Snapshot(Fold(records)) == expected, iter: 40);
    }

    [Fact]
    public void Fold_IncomeDeclarations_TheLatestStatementStandsWhateverTheOrder()
    {
        var expected = new DeclaredIncome(17_000m, DeclarationChannel.RelationshipManager, At(2026, 10, 20), "");

        foreach (var records in new[] { Pool, Pool.Reverse().ToArray() })
        {
            var declared = ProfileFolder.ViewOf(Fold(records), Settings).DeclaredIncome!;
            Assert.Equal((expected.MonthlyIncome, expected.Channel, expected.DeclaredAt), (declared.MonthlyIncome, declared.Channel, declared.DeclaredAt));
        }
    }

    [Fact]
    public void Fold_SameRecordAgain_ReportsNoChange()
    {
        var profile = Fold(Pool);
        Gen.Int[0, Pool.Length - 1].Sample(i =>
        {
            var again = ProfileFolder.Fold(profile, Pool[i], Now.AddDays(1), Settings);
            return !again.Changed && ReferenceEquals(again.Profile, profile);
        }, iter: 60);
    }

    [Fact]
    public void Compact_AtAnyHorizon_KeepsTheTagsOfNow()
    {
        var profile = Fold(Pool);
        var expected = TagsJson(TagsAt(profile, Now));
        Gen.Int[1, 24].Sample(months =>
        {
            var compacted = ProfileFolder.Compact(profile, Settings, new YearMonth(2026, 11).AddMonths(-months), new YearMonth(2020, 1));
            return compacted.Compacted.Count > 0
                && compacted.Profile.Facts.Count + compacted.Compacted.Count == profile.Facts.Count
                && TagsJson(TagsAt(compacted.Profile, Now)) == expected;
        }, iter: 24);
    }

    [Fact]
    public void Compact_ThenFoldTheRest_EqualsFoldingEverythingThenCompacting()
    {
        var keepFrom = new YearMonth(2026, 1);
        var retainFrom = new YearMonth(2020, 1);
        Gen.Shuffle(Pool.ToArray()).Select(Gen.Int[0, Pool.Length], (order, split) => (order, split)).Sample(t =>
        {
            var (order, split) = t;
            // The first part is folded and compacted; the rest arrives afterwards (late ones too).
            var early = ProfileFolder.Compact(Fold(order.Take(split)), Settings, keepFrom, retainFrom).Profile;
            var rest = order.Skip(split).ToList();
            var late = rest.Aggregate(early, (p, r) => ProfileFolder.Fold(p, r, Now, Settings).Profile);
            // Summed kinds arriving after their month was compacted are left to the fact log by design: the reference omits them.
            var leftToLog = rest.Where(r => Fact.IsAdditive(r) && YearMonth.From(Fact.ValidFromOf(r)) < keepFrom).ToHashSet();
            var reference = ProfileFolder.Compact(Fold(order.Where(r => !leftToLog.Contains(r))), Settings, keepFrom, retainFrom).Profile;
            return TagsJson(TagsAt(late, Now)) == TagsJson(TagsAt(reference, Now))
                && JsonSerializer.Serialize(ProfileFolder.ViewOf(late, Settings), Json) == JsonSerializer.Serialize(ProfileFolder.ViewOf(reference, Settings), Json);
        }, iter: 30);
    }

    [Fact]
    public void Fold_LateSummedRecordAfterCompaction_IsLeftToTheFactLog()
    {
        var compacted = ProfileFolder.Compact(Fold(Pool), Settings, new YearMonth(2026, 1), new YearMonth(2020, 1)).Profile;
        var result = ProfileFolder.Fold(compacted, Payroll(new DateOnly(2025, 3, 28), 5_000m), Now, Settings);
        Assert.False(result.Changed);
        Assert.Equal(1, result.IgnoredLate);

        var lateWinner = ProfileFolder.Fold(compacted, Mortgage(1_000_000m, new DateOnly(2024, 10, 15)), Now, Settings);
        Assert.True(lateWinner.Changed);
        Assert.Equal(1_000_000m, Assert.Single(lateWinner.Profile.Snapshot.Mortgages).Balance);
        Assert.False(ProfileFolder.Fold(lateWinner.Profile, Mortgage(1_000_000m, new DateOnly(2024, 10, 15)), Now, Settings).Changed);
    }

    /// <summary>
    /// A reader that names some tags (a catalog's rules) gets them exactly as if every tag were computed, whatever part of
    /// the customer's history is known and whatever the moment: a tag missing from its group's list, or a group reading
    /// another's tags without saying so, fails here.
    /// </summary>
    [Fact]
    public void Compute_OnlyTheTagsNamed_GivesThemAsComputingEveryTag()
    {
        var names = TagDefinitions.All.Keys.Order(StringComparer.Ordinal).ToArray();
        var household = new Dictionary<string, decimal> { [CoOwner] = 480_000m };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Gen.Shuffle(Pool.ToArray())
            .Select(Gen.Int[Pool.Length / 3, Pool.Length], Gen.Int[0, 28], Gen.Int[0, names.Length - 1].Array[1, 4], (order, known, month, wanted) => (order, known, month, wanted))
            .Sample(t =>
            {
                var view = ProfileFolder.ViewOf(Fold(t.order.Take(t.known)), Settings);
                var asOf = t.month == 28 ? Now : WindowDetector.EndOfMonth(new YearMonth(2024, 10).AddMonths(t.month));
                var all = TagEngine.Compute(view, Settings, asOf, Customer, household);
                var some = TagEngine.Compute(view, Settings, asOf, Customer, household, TagSelection.Of(t.wanted.Select(i => names[i])));
                seen.UnionWith(all.Keys);
                return t.wanted.All(i => Equals(all.Get(names[i]), some.Get(names[i])))
                    && some.All(tag => tag.Value.Equals(all.Get(tag.Key)));
            }, iter: 400);

        // The pool is rich enough that the comparison above met nearly every tag with a value.
        Assert.Empty(names.Except(seen).Except([TagNames.MovedToPublicSector, TagNames.PublicSector]));
    }

    [Fact]
    public void Compact_Retention_DropsOldMonthsButKeepsAccountsAndProperties()
    {
        var compacted = ProfileFolder.Compact(Fold(Pool), Settings, new YearMonth(2026, 1), new YearMonth(2025, 6)).Profile;
        Assert.All(compacted.Snapshot.ProvidentFund, m => Assert.True(m.Period >= new YearMonth(2025, 6)));
        Assert.Single(compacted.Snapshot.Mortgages);
        Assert.Single(compacted.Snapshot.Properties);
        Assert.Equal(new YearMonth(2026, 1), compacted.CompactedBefore);
    }
}
