namespace LifeWindow.Integration.DeadLetters;

public enum IngressMode
{
    Webhook,
    Pull,
    Batch,
    Resubmit,
}

public enum DeadLetterStatus
{
    /// <summary>Waiting for a fix (of the data at the partner, or of our rules).</summary>
    Open,

    /// <summary>Submitted again after a fix and accepted.</summary>
    Resubmitted,
}

/// <summary>
/// A rejected record, kept so nothing is silently dropped: where it came from, why it was refused, the
/// hash of its evidence, and the payload itself encrypted (quarantine) so it can be resubmitted after a
/// fix. The payload is erased with the row after <see cref="DeadLetterOptions.RetentionDays"/>.
/// </summary>
public sealed record DeadLetter
{
    public required string Id { get; init; }

    public required string Feed { get; init; }

    public string? EventType { get; init; }

    public required string Partner { get; init; }

    public required IngressMode Mode { get; init; }

    /// <summary>webhook-id, pull page cursor or file name.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>Where in the delivery the record was: "data", "data[17]", "line 1042".</summary>
    public required string Path { get; init; }

    public required string Reason { get; init; }

    public IDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    public required string EvidenceHash { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>AES-GCM ciphertext of the raw record (key id, nonce, tag, data), base64.</summary>
    public required string ProtectedPayload { get; init; }

    /// <summary>
    /// Set when only the first <see cref="MaxKeptPayloadChars"/> characters of an unreadable delivery were kept: its
    /// full length. A Table row holds 1 MiB, and a body that is not even JSON cannot be resubmitted anyway; the
    /// evidence hash is of the whole body.
    /// </summary>
    public int? PayloadTruncatedFrom { get; init; }

    public const int MaxKeptPayloadChars = 131_072;

    public DeadLetterStatus Status { get; init; } = DeadLetterStatus.Open;

    public DateTimeOffset? ResubmittedAt { get; init; }
}

public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetters";

    /// <summary>Id of the key that encrypts new payloads.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]{1,8}$")]
    public string KeyId { get; set; } = "d1";

    /// <summary>Payload keys by id (base64, 32 bytes, AES-256-GCM); older ids stay to read older rows.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    [Range(1, 365)]
    public int RetentionDays { get; set; } = 30;
}
