namespace LifeWindow.Domain.Profiles;

/// <summary>
/// What a customer's facts add up to, per subject: provident-fund months, mortgages, properties, assets,
/// revenue… Built by merging facts (<see cref="ProfileViewBuilder"/>); the merge is commutative and, for
/// everything but the summed kinds (<see cref="Fact.IsAdditive"/>), idempotent. The same shape is stored as
/// the profile's snapshot of compacted facts, so a view = snapshot ⊕ recent facts.
/// Every entry keeps the evidence (fact ids) it came from, at most <see cref="ProfileViewBuilder.EvidencePerEntry"/>.
/// </summary>
public sealed record ProfileView
{
    public static readonly ProfileView Empty = new();

    public PersonFacts? Person { get; init; }

    /// <summary>Valid date and evidence of the record <see cref="Person"/> came from (the latest one wins).</summary>
    public Stamp? PersonStamp { get; init; }

    public IReadOnlyList<PfMonth> ProvidentFund { get; init; } = [];

    public IReadOnlyList<MortgageState> Mortgages { get; init; } = [];

    public IReadOnlyList<Instalment> Instalments { get; init; } = [];

    public IReadOnlyList<PropertyState> Properties { get; init; } = [];

    public IReadOnlyList<AumMonth> Aum { get; init; } = [];

    public IReadOnlyList<MoneyMonth> Payroll { get; init; } = [];

    public IReadOnlyList<RevenueMonth> Revenue { get; init; } = [];

    public IReadOnlyList<DeclarationQuarter> Declarations { get; init; } = [];

    public IReadOnlyList<TransferEntry> Transfers { get; init; } = [];

    public IReadOnlyList<CustodyMonth> Custody { get; init; } = [];

    public IReadOnlyList<SceneMonth> Scenes { get; init; } = [];

    public IReadOnlyList<IntentEntry> Intents { get; init; } = [];

    public IReadOnlyList<ConsentState> Consents { get; init; } = [];

    public RiskState? Risk { get; init; }

    /// <summary>The customer's latest own statement of their income (the bank's record of it); null until they make one.</summary>
    public DeclaredIncome? DeclaredIncome { get; init; }

    /// <summary>The customer's consumer and business loans, each as of its latest report.</summary>
    public IReadOnlyList<LoanState> Loans { get; init; } = [];

    /// <summary>Every late report of a loan (days past due above 0), the worst per loan and day: the arrears history that outlives the loan's latest report.</summary>
    public IReadOnlyList<LoanArrears> LoanArrears { get; init; } = [];

    /// <summary>
    /// Each loan's latest report per month (balance, days past due, status): the history that TotalDebt, its growth and
    /// OverdueDaysNow read as of a past day (<see cref="Loans"/> keeps only the latest report).
    /// </summary>
    public IReadOnlyList<LoanMonth> LoanMonths { get; init; } = [];

    /// <summary>The latest entry of each credit list that ever named the customer.</summary>
    public IReadOnlyList<ListingState> Listings { get; init; } = [];

    /// <summary>On a credit list (blacklist or fraud) as of <paramref name="day"/>: the list's latest entry by then adds them.</summary>
    public bool IsListed(DateOnly day) => Listings.Any(l => l.Action == ListAction.Add && BusinessClock.ToBusinessDate(l.At) <= day);
}

/// <summary>When an entry's winning record was valid and which fact it is.</summary>
public sealed record Stamp(DateOnly ValidFrom, string Evidence);

public sealed record PfMonth(
    YearMonth Period,
    decimal ContributionBase,
    EmployerSector Sector,
    ContributionStatus Status,
    string EmployerUscc,
    decimal Balance,
    DateTimeOffset? ReportedAt,
    string Evidence);

/// <summary>The bank's mortgage account; of two reports the one further along wins (closed over active, then lower balance).</summary>
public sealed record MortgageState(
    string AccountId,
    string PropertyId,
    decimal Principal,
    decimal Balance,
    decimal AnnualRate,
    int TermMonths,
    DateOnly StartDate,
    MortgageStatus Status,
    string Evidence);

/// <summary>One instalment of one account; a paid report wins over an unpaid one, then the higher days past due.</summary>
public sealed record Instalment(
    string AccountId,
    DateOnly DueDate,
    DateOnly? PaidDate,
    decimal AmountDue,
    decimal AmountPaid,
    int DaysPastDue,
    string Evidence);

/// <summary>A property the customer owns, from its registry events: each kind of event keeps its latest.</summary>
public sealed record PropertyState
{
    public required string PropertyId { get; init; }

    public required string City { get; init; }

    public required CityTier CityTier { get; init; }

    /// <summary>Owners' customer keys on the latest event that lists them, in certificate order.</summary>
    public required IReadOnlyList<string> Owners { get; init; }

    public Stamp? OwnersStamp { get; init; }

    public decimal? PurchasePrice { get; init; }

    public Stamp? Purchase { get; init; }

    public decimal? AppraisedValue { get; init; }

    public Stamp? Appraisal { get; init; }

    public decimal? MortgageAmount { get; init; }

    public Stamp? MortgageRegistered { get; init; }

    public Stamp? MortgageReleased { get; init; }
}

/// <summary>Deposit/AUM snapshots of one month: the last one (by as-of date) and the month's peak.</summary>
public sealed record AumMonth(
    YearMonth Month,
    DateOnly LastAsOf,
    decimal Demand,
    decimal Term,
    decimal WealthProducts,
    decimal Funds,
    decimal Bonds,
    decimal Insurance,
    decimal Peak,
    string Evidence)
{
    [JsonIgnore]
    public decimal Aum => Demand + Term + WealthProducts + Funds + Bonds + Insurance;
}

/// <summary>A month's sum of one kind of money movement.</summary>
public sealed record MoneyMonth(YearMonth Month, decimal Amount, int Count, IReadOnlyList<string> Evidence);

public sealed record RevenueMonth(YearMonth Month, decimal Pos, int PosTransactions, decimal Invoiced, IReadOnlyList<string> Evidence)
{
    [JsonIgnore]
    public decimal Total => Pos + Invoiced;
}

/// <summary>A business's declaration for a quarter; a re-declaration with higher revenue wins.</summary>
public sealed record DeclarationQuarter(YearQuarter Period, string Uscc, decimal DeclaredRevenue, decimal TaxPaid, string Evidence);

public sealed record TransferEntry(DateOnly On, FlowDirection Direction, decimal Amount, CounterpartyType CounterpartyType, string Evidence);

public sealed record CustodyMonth(YearMonth Month, decimal Out, decimal In, IReadOnlyList<string> Evidence);

/// <summary>One scene in one month, across platforms: the most orders and the highest band any platform reported.</summary>
public sealed record SceneMonth(YearMonth Period, ConsumptionScene Scene, int Orders, SpendBand SpendBand, IReadOnlyList<string> Evidence);

/// <summary>Intents heard in one service call (catalog tags.intents); the snippet itself is not kept in the view.</summary>
public sealed record IntentEntry(DateOnly On, IReadOnlyList<string> Intents, string Evidence);

public sealed record ConsentState(ConsentPurpose Purpose, ConsentSource Source, string? Partner, ConsentAction Action, DateTimeOffset At, string EvidenceId, string Evidence);

/// <summary>A loan as of its latest report (by <see cref="AsOf"/>).</summary>
public sealed record LoanState(string AccountId, LoanKind Kind, decimal Balance, decimal MonthlyPayment, int DaysPastDue, LoanStatus Status, DateOnly AsOf, string Evidence)
{
    /// <summary>The amount lent, or a revolving line's limit (0 in views stored before it was kept).</summary>
    public decimal Principal { get; init; }
}

/// <summary>A loan's latest report in one month; of two reports the later day wins.</summary>
public sealed record LoanMonth(string AccountId, YearMonth Month, DateOnly AsOf, decimal Balance, int DaysPastDue, LoanStatus Status, string Evidence);

/// <summary>A loan reported late: how many days past due on the day of the report.</summary>
public sealed record LoanArrears(string AccountId, DateOnly AsOf, int DaysPastDue, string Evidence);

/// <summary>The latest entry of one credit list about the customer.</summary>
public sealed record ListingState(CreditList List, ListAction Action, string Reason, string Source, DateTimeOffset At, string Evidence);

/// <summary>The income the customer stated, where and when; of two statements the later wins.</summary>
public sealed record DeclaredIncome(decimal MonthlyIncome, DeclarationChannel Channel, DateTimeOffset DeclaredAt, string Evidence);

public sealed record RiskState(RiskAppetite Appetite, DateTimeOffset AssessedAt, DateOnly ValidUntil, string Evidence);
