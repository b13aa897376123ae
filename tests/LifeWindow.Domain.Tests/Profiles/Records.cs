namespace LifeWindow.Domain.Tests.Profiles;

/// <summary>Canonical records of every feed for one test customer; evidence hashes derive from the content, as at ingress.</summary>
internal static class Records
{
    public const string Customer = Facts.Customer;
    public const string CoOwner = "k1-coowner";
    public static readonly TagSettings Settings = RuleCatalogLoaderDefaults.Tags;
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 10, 0, 0, Shanghai);

    public static ProvidentFundContribution Pf(YearMonth period, decimal contributionBase, ContributionStatus status = ContributionStatus.Normal, EmployerSector sector = EmployerSector.Private) =>
        Facts.Contribution(period, contributionBase, sector, status);

    public static MortgageAccount Mortgage(decimal balance, DateOnly start, int termMonths = 240, string property = "P-1", MortgageStatus status = MortgageStatus.Active, decimal rate = 0.0385m) =>
        Base(new MortgageAccount
        {
            RecordId = "M-1", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            AccountId = "ACC-1", PropertyId = property, Principal = 2_000_000m, Balance = balance, AnnualRate = rate,
            TermMonths = termMonths, StartDate = start, Status = status,
        });

    public static MortgageRepayment Repayment(DateOnly due, int daysPastDue = 0, decimal amountDue = 9000m) =>
        Base(new MortgageRepayment
        {
            RecordId = $"R-{due}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            AccountId = "ACC-1", DueDate = due, PaidDate = due.AddDays(daysPastDue), AmountDue = amountDue, AmountPaid = amountDue, DaysPastDue = daysPastDue,
        });

    /// <summary>Monthly instalments due on the 15th from <paramref name="first"/> to <paramref name="last"/>; late months get 5 days past due.</summary>
    public static IEnumerable<MortgageRepayment> Repayments(YearMonth first, YearMonth last, params YearMonth[] late)
    {
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            yield return Repayment(new DateOnly(m.Year, m.Month, 15), late.Contains(m) ? 5 : 0);
        }
    }

    public static PropertyRegistryEvent Property(PropertyEventType type, DateTimeOffset at, decimal? price = null, decimal? appraised = null, decimal? mortgage = null, string property = "P-1", bool coOwned = false) =>
        Base(new PropertyRegistryEvent
        {
            RecordId = $"PR-{type}-{at:yyyyMMdd}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            EventType = type, CertificateNo = "沪(2024)浦东新区不动产权第0000001号", PropertyId = property,
            Owners = coOwned
                ? [new PropertyOwner(Customer, Facts.Person, null), new PropertyOwner(CoOwner, new PersonFacts("31-40", "Male", Residency.Local), null)]
                : [new PropertyOwner(Customer, Facts.Person, null)],
            City = "上海", CityTier = CityTier.ProvincialCapitalOrAbove, AreaSqm = 89.5m,
            Price = price, AppraisedValue = appraised, MortgageAmount = mortgage, RegisteredAt = at,
        });

    public static DepositSnapshot Deposit(DateOnly asOf, decimal demand, decimal term = 0m, decimal wealth = 0m, decimal funds = 0m) =>
        Base(new DepositSnapshot
        {
            RecordId = $"D-{asOf}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            AsOf = asOf, Demand = demand, Term = term, WealthProducts = wealth, Funds = funds, Bonds = 0m, Insurance = 0m,
        });

    public static PayrollCredit Payroll(DateOnly on, decimal amount) =>
        Base(new PayrollCredit
        {
            RecordId = $"PAY-{on}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            EmployerUscc = "91350100M000100Y43", CreditedAt = At(on.Year, on.Month, on.Day), Amount = amount,
        });

    public static PosSettlement Pos(DateOnly on, decimal amount) =>
        Base(new PosSettlement
        {
            RecordId = $"POS-{on}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            MerchantUscc = "91350100M000100Y43", SettledOn = on, Amount = amount, TransactionCount = 10,
        });

    public static TaxInvoice Invoice(string number, DateTimeOffset issued, decimal amount, InvoiceKind kind = InvoiceKind.Normal, string? original = null) =>
        Base(new TaxInvoice
        {
            RecordId = $"INV-{number}-{kind}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            InvoiceNumber = number, IssuedAt = issued, SellerUscc = "91350100M000100Y43", BuyerUscc = "91110000600037341L",
            Amount = amount, Tax = 0m, Kind = kind, OriginalInvoiceNumber = original,
        });

    public static TaxDeclaration Declaration(YearQuarter period, decimal revenue) =>
        Base(new TaxDeclaration
        {
            RecordId = $"DEC-{period}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            Uscc = "91350100M000100Y43", Period = period, DeclaredRevenue = revenue, TaxPaid = revenue * 0.01m,
        });

    public static LargeTransfer Transfer(DateTimeOffset at, decimal amount, FlowDirection direction, CounterpartyType counterparty = CounterpartyType.CrossBank) =>
        Base(new LargeTransfer
        {
            RecordId = $"T-{at:yyyyMMdd}-{amount}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            Direction = direction, Amount = amount, CounterpartyType = counterparty, At = at,
        });

    public static CustodyFlow Custody(DateTimeOffset at, decimal amount, FlowDirection direction = FlowDirection.Out) =>
        Base(new CustodyFlow
        {
            RecordId = $"C-{at:yyyyMMdd}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            Direction = direction, Amount = amount, BrokerCode = "B001", At = at,
        });

    public static ConsumptionSceneRecord Scenes(YearMonth period, params (ConsumptionScene Scene, int Orders)[] scenes) =>
        Base(new ConsumptionSceneRecord
        {
            RecordId = $"S-{period}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = ConsumptionSceneRecord.NotDerived,
            Period = period, Scenes = [.. scenes.OrderBy(s => s.Scene).Select(s => new SceneActivity(s.Scene, s.Orders, SpendBand.From1kTo5k))],
        });

    public static CallTranscript Call(DateTimeOffset at, string snippet) =>
        Base(new CallTranscript
        {
            RecordId = $"CALL-{at:yyyyMMddHH}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            At = at, Channel = ContactChannel.Phone, Snippet = snippet,
        });

    public static RiskAssessment Risk(RiskAppetite appetite, DateTimeOffset at) =>
        Base(new RiskAssessment
        {
            RecordId = $"RA-{at:yyyyMMdd}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            Appetite = appetite, AssessedAt = at, ValidUntil = DateOnly.FromDateTime(at.DateTime).AddYears(1),
        });

    public static LoanAccount Loan(string accountId, decimal balance, decimal monthlyPayment, int daysPastDue, DateOnly asOf, LoanStatus status = LoanStatus.Active) =>
        Base(new LoanAccount
        {
            RecordId = $"LA-{accountId}-{asOf:yyyyMMdd}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            AccountId = accountId, Kind = LoanKind.Consumer, Principal = 500_000m, Balance = balance, MonthlyPayment = monthlyPayment,
            DaysPastDue = daysPastDue, Status = status, AsOf = asOf,
        });

    public static ListEntry Listed(CreditList list, ListAction action, DateTimeOffset at) =>
        Base(new ListEntry
        {
            RecordId = $"LE-{list}-{at:yyyyMMddHH}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            List = list, Action = action, Reason = "申请资料伪造", Source = "anti-fraud", At = at,
        });

    public static IncomeDeclaration Declared(decimal monthlyIncome, DateTimeOffset at, DeclarationChannel channel = DeclarationChannel.App) =>
        Base(new IncomeDeclaration
        {
            RecordId = $"ID-{at:yyyyMMddHH}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            MonthlyIncome = monthlyIncome, Channel = channel, DeclaredAt = at,
        });

    public static ConsentRecord Consent(ConsentPurpose purpose, ConsentAction action, DateTimeOffset at) =>
        Base(new ConsentRecord
        {
            RecordId = $"CON-{purpose}-{at:yyyyMMddHH}", CustomerKey = Customer, EvidenceHash = string.Empty, Person = Facts.Person,
            Purpose = purpose, Source = ConsentSource.ProvidentFund, Action = action, EvidenceId = "esign-1", At = at,
        });

    public static CustomerProfile Fold(IEnumerable<FeedRecord> records, DateTimeOffset? at = null) =>
        records.Aggregate(CustomerProfile.Empty(Customer), (p, r) => ProfileFolder.Fold(p, r, at ?? Now, Settings).Profile);

    public static TagSet TagsAt(CustomerProfile profile, DateTimeOffset asOf) => TagEngine.Compute(profile, Settings, asOf);

    /// <summary>Evidence = a hash of the record's content (as ingress hashes the source payload).</summary>
    private static T Base<T>(T record)
        where T : FeedRecord
    {
        var json = System.Text.Json.JsonSerializer.Serialize<FeedRecord>(record);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        return record with { EvidenceHash = hash };
    }
}

internal static class RuleCatalogLoaderDefaults
{
    public static readonly TagSettings Tags = RuleCatalogLoader.LoadDefault().Tags;
}
