namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Merges facts into a <see cref="ProfileView"/>. Every merge picks a winner by a total order or adds up
/// amounts, so the result does not depend on the order facts arrive in.
/// </summary>
public sealed class ProfileViewBuilder
{
    public const int EvidencePerEntry = 5;

    private readonly TagSettings settings;
    private readonly Dictionary<YearMonth, PfMonth> providentFund = [];
    private readonly Dictionary<string, MortgageState> mortgages = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, DateOnly Due), Instalment> instalments = [];
    private readonly Dictionary<string, PropertyState> properties = new(StringComparer.Ordinal);
    private readonly Dictionary<YearMonth, AumMonth> aum = [];
    private readonly Dictionary<YearMonth, MoneyMonth> payroll = [];
    private readonly Dictionary<YearMonth, RevenueMonth> revenue = [];
    private readonly Dictionary<string, TaxInvoice> invoices = new(StringComparer.Ordinal);
    private readonly Dictionary<(YearQuarter, string), DeclarationQuarter> declarations = [];
    private readonly Dictionary<string, TransferEntry> transfers = new(StringComparer.Ordinal);
    private readonly Dictionary<YearMonth, CustodyMonth> custody = [];
    private readonly Dictionary<(YearMonth, ConsumptionScene), SceneMonth> scenes = [];
    private readonly Dictionary<string, IntentEntry> intents = new(StringComparer.Ordinal);
    private readonly Dictionary<(ConsentPurpose, ConsentSource, string), ConsentState> consents = [];
    private PersonFacts? person;
    private Stamp? personStamp;
    private RiskState? risk;
    private DeclaredIncome? declaredIncome;
    private readonly Dictionary<string, LoanState> loans = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, DateOnly), LoanArrears> loanArrears = [];
    private readonly Dictionary<(string, YearMonth), LoanMonth> loanMonths = [];
    private readonly Dictionary<CreditList, ListingState> listings = [];

    public ProfileViewBuilder(TagSettings settings, ProfileView? start = null)
    {
        this.settings = settings;
        if (start is not null)
        {
            Load(start);
        }
    }

    public static ProfileView Build(TagSettings settings, ProfileView start, IEnumerable<Fact> facts)
    {
        var builder = new ProfileViewBuilder(settings, start);
        foreach (var fact in facts)
        {
            builder.Add(fact);
        }

        return builder.ToView();
    }

    public void Add(Fact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var record = fact.Record;
        if (record is not ConsumptionSceneRecord)
        {
            var stamp = new Stamp(fact.ValidFrom, fact.Id);
            if (personStamp is null || Later(stamp, personStamp))
            {
                person = record.Person;
                personStamp = stamp;
            }
        }

        switch (record)
        {
            case ProvidentFundContribution r:
                Keep(providentFund, r.Period, new PfMonth(r.Period, r.ContributionBase, r.Employer.Sector, r.Status, r.Employer.Uscc, r.Balance, r.ReportedAt, fact.Id),
                    (a, b) => Compare(a.ReportedAt, b.ReportedAt) is var c && c != 0 ? c : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case MortgageAccount r:
                Keep(mortgages, r.AccountId, new MortgageState(r.AccountId, r.PropertyId, r.Principal, r.Balance, r.AnnualRate, r.TermMonths, r.StartDate, r.Status, fact.Id),
                    (a, b) => Rank(a.Status) != Rank(b.Status) ? Rank(a.Status).CompareTo(Rank(b.Status))
                        : a.Balance != b.Balance ? b.Balance.CompareTo(a.Balance)
                        : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case MortgageRepayment r:
                Keep(instalments, (r.AccountId, r.DueDate), new Instalment(r.AccountId, r.DueDate, r.PaidDate, r.AmountDue, r.AmountPaid, r.DaysPastDue, fact.Id),
                    (a, b) => (a.PaidDate is not null) != (b.PaidDate is not null) ? (a.PaidDate is not null ? 1 : -1)
                        : a.DaysPastDue != b.DaysPastDue ? a.DaysPastDue.CompareTo(b.DaysPastDue)
                        : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case PropertyRegistryEvent r:
                AddProperty(r, new Stamp(fact.ValidFrom, fact.Id));
                break;
            case DepositSnapshot r:
                AddAum(r, fact.Id);
                break;
            case PayrollCredit r:
                AddMoney(payroll, YearMonth.From(fact.ValidFrom), r.Amount, fact.Id);
                break;
            case PosSettlement r:
                AddRevenue(YearMonth.From(r.SettledOn), r.Amount, r.TransactionCount, 0m, fact.Id);
                break;
            case TaxInvoice r:
                AddInvoice(r, fact);
                break;
            case TaxDeclaration r:
                Keep(declarations, (r.Period, r.Uscc), new DeclarationQuarter(r.Period, r.Uscc, r.DeclaredRevenue, r.TaxPaid, fact.Id),
                    (a, b) => a.DeclaredRevenue != b.DeclaredRevenue ? a.DeclaredRevenue.CompareTo(b.DeclaredRevenue) : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case LargeTransfer r:
                transfers[fact.Id] = new TransferEntry(fact.ValidFrom, r.Direction, r.Amount, r.CounterpartyType, fact.Id);
                break;
            case CustodyFlow r:
                AddCustody(YearMonth.From(fact.ValidFrom), r, fact.Id);
                break;
            case ConsumptionSceneRecord r:
                foreach (var activity in r.Scenes)
                {
                    AddScene(r.Period, activity, fact.Id);
                }

                break;
            case CallTranscript r:
                var heard = settings.ReadIntents(r.Snippet);
                if (heard.Count > 0)
                {
                    intents[fact.Id] = new IntentEntry(fact.ValidFrom, heard, fact.Id);
                }

                break;
            case ConsentRecord r:
                Keep(consents, (r.Purpose, r.Source, r.Partner ?? string.Empty), new ConsentState(r.Purpose, r.Source, r.Partner, r.Action, r.At, r.EvidenceId, fact.Id),
                    (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case RiskAssessment r:
                var candidate = new RiskState(r.Appetite, r.AssessedAt, r.ValidUntil, fact.Id);
                if (risk is null || (candidate.AssessedAt, candidate.Evidence).CompareTo((risk.AssessedAt, risk.Evidence)) > 0)
                {
                    risk = candidate;
                }

                break;
            case LoanAccount r:
                Keep(loans, r.AccountId, new LoanState(r.AccountId, r.Kind, r.Balance, r.MonthlyPayment, r.DaysPastDue, r.Status, r.AsOf, fact.Id) { Principal = r.Principal },
                    (a, b) => a.AsOf != b.AsOf ? a.AsOf.CompareTo(b.AsOf) : string.CompareOrdinal(a.Evidence, b.Evidence));
                Keep(loanMonths, (r.AccountId, YearMonth.From(r.AsOf)), new LoanMonth(r.AccountId, YearMonth.From(r.AsOf), r.AsOf, r.Balance, r.DaysPastDue, r.Status, fact.Id),
                    (a, b) => a.AsOf != b.AsOf ? a.AsOf.CompareTo(b.AsOf) : string.CompareOrdinal(a.Evidence, b.Evidence));
                if (r.DaysPastDue > 0)
                {
                    Keep(loanArrears, (r.AccountId, r.AsOf), new LoanArrears(r.AccountId, r.AsOf, r.DaysPastDue, fact.Id),
                        (a, b) => a.DaysPastDue != b.DaysPastDue ? a.DaysPastDue.CompareTo(b.DaysPastDue) : string.CompareOrdinal(a.Evidence, b.Evidence));
                }

                break;
            case ListEntry r:
                Keep(listings, r.List, new ListingState(r.List, r.Action, r.Reason, r.Source, r.At, fact.Id),
                    (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Evidence, b.Evidence));
                break;
            case IncomeDeclaration r:
                var declared = new DeclaredIncome(r.MonthlyIncome, r.Channel, r.DeclaredAt, fact.Id);
                if (declaredIncome is null || (declared.DeclaredAt, declared.Evidence).CompareTo((declaredIncome.DeclaredAt, declaredIncome.Evidence)) > 0)
                {
                    declaredIncome = declared;
                }

                break;
            default:
                throw new ArgumentException($"The profile does not know how to fold {record.GetType().Name}.", nameof(fact));
        }
    }

    public ProfileView ToView()
    {
        // Invoices are summed per month only here, so a void that arrives after its invoice cancels it.
        var months = new Dictionary<YearMonth, RevenueMonth>(revenue);
        foreach (var invoice in invoices.Values.Where(i => i.Kind != InvoiceKind.Void))
        {
            var month = YearMonth.From(BusinessClock.ToBusinessDate(invoice.IssuedAt));
            var amount = invoice.Kind == InvoiceKind.RedLetter ? -invoice.Amount : invoice.Amount;
            months[month] = months.TryGetValue(month, out var m)
                ? m with { Invoiced = m.Invoiced + amount, Evidence = Cap(m.Evidence.Append(invoice.EvidenceHash)) }
                : new RevenueMonth(month, 0m, 0, amount, [invoice.EvidenceHash]);
        }

        return new ProfileView
        {
            Person = person,
            PersonStamp = personStamp,
            ProvidentFund = [.. providentFund.Values.OrderBy(m => m.Period)],
            Mortgages = [.. mortgages.Values.OrderBy(m => m.AccountId, StringComparer.Ordinal)],
            Instalments = [.. instalments.Values.OrderBy(i => i.DueDate).ThenBy(i => i.AccountId, StringComparer.Ordinal)],
            Properties = [.. properties.Values.OrderBy(p => p.PropertyId, StringComparer.Ordinal)],
            Aum = [.. aum.Values.OrderBy(m => m.Month)],
            Payroll = [.. payroll.Values.OrderBy(m => m.Month)],
            Revenue = [.. months.Values.OrderBy(m => m.Month)],
            Declarations = [.. declarations.Values.OrderBy(d => d.Period).ThenBy(d => d.Uscc, StringComparer.Ordinal)],
            Transfers = [.. transfers.Values.OrderBy(t => t.On).ThenBy(t => t.Evidence, StringComparer.Ordinal)],
            Custody = [.. custody.Values.OrderBy(m => m.Month)],
            Scenes = [.. scenes.Values.OrderBy(s => s.Period).ThenBy(s => s.Scene)],
            Intents = [.. intents.Values.OrderBy(i => i.On).ThenBy(i => i.Evidence, StringComparer.Ordinal)],
            Consents = [.. consents.Values.OrderBy(c => c.Purpose).ThenBy(c => c.Source).ThenBy(c => c.Partner, StringComparer.Ordinal)],
            Risk = risk,
            DeclaredIncome = declaredIncome,
            Loans = [.. loans.Values.OrderBy(l => l.AccountId, StringComparer.Ordinal)],
            LoanArrears = [.. loanArrears.Values.OrderBy(a => a.AccountId, StringComparer.Ordinal).ThenBy(a => a.AsOf)],
            LoanMonths = [.. loanMonths.Values.OrderBy(m => m.AccountId, StringComparer.Ordinal).ThenBy(m => m.Month)],
            Listings = [.. listings.Values.OrderBy(l => l.List)],
        };
    }

    private void Load(ProfileView view)
    {
        person = view.Person;
        personStamp = view.PersonStamp;
        risk = view.Risk;
        declaredIncome = view.DeclaredIncome;
        foreach (var l in view.Loans) loans[l.AccountId] = l;
        foreach (var a in view.LoanArrears) loanArrears[(a.AccountId, a.AsOf)] = a;
        foreach (var m in view.LoanMonths) loanMonths[(m.AccountId, m.Month)] = m;
        foreach (var l in view.Listings) listings[l.List] = l;
        foreach (var m in view.ProvidentFund) providentFund[m.Period] = m;
        foreach (var m in view.Mortgages) mortgages[m.AccountId] = m;
        foreach (var i in view.Instalments) instalments[(i.AccountId, i.DueDate)] = i;
        foreach (var p in view.Properties) properties[p.PropertyId] = p;
        foreach (var m in view.Aum) aum[m.Month] = m;
        foreach (var m in view.Payroll) payroll[m.Month] = m;
        foreach (var m in view.Revenue) revenue[m.Month] = m;
        foreach (var d in view.Declarations) declarations[(d.Period, d.Uscc)] = d;
        foreach (var t in view.Transfers) transfers[t.Evidence] = t;
        foreach (var m in view.Custody) custody[m.Month] = m;
        foreach (var s in view.Scenes) scenes[(s.Period, s.Scene)] = s;
        foreach (var i in view.Intents) intents[i.Evidence] = i;
        foreach (var c in view.Consents) consents[(c.Purpose, c.Source, c.Partner ?? string.Empty)] = c;
    }

    private void AddProperty(PropertyRegistryEvent r, Stamp stamp)
    {
        var owners = r.Owners.Select(o => o.CustomerKey).ToList();
        var state = properties.TryGetValue(r.PropertyId, out var existing)
            ? existing
            : new PropertyState { PropertyId = r.PropertyId, City = r.City, CityTier = r.CityTier, Owners = owners, OwnersStamp = stamp };
        if (state.OwnersStamp is null || !Later(state.OwnersStamp, stamp))
        {
            state = state with { City = r.City, CityTier = r.CityTier, Owners = owners, OwnersStamp = stamp };
        }

        state = r.EventType switch
        {
            PropertyEventType.Transfer when state.Purchase is null || Later(stamp, state.Purchase) => state with { Purchase = stamp, PurchasePrice = r.Price },
            PropertyEventType.Appraisal when state.Appraisal is null || Later(stamp, state.Appraisal) => state with { Appraisal = stamp, AppraisedValue = r.AppraisedValue },
            PropertyEventType.MortgageRegistered when state.MortgageRegistered is null || Later(stamp, state.MortgageRegistered) => state with { MortgageRegistered = stamp, MortgageAmount = r.MortgageAmount },
            PropertyEventType.MortgageReleased when state.MortgageReleased is null || Later(stamp, state.MortgageReleased) => state with { MortgageReleased = stamp },
            _ => state,
        };
        properties[r.PropertyId] = state;
    }

    private void AddAum(DepositSnapshot r, string evidence)
    {
        var month = YearMonth.From(r.AsOf);
        var incoming = new AumMonth(month, r.AsOf, r.Demand, r.Term, r.WealthProducts, r.Funds, r.Bonds, r.Insurance, r.Aum, evidence);
        if (!aum.TryGetValue(month, out var current))
        {
            aum[month] = incoming;
            return;
        }

        var latest = (incoming.LastAsOf, incoming.Evidence).CompareTo((current.LastAsOf, current.Evidence)) > 0 ? incoming : current;
        aum[month] = latest with { Peak = Math.Max(current.Peak, incoming.Peak) };
    }

    private void AddInvoice(TaxInvoice r, Fact fact)
    {
        // A void replaces the invoice it voids (same number); otherwise each invoice number is kept once.
        if (!invoices.TryGetValue(r.InvoiceNumber, out var current)
            || (r.Kind == InvoiceKind.Void && current.Kind != InvoiceKind.Void)
            || (r.Kind == current.Kind && string.CompareOrdinal(fact.Id, current.EvidenceHash) > 0))
        {
            invoices[r.InvoiceNumber] = r;
        }
    }

    private static void AddMoney(Dictionary<YearMonth, MoneyMonth> months, YearMonth month, decimal amount, string evidence) =>
        months[month] = months.TryGetValue(month, out var m)
            ? m with { Amount = m.Amount + amount, Count = m.Count + 1, Evidence = Cap(m.Evidence.Append(evidence)) }
            : new MoneyMonth(month, amount, 1, [evidence]);

    private void AddRevenue(YearMonth month, decimal pos, int transactions, decimal invoiced, string evidence) =>
        revenue[month] = revenue.TryGetValue(month, out var m)
            ? m with { Pos = m.Pos + pos, PosTransactions = m.PosTransactions + transactions, Invoiced = m.Invoiced + invoiced, Evidence = Cap(m.Evidence.Append(evidence)) }
            : new RevenueMonth(month, pos, transactions, invoiced, [evidence]);

    private void AddCustody(YearMonth month, CustodyFlow r, string evidence)
    {
        var (outgoing, incoming) = r.Direction == FlowDirection.Out ? (r.Amount, 0m) : (0m, r.Amount);
        custody[month] = custody.TryGetValue(month, out var m)
            ? m with { Out = m.Out + outgoing, In = m.In + incoming, Evidence = Cap(m.Evidence.Append(evidence)) }
            : new CustodyMonth(month, outgoing, incoming, [evidence]);
    }

    private void AddScene(YearMonth period, SceneActivity activity, string evidence)
    {
        var key = (period, activity.Scene);
        scenes[key] = scenes.TryGetValue(key, out var s)
            ? s with
            {
                Orders = Math.Max(s.Orders, activity.OrderCount),
                SpendBand = (SpendBand)Math.Max((int)s.SpendBand, (int)activity.SpendBand),
                Evidence = Cap(s.Evidence.Append(evidence)),
            }
            : new SceneMonth(period, activity.Scene, activity.OrderCount, activity.SpendBand, [evidence]);
    }

    private static void Keep<TKey, T>(Dictionary<TKey, T> map, TKey key, T candidate, Func<T, T, int> compare)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var current) || compare(candidate, current) > 0)
        {
            map[key] = candidate;
        }
    }

    /// <summary>The evidence kept for an aggregate: the smallest ids, so any arrival order keeps the same ones.</summary>
    private static IReadOnlyList<string> Cap(IEnumerable<string> evidence) =>
        [.. evidence.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(EvidencePerEntry)];

    private static bool Later(Stamp a, Stamp b) => a.ValidFrom != b.ValidFrom ? a.ValidFrom > b.ValidFrom : string.CompareOrdinal(a.Evidence, b.Evidence) > 0;

    private static int Compare(DateTimeOffset? a, DateTimeOffset? b) => Nullable.Compare(a, b);

    private static int Rank(MortgageStatus status) => status == MortgageStatus.Active ? 0 : 1;
}
