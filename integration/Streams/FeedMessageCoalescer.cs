namespace LifeWindow.Integration.Streams;

/// <summary>One unit of consumer work: records of several queue messages, and which of those messages it covers.</summary>
public sealed record CoalescedWork(string Text, IReadOnlyList<int> MessageIndexes);

/// <summary>
/// A queue consumer that receives many messages at once (the local host's) folds them as few units of work as it can:
/// the records of all the messages it received, split over <c>lanes</c> by the customer's Table shard
/// (<see cref="TableShards"/>). A customer's records then go through one read-modify-write in one lane, a lane writes
/// its shards' customers in shared entity-group transactions, lanes run side by side without contending for a profile,
/// and every unit is a batch message the Functions app's own trigger function reads.
/// A queue message is done when every unit holding its records is done. A message whose text is not a feed message
/// is left alone (its own unit), so it fails and is retried or poisoned by itself.
/// </summary>
public static class FeedMessageCoalescer
{
    public static IReadOnlyList<CoalescedWork> Coalesce(IReadOnlyList<string> texts, int lanes)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var work = new List<CoalescedWork>();
        var laneRecords = Enumerable.Range(0, lanes).Select(_ => new List<FeedMessage>()).ToArray();
        var laneMessages = Enumerable.Range(0, lanes).Select(_ => new SortedSet<int>()).ToArray();
        for (var i = 0; i < texts.Count; i++)
        {
            IReadOnlyList<FeedMessage> messages;
            try
            {
                messages = FeedMessageJson.DeserializeAny(texts[i]);
            }
            catch (System.Text.Json.JsonException)
            {
                work.Add(new CoalescedWork(texts[i], [i]));
                continue;
            }

            foreach (var message in messages)
            {
                var lane = TableShards.IndexOf(message.Record.CustomerKey) % lanes;
                laneRecords[lane].Add(message);
                laneMessages[lane].Add(i);
            }
        }

        for (var lane = 0; lane < lanes; lane++)
        {
            if (laneRecords[lane].Count > 0)
            {
                work.Add(new CoalescedWork(FeedMessageJson.Pack(laneRecords[lane], int.MaxValue).Single(), [.. laneMessages[lane]]));
            }
        }

        return work;
    }
}
