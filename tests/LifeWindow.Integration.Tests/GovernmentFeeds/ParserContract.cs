namespace LifeWindow.Integration.Tests.GovernmentFeeds;

/// <summary>A generated valid record of a feed: its JSON, the canonical record it must parse to, and the raw ids that must not survive.</summary>
public interface IGeneratedRecord
{
    IReadOnlyList<string> RawIds { get; }

    JsonObject ToJson();

    FeedRecord ExpectedRecord();
}

/// <summary>
/// What every government parser's tests check, written once (each parser's test class derives from this and supplies
/// its parser, generator, corruptions and fields): generated valid records give the expected canonical record; one
/// corrupted field is rejected at its path; any value in any field never throws.
/// </summary>
public abstract class ParserContract<TInput>
    where TInput : IGeneratedRecord
{
    protected abstract IFeedParser ContractParser { get; }

    protected abstract Gen<TInput> ContractValid { get; }

    protected abstract IReadOnlyList<Corruption> ContractCorruptions { get; }

    protected abstract IReadOnlyList<string> ContractFields { get; }

    [Fact]
    public void Parse_GeneratedValidRecords_GiveTheExpectedCanonicalRecord() =>
        ContractValid.Sample(input =>
        {
            var (record, errors) = FeedGen.Parse(ContractParser, input.ToJson());
            FeedGen.AssertCanonical(input.ExpectedRecord(), record, errors, [.. input.RawIds]);
            AssertAlso(record);
        }, iter: FeedGen.Iterations, threads: 1);

    [Fact]
    public void Parse_OneFieldCorrupted_IsRejectedAtThatPath() =>
        ParserProperties.CorruptionsAreRejectedAtTheirPath(ContractParser, ContractValid.Select(i => i.ToJson()), ContractCorruptions);

    [Fact]
    public void Parse_AnyValueInAnyField_NeverThrows() =>
        ParserProperties.AnyValueAnywhereNeverThrows(ContractParser, ContractValid.Select(i => i.ToJson()), ContractFields);

    /// <summary>A feed's own checks on every generated record, beyond the canonical comparison.</summary>
    protected virtual void AssertAlso(FeedRecord? record)
    {
    }
}
