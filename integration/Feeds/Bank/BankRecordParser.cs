namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>Every bank-internal record: feed "bank", the common header of <see cref="RecordParser"/>.</summary>
public abstract class BankRecordParser : RecordParser
{
    public const string FeedName = "bank";

    public override string Feed => FeedName;
}
