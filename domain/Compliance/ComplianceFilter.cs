namespace LifeWindow.Domain.Compliance;

/// <summary>
/// What a talking script may not say and what it must add: banned claims (保本, 稳赚, 无风险…) reject the
/// script; wealth products get the required risk disclosure appended. Versioned with the bank's policy.
/// </summary>
public sealed record CompliancePolicy
{
    public static readonly CompliancePolicy Default = new();

    public string Version { get; init; } = "compliance-v1";

    public IReadOnlyList<string> BannedClaims { get; init; } = ["保本", "稳赚", "无风险", "零风险", "最高收益", "保证收益", "稳赚不赔", "刚性兑付"];

    /// <summary>Appended to every wealth product's script (理财非存款、产品有风险、投资须谨慎).</summary>
    public string WealthDisclosure { get; init; } = "温馨提示：理财非存款、产品有风险、投资须谨慎。";
}

/// <summary>The filter's verdict: the text to store and send, or the banned claims that stopped it.</summary>
public sealed record ComplianceResult(bool Approved, string Text, IReadOnlyList<string> BannedClaimsFound)
{
    public static ComplianceResult Approve(string text) => new(true, text, []);
}

public static class ComplianceFilter
{
    public static ComplianceResult Check(string script, OfferKind kind, CompliancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(policy);
        var found = policy.BannedClaims.Where(claim => script.Contains(claim, StringComparison.Ordinal)).ToList();
        if (found.Count > 0)
        {
            return new ComplianceResult(false, script, found);
        }

        var text = kind == OfferKind.Wealth && !script.Contains(policy.WealthDisclosure, StringComparison.Ordinal)
            ? script.TrimEnd() + policy.WealthDisclosure
            : script;
        return ComplianceResult.Approve(text);
    }
}
