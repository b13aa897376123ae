using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Integration.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Largest body accepted; larger requests get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Signatures older or newer than this are rejected (Standard Webhooks suggests 5 minutes).</summary>
    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>How long a webhook-id is remembered so a redelivery has no second effect (at least 24 h).</summary>
    [Range(24, 24 * 90)]
    public int LedgerRetentionHours { get; set; } = 72;

    /// <summary>How long one delivery may hold its webhook-id before a retry may take over.</summary>
    [Range(5, 3600)]
    public int ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>Partner id → which endpoints it may call and its signing secrets (two during rotation).</summary>
    public Dictionary<string, PartnerOptions> Partners { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class PartnerOptions
{
    /// <summary>Endpoint scopes this partner signs for, e.g. "provident-fund" or "crm-outcomes".</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Standard Webhooks secrets ("whsec_" + base64). Any one of them verifies.</summary>
    public List<string> Secrets { get; set; } = [];
}
