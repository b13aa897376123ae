namespace LifeWindow.Domain.Tests;

public class ProfileFolderTests
{
    private static readonly TagSettings Tags = RuleCatalogLoader.LoadDefault().Tags;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly YearMonth Latest = new(2026, 10);

    private static CustomerProfile FoldAll(IEnumerable<FeedRecord> records) =>
        records.Aggregate(CustomerProfile.Empty(Facts.Customer), (p, r) => ProfileFolder.Fold(p, r, Now, Tags).Profile);

    [Fact]
    public void Fold_SameRecordTwice_SecondChangesNothing()
    {
        var record = Facts.Contribution(Latest, 10000m);
        var once = ProfileFolder.Fold(CustomerProfile.Empty(Facts.Customer), record, Now, Tags);
        var twice = ProfileFolder.Fold(once.Profile, record, Now.AddHours(1), Tags);

        Assert.True(once.Changed);
        Assert.False(twice.Changed);
        Assert.Same(once.Profile, twice.Profile);
    }

    [Fact]
    public void Fold_RecordsOutOfOrder_GivesTheSameFactsAndTags()
    {
        var records = Facts.Year(Latest, 10000m, 12500m);
        var inOrder = FoldAll(records);
        var shuffled = FoldAll(records.OrderBy(r => r.EvidenceHash.GetHashCode(StringComparison.Ordinal)).Reverse());

        Assert.Equal(ProfileFolder.ViewOf(inOrder, Tags).ProvidentFund.Select(f => (f.Period, f.ContributionBase)), ProfileFolder.ViewOf(shuffled, Tags).ProvidentFund.Select(f => (f.Period, f.ContributionBase)));
        Assert.Equal(inOrder.Tags.OrderBy(t => t.Key), shuffled.Tags.OrderBy(t => t.Key));
    }

    [Fact]
    public void Fold_CorrectionOfAMonth_LaterReportWinsWhateverTheArrivalOrder()
    {
        var early = Facts.Contribution(Latest, 10000m, reportedAt: Now.AddDays(-10));
        var corrected = Facts.Contribution(Latest, 11000m, reportedAt: Now.AddDays(-2));

        var a = FoldAll([early, corrected]);
        var b = FoldAll([corrected, early]);

        Assert.Equal(11000m, Assert.Single(ProfileFolder.ViewOf(a, Tags).ProvidentFund).ContributionBase);
        Assert.Equal(11000m, Assert.Single(ProfileFolder.ViewOf(b, Tags).ProvidentFund).ContributionBase);
    }

    [Fact]
    public void Fold_RecordOfAnotherCustomer_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ProfileFolder.Fold(CustomerProfile.Empty("k1-other"), Facts.Contribution(Latest, 1m), Now, Tags));

    [Fact]
    public void Tags_ThirteenNormalMonthsWithGrowth_AreComputedWithTheirSinceDates()
    {
        var profile = FoldAll(Facts.Year(Latest, 10000m, 12500m));

        Assert.Equal("25", profile.Tag(TagNames.IncomeGrowthPct)!.Value);
        Assert.Equal(Latest.FirstDay, profile.Tag(TagNames.IncomeGrowthPct)!.Since);
        Assert.Equal("true", profile.Tag(TagNames.IncomeStable)!.Value);
        Assert.Equal(Latest.AddMonths(-1).FirstDay, profile.Tag(TagNames.IncomeStable)!.Since);
        Assert.Equal("false", profile.Tag(TagNames.PublicSector)!.Value);
        Assert.Equal("31-40", profile.Tag(TagNames.AgeBand)!.Value);
    }

    /// <summary>
    /// A fold leaves the tags to be computed when read; they are the folded profile's own, also in a copy made from it with
    /// other facts (the table store writes its head row as the profile without its facts), and a later fold's are new.
    /// </summary>
    [Fact]
    public void Tags_ComputedWhenRead_BelongToTheFoldedProfileInEveryCopy()
    {
        var profile = FoldAll(Facts.Year(Latest, 10000m, 12500m));
        var head = profile with { Facts = [] };

        Assert.Equal("25", head.Tag(TagNames.IncomeGrowthPct)!.Value);
        Assert.Equal(profile.Tags.OrderBy(t => t.Key), head.Tags.OrderBy(t => t.Key));
        var next = ProfileFolder.Fold(profile, Facts.Contribution(Latest.AddMonths(1), 15000m), Now, Tags).Profile;
        Assert.Equal("50", next.Tag(TagNames.IncomeGrowthPct)!.Value);
    }

    [Fact]
    public void Tags_ElevenNormalMonths_AreNotYetStable()
    {
        var profile = FoldAll(Facts.Year(Latest, 10000m, 10000m).Skip(2));
        Assert.Equal("false", profile.Tag(TagNames.IncomeStable)!.Value);
        Assert.Null(profile.Tag(TagNames.IncomeGrowthPct));
    }

    [Fact]
    public void Tags_GapInContributions_RestartsTheStableRun()
    {
        var records = Facts.Year(Latest, 10000m, 10000m).Where(r => r.Period != Latest.AddMonths(-3));
        Assert.Equal("false", FoldAll(records).Tag(TagNames.IncomeStable)!.Value);
    }

    [Fact]
    public void Tags_MoveToGovernment_PublicSectorSinceTheMove()
    {
        var profile = FoldAll(Facts.Year(Latest, 10000m, 10000m, EmployerSector.Private, EmployerSector.Government));
        Assert.Equal("true", profile.Tag(TagNames.PublicSector)!.Value);
        Assert.Equal(Latest.FirstDay, profile.Tag(TagNames.PublicSector)!.Since);
    }

    [Fact]
    public void Tags_SuspendedLatestMonth_IsNotStable()
    {
        var records = Facts.Year(Latest, 10000m, 10000m);
        records[^1] = Facts.Contribution(Latest, 10000m, status: ContributionStatus.Suspended);
        Assert.Equal("false", FoldAll(records).Tag(TagNames.IncomeStable)!.Value);
    }
}
