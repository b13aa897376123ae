namespace LifeWindow.Integration.Feeds.ProvidentFund;

/// <summary>
/// Provident fund contribution, schema v1 (see samples/provident-fund/contribution.json):
/// recordId, idNumber, period (yyyy-MM), employer {name, uscc, sector}, contributionBase,
/// employeeRate, employerRate, status, balance, reportedAt (optional).
/// </summary>
public sealed class ProvidentFundParser : RecordParser
{
    /// <summary>Housing provident fund contribution rates are capped at 12% each side.</summary>
    private const decimal MaxRate = 0.12m;

    /// <summary>The housing provident fund system started in 1991.</summary>
    private static readonly YearMonth FirstPeriod = new(1991, 1);

    public override string Feed => "provident-fund";

    public override string EventType => "provident-fund.contribution";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var period = Period(fields, context.Today);
        var employer = ParseEmployer(fields);
        var contributionBase = fields.Money("contributionBase");
        var employeeRate = fields.Decimal("employeeRate", 0m, MaxRate, maxScale: 4);
        var employerRate = fields.Decimal("employerRate", 0m, MaxRate, maxScale: 4);
        var status = fields.Enum<ContributionStatus>("status");
        var balance = fields.Money("balance");
        var reportedAt = fields.Timestamp("reportedAt", required: false, context.Today);

        if (period is null || employer is null
            || contributionBase is null || employeeRate is null || employerRate is null || status is null || balance is null)
        {
            return null;
        }

        return new ProvidentFundContribution
        {
            Period = period.Value,
            Employer = employer,
            ContributionBase = contributionBase.Value,
            EmployeeRate = employeeRate.Value,
            EmployerRate = employerRate.Value,
            Status = status.Value,
            Balance = balance.Value,
            ReportedAt = reportedAt,
        };
    }

    private static YearMonth? Period(JsonFields fields, DateOnly today)
    {
        var text = fields.String("period", 7);
        if (text is null)
        {
            return null;
        }

        if (!YearMonth.TryParse(text, out var period))
        {
            fields.Error("period", "must be a month as yyyy-MM");
            return null;
        }

        if (period < FirstPeriod || period > YearMonth.From(today))
        {
            fields.Error("period", $"must be between {FirstPeriod} and the current month");
            return null;
        }

        return period;
    }

    private static Employer? ParseEmployer(JsonFields fields)
    {
        if (fields.Child("employer") is not { } employer)
        {
            return null;
        }

        var name = employer.String("name", 128);
        var uscc = employer.Uscc("uscc");

        var sector = employer.Enum<EmployerSector>("sector");
        return name is null || uscc is null || sector is null ? null : new Employer(name, uscc, sector.Value);
    }
}
