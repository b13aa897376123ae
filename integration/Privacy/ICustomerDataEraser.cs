namespace LifeWindow.Integration.Privacy;

/// <summary>
/// One store's part of erasing a customer (PIPL art. 47): it deletes everything it holds of that customer key and says
/// how many items that was. Stores whose rows are keyed by the customer implement it; <see cref="CustomerErasure"/>
/// calls every one the host registered.
/// </summary>
public interface ICustomerDataEraser
{
    /// <summary>What the store holds, for the erasure receipt ("windows", "leads and outbox entries").</summary>
    string ErasedItems { get; }

    Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken);
}
