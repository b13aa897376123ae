namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>A salary credited through the bank's payroll service (代发工资), canonical record v1.</summary>
public sealed record PayrollCredit : FeedRecord
{
    public const string TypeName = "bank.payroll-credit/v1";

    /// <summary>The paying employer's Unified Social Credit Code (GB 32100).</summary>
    public required string EmployerUscc { get; init; }

    public required DateTimeOffset CreditedAt { get; init; }

    public required decimal Amount { get; init; }
}
