namespace LifeWindow.Integration.Audit;

/// <summary>
/// The rules of the chain, written once for every store: how the next link is made, and how a stored log is checked.
/// Verification recomputes every link's hash and its link to the one before, checks that sequences run 1, 2, 3… without
/// a gap and end at the chain's head, and that every seal (anchor) still matches: a record altered, deleted from the
/// middle, or cut from the end (head and all) below a seal is named.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of a chain's first link.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The partition of the erasure receipts, a chain of its own.</summary>
    public const string ErasuresPartition = "erasures";

    public static string PartitionOf(string customerKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(customerKey)));

    public static AuditRecord Next(string partition, AuditHead? head, AuditEntry entry, DateTimeOffset at)
    {
        var record = new AuditRecord(partition, (head?.Sequence ?? 0) + 1, at, entry, head?.Hash ?? Genesis);
        return record with { Hash = record.ComputeHash() };
    }

    public static AuditAnchor Seal(string anchorId, DateTimeOffset at, IReadOnlyDictionary<string, AuditHead> heads, AuditAnchor? previous)
    {
        var anchor = new AuditAnchor(anchorId, at, heads, previous?.Hash ?? Genesis);
        return anchor with { Hash = anchor.ComputeHash() };
    }

    /// <param name="chains">Every partition's records (any order) and its head, as stored.</param>
    /// <param name="anchors">The seals, oldest first.</param>
    public static AuditVerification Verify(IReadOnlyDictionary<string, (IReadOnlyList<AuditRecord> Records, AuditHead? Head)> chains, IReadOnlyList<AuditAnchor> anchors)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(anchors);
        var problems = new List<string>();
        foreach (var (partition, (records, head)) in chains.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            VerifyChain(partition, [.. records.OrderBy(r => r.Sequence)], head, problems);
        }

        var erased = chains.TryGetValue(ErasuresPartition, out var receipts)
            ? receipts.Records.Select(r => r.Entry.Subject).ToHashSet(StringComparer.Ordinal)
            : [];
        VerifyAnchors(chains, anchors, erased, problems);
        return new AuditVerification(chains.Count, chains.Values.Sum(c => (long)c.Records.Count), anchors.Count, problems);
    }

    private static void VerifyChain(string partition, IReadOnlyList<AuditRecord> records, AuditHead? head, List<string> problems)
    {
        var previous = Genesis;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Sequence != i + 1)
            {
                problems.Add($"chain {partition}: record {i + 1} is missing (deleted); the next is {record.Sequence}");
                return;
            }

            if (record.ComputeHash() != record.Hash)
            {
                problems.Add($"chain {partition}: record {record.Sequence} ({record.Entry.Kind} {record.Entry.Subject}) was altered: its content does not hash to its hash");
                return;
            }

            if (record.PreviousHash != previous)
            {
                problems.Add($"chain {partition}: record {record.Sequence} does not link to record {record.Sequence - 1} (a record before it was altered or replaced)");
                return;
            }

            previous = record.Hash;
        }

        var last = records.Count == 0 ? null : new AuditHead(records[^1].Sequence, records[^1].Hash);
        if (head is not null && head != last)
        {
            problems.Add($"chain {partition}: the head says record {head.Sequence}, the chain ends at {last?.Sequence ?? 0} (records cut from the end)");
        }
    }

    private static void VerifyAnchors(
        IReadOnlyDictionary<string, (IReadOnlyList<AuditRecord> Records, AuditHead? Head)> chains, IReadOnlyList<AuditAnchor> anchors, IReadOnlySet<string> erased, List<string> problems)
    {
        var previous = Genesis;
        foreach (var anchor in anchors)
        {
            if (anchor.ComputeHash() != anchor.Hash || anchor.PreviousHash != previous)
            {
                problems.Add($"anchor {anchor.AnchorId}: altered, or not linked to the anchor before it");
                return;
            }

            previous = anchor.Hash;
            foreach (var (partition, sealedHead) in anchor.Heads.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                var sealedRecord = chains.TryGetValue(partition, out var chain) ? chain.Records.FirstOrDefault(r => r.Sequence == sealedHead.Sequence) : null;
                if (sealedRecord is null && !erased.Contains(partition))
                {
                    problems.Add($"chain {partition}: record {sealedHead.Sequence}, sealed by anchor {anchor.AnchorId}, is gone (records cut from the end)");
                }
                else if (sealedRecord is not null && sealedRecord.Hash != sealedHead.Hash)
                {
                    problems.Add($"chain {partition}: record {sealedHead.Sequence} differs from what anchor {anchor.AnchorId} sealed (the chain was rewritten)");
                }
            }
        }
    }
}
