using Azure.Storage.Queues;

namespace LifeWindow.Integration.Privacy;

/// <summary>
/// A customer's messages in a poison queue (the feed stream's or the workflow signals' "-poison" queue: messages set
/// aside after their last attempt), erased. A queue cannot be searched, so every message is received, the customer's
/// deleted, and the others left to reappear when their <paramref name="holdFor"/> ends; a message names the customer by
/// key (records and windows carry it), which is what is looked for.
/// </summary>
public sealed class PoisonQueueEraser(QueueClient queue, TimeSpan holdFor) : ICustomerDataEraser
{
    public string ErasedItems => $"messages in {queue.Name}";

    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerKey);
        if (!await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var erased = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // One pass: a message held longer ago than holdFor shows again; once only seen ones come back, every one was read.
            var messages = (await queue.ReceiveMessagesAsync(32, holdFor, cancellationToken).ConfigureAwait(false)).Value;
            if (!messages.Any(m => seen.Add(m.MessageId)))
            {
                return erased;
            }

            foreach (var message in messages.Where(m => m.Body.ToString().Contains(customerKey, StringComparison.Ordinal)))
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                erased++;
            }
        }
    }
}
