using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Integration.Storage;
using LifeWindow.Sandbox.Facts;
using LifeWindow.Sandbox.Partners;
using static LifeWindow.Sandbox.Population.PopulationCalibration;

namespace LifeWindow.Sandbox.Population;

/// <summary>
/// Builds one customer's 36 months, feed by feed, from one seeded <see cref="Random"/>. Draw order is fixed, so the same
/// (seed, index) gives the same records. Life events are sprinkled so the v1 catalog's rules can fire: raises and suspensions
/// (IncomeUpgrade/IncomeRisk), purchases in the window (DecorationPreApproval), seasoned and nearly repaid mortgages,
/// appreciated homes (HomeEquity, RetirementWealth), large inflows (LumpSumInflow), cross-bank outflows and win-back drops
/// (AssetUplift/AssetWinBack), business owners' POS and invoices (MicroBusinessLoan), scenes, a repayment-stress call.
/// </summary>
internal sealed class CustomerBuilder(SyntheticPopulation population, int index, Random random)
{
    private static readonly string[] LocalDistricts = ["310104", "310110", "310115", "310112", "310101", "310113"];
    private static readonly string[] OtherRegions = ["320505", "330106", "340104", "420106", "510107", "410105", "370102"];
    private static readonly string[] Brokers = ["HTSC", "CITIC", "GTJA", "CMS"];
    private static readonly string[] RepaymentSnippets = ["最近月供压力大，想问问能不能延长还款期限", "这两个月收入少了，房贷快还不上了", "每个月还完房贷就没剩多少钱了，有点吃力"];
    private static readonly string[] RefinanceSnippets = ["我的房贷利率太高了，别家银行低不少，想问问能不能转过去", "听说可以转按揭，你们这边能给降点利率吗", "想了解一下提前还款换一家低息的贷款划不划算"];
    private static readonly string[] TravelSnippets = ["暑假准备带家里人出国玩一趟，想问下信用卡境外消费", "下个月打算去云南旅游，机票酒店都订好了", "计划年底全家出游，想看看有没有分期"];
    private static readonly string[] UniversitySnippets = ["孩子明年高考，想提前准备一下大学学费", "女儿九月上大学，想问问助学方面的产品", "儿子打算出国留学，想了解下资金怎么准备"];
    private static readonly string[] ComplaintSnippets = ["上次在网点排了两个小时，服务太差了，我要投诉", "你们的客服态度太差了，我要找你们领导", "乱扣我手续费，我很不满意，要投诉"];
    private static readonly string[] OtherSnippets = ["请问现在的房贷利率是多少", "我想改一下预留的手机号", "月供没什么压力，就是问问还款日能不能改", "网银登录不了，帮我看一下", "不打算转贷，只是问一下账单"];
    private const int Months = SyntheticPopulation.Months;

    private readonly List<LoggedFact> facts = new(256);
    private string key = string.Empty;
    private PersonFacts person = PersonFacts.Unknown;
    private string district = LocalDistricts[0];
    private int age;
    private bool invests;
    private int serial;
    private string certificate = string.Empty;

    private YearMonth First => population.FirstMonth;

    public SyntheticCustomer Build()
    {
        var idNumber = Identity();
        Consents();
        var working = age < 65;
        var businessOwner = working && age >= 25 && random.NextDouble() < BusinessOwnerShare / 0.93;
        var income = Provident(working && !businessOwner && random.NextDouble() < ProvidentShare / 0.93);
        if (businessOwner)
        {
            income = Business();
        }

        Deposits();
        var mortgage = Property();
        Loans(income);
        RevolvingLine(mortgage);
        Scenes();
        Risk();
        Calls(mortgage);

        return new SyntheticCustomer(index, idNumber, key, person, age, FactOrder.Ordered(facts));
    }

    private string Identity()
    {
        var (min, max) = Pick(AgeBands.Select(b => ((b.Min, b.Max), b.Weight)).ToList());
        age = random.Next(min, max + 1);
        var female = random.NextDouble() < FemaleShare;
        district = random.NextDouble() < 0.65 ? LocalDistricts[random.Next(LocalDistricts.Length)] : OtherRegions[random.Next(OtherRegions.Length)];
        var birth = population.AsOf.AddYears(-age).AddDays(-1 - random.Next(0, 364));
        var idNumber = SyntheticIdentities.ResidentId(random, district, birth, female);
        (key, person) = population.Identify(idNumber);
        return idNumber;
    }

    private void Consents()
    {
        var at = At(0, 10).AddDays(-random.Next(30, 400));
        foreach (var source in Enum.GetValues<ConsentSource>())
        {
            foreach (var purpose in (ConsentPurpose[])[ConsentPurpose.CreditAssessment, ConsentPurpose.Marketing])
            {
                Add(new ConsentRecord { RecordId = Id("CONSENT"), Purpose = purpose, Source = source, Action = ConsentAction.Granted, EvidenceId = Id("EV"), At = at }, at);
            }
        }

        if (random.NextDouble() < 0.02)
        {
            var withdrawn = At(random.Next(12, Months), 20);
            Add(new ConsentRecord { RecordId = Id("CONSENT"), Purpose = ConsentPurpose.Marketing, Source = ConsentSource.Consumption, Action = ConsentAction.Withdrawn, EvidenceId = Id("EV"), At = withdrawn }, withdrawn);
        }
    }

    /// <summary>Monthly provident-fund contributions (and payroll credits for some): July adjustments, a raise, a public-sector move, a suspension.</summary>
    private decimal Provident(bool member)
    {
        var employer = SyntheticFacts.NewEmployer(random, district, SyntheticFacts.Sector(random));
        var contributionBase = SyntheticFacts.RoundBase((decimal)(4000 + (random.NextDouble() * 3000 * Math.Min(age - 17, 20) / 5)));
        var payroll = age < 65 && random.NextDouble() < PayrollShare;
        int? raiseAt = random.NextDouble() < 0.25 ? random.Next(12, Months) : null;
        int? moveAt = random.NextDouble() < 0.04 ? random.Next(12, Months) : null;
        var suspendedFrom = random.NextDouble() < 0.03 ? random.Next(Months - 6, Months) : -1;
        var balance = Math.Round(contributionBase * random.Next(5, 80), 2);
        var payDay = 5 + random.Next(0, 11);
        for (var m = 0; m < Months; m++)
        {
            var period = First.AddMonths(m);
            contributionBase = period.Month == 7 ? SyntheticFacts.RoundBase(contributionBase * (1 + (random.Next(0, 7) / 100m))) : contributionBase;
            contributionBase = m == raiseAt ? SyntheticFacts.RoundBase(contributionBase * (1.20m + (random.Next(0, 16) / 100m))) : contributionBase;
            if (m == moveAt)
            {
                employer = SyntheticFacts.NewEmployer(random, district, EmployerSector.Government);
            }

            var suspended = suspendedFrom >= 0 && m >= suspendedFrom;
            if (member)
            {
                balance += suspended ? 0 : Math.Round(contributionBase * 0.14m, 2);
                var recordedAt = SyntheticFacts.Local(period.AddMonths(1).FirstDay.AddDays(random.Next(4, 19)), 10, random.Next(0, 60));
                Add(new ProvidentFundContribution { RecordId = Id("GJJ"), Period = period, Employer = employer, ContributionBase = contributionBase, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = suspended ? ContributionStatus.Suspended : ContributionStatus.Normal, Balance = balance, ReportedAt = recordedAt.AddHours(-2) }, recordedAt);
            }

            if (payroll && !suspended)
            {
                var credited = SyntheticFacts.Local(period.FirstDay.AddDays(payDay - 1), 9, 30);
                Add(new PayrollCredit { RecordId = Id("PR"), EmployerUscc = employer.Uscc, CreditedAt = credited, Amount = Math.Round(contributionBase * 0.82m, 2) }, credited.AddHours(1));
            }
        }

        return contributionBase;
    }

    /// <summary>A business owner: monthly POS settlement and invoices (now and then a red-letter reversal), quarterly tax declarations.</summary>
    private decimal Business()
    {
        var uscc = SyntheticIdentities.Uscc(random, "92", district);
        var monthly = (decimal)(30_000 + (random.NextDouble() * 170_000));
        for (var m = 0; m < Months; m++)
        {
            var period = First.AddMonths(m);
            var revenue = Math.Round(monthly * (0.8m + ((decimal)random.NextDouble() * 0.4m)), 2);
            var settled = period.AddMonths(1).FirstDay.AddDays(-1);
            Add(new PosSettlement { RecordId = Id("POS"), MerchantUscc = uscc, SettledOn = settled, Amount = revenue, TransactionCount = 200 + random.Next(0, 800) }, SyntheticFacts.Local(settled, 23, 0));
            var invoice = Invoice(uscc, period, Math.Round(revenue * 0.6m, 2), InvoiceKind.Normal, null);
            if (random.NextDouble() < 0.05)
            {
                Invoice(uscc, period, -invoice.Amount, InvoiceKind.RedLetter, invoice.InvoiceNumber);
            }

            if (period.Month % 3 == 0)
            {
                var declared = Math.Round(monthly * 3, 2);
                var filed = SyntheticFacts.Local(period.AddMonths(1).FirstDay.AddDays(14), 11, 0);
                Add(new TaxDeclaration { RecordId = Id("DECL"), Uscc = uscc, Period = YearQuarter.From(period.FirstDay), DeclaredRevenue = declared, TaxPaid = Math.Round(declared * 0.01m, 2) }, filed);
            }
        }

        return monthly / 3;
    }

    private TaxInvoice Invoice(string seller, YearMonth period, decimal amount, InvoiceKind kind, string? original)
    {
        var issued = SyntheticFacts.Local(period.FirstDay.AddDays(random.Next(0, 27)), 15, random.Next(0, 60));
        var number = string.Create(CultureInfo.InvariantCulture, $"{period.Year % 100:D2}31{random.NextInt64(0, 10_000_000_000_000_000):D16}");
        var buyer = SyntheticIdentities.Uscc(random, "91", district);
        var invoice = new TaxInvoice { RecordId = Id("INV"), InvoiceNumber = number, IssuedAt = issued, SellerUscc = seller, BuyerUscc = buyer, Amount = amount, Tax = Math.Round(amount * 0.03m, 2), Kind = kind, OriginalInvoiceNumber = original };
        Add(invoice, issued.AddHours(1));
        return invoice;
    }

    /// <summary>Month-end AUM snapshots in the age group's mix, a large inflow for some, a drop for others (win-back).</summary>
    private void Deposits()
    {
        var group = (int)GroupOf(age);
        var baseAum = Math.Min(MedianAum[group] * Math.Exp(1.1 * Normal()), 8_000_000);
        var savings = random.NextDouble() < SavingsShare;
        var parts = new double[6];
        for (var k = 0; k < parts.Length; k++)
        {
            var holds = k is (int)AssetKind.Term or (int)AssetKind.Demand ? savings && random.NextDouble() < Holding[group][k] : random.NextDouble() < Holding[group][k];
            var holdingShare = Holding[group][k] * (k is (int)AssetKind.Term or (int)AssetKind.Demand ? SavingsShare : 1);
            parts[k] = holds ? baseAum * GroupMix[group][k] / holdingShare * (0.5 + random.NextDouble()) : 0;
        }

        invests = parts[(int)AssetKind.WealthProducts] + parts[(int)AssetKind.Funds] + parts[(int)AssetKind.Bonds] > 0;

        // Inflows pass through (they are the LumpSumInflow trigger) and win-back customers were rich before and end at their
        // drawn AUM, so neither moves the final snapshot the calibration measures.
        int? inflowAt = random.NextDouble() < 0.04 ? random.Next(3, Months - 3) : null;
        var inflow = 200_000 + (random.NextDouble() * 600_000);
        var winBack = baseAum is > 5_000 and < 40_000 && random.NextDouble() < 0.06;
        var before = (120_000 + (random.NextDouble() * 200_000)) / baseAum;
        var growth = 0.85 + (random.NextDouble() * 0.1);
        for (var m = 0; m < Months; m++)
        {
            var scale = winBack && m < Months - 7 ? before : growth + ((1 - growth) * m / (Months - 1));
            if (m == inflowAt)
            {
                var arrived = At(m, 11).AddDays(random.Next(0, 20));
                Add(new LargeTransfer { RecordId = Id("LT"), Direction = FlowDirection.In, Amount = Money(inflow), CounterpartyType = CounterpartyType.CrossBank, At = arrived }, arrived);
            }

            if (winBack && m == Months - 7)
            {
                var left = At(m, 16).AddDays(random.Next(0, 20));
                Add(new LargeTransfer { RecordId = Id("LT"), Direction = FlowDirection.Out, Amount = Money(Math.Max((before - 1) * baseAum, 200_000)), CounterpartyType = CounterpartyType.CrossBank, At = left }, left);
            }

            Snapshot(m, parts, scale, inflowAt == m ? inflow : 0);
        }

        Custody(parts[(int)AssetKind.Funds] > 0 && age < 45 && random.NextDouble() < 0.15);
    }

    private void Snapshot(int m, double[] parts, double scale, double transient)
    {
        decimal Part(AssetKind kind) => Money((parts[(int)kind] * scale) + (kind == AssetKind.Demand ? transient : 0));
        var asOf = First.AddMonths(m + 1).FirstDay.AddDays(-1);
        Add(new DepositSnapshot { RecordId = Id("AUM"), AsOf = asOf, Demand = Part(AssetKind.Demand), Term = Part(AssetKind.Term), WealthProducts = Part(AssetKind.WealthProducts), Funds = Part(AssetKind.Funds), Bonds = Part(AssetKind.Bonds), Insurance = Part(AssetKind.Insurance) }, SyntheticFacts.Local(asOf, 23, 30));
    }

    private void Custody(bool active)
    {
        for (var m = 0; active && m < Months; m++)
        {
            var at = At(m, 10).AddDays(random.Next(0, 25));
            Add(new CustodyFlow { RecordId = Id("CUST"), Direction = FlowDirection.In, Amount = Money(50_000 + (random.NextDouble() * 50_000)), BrokerCode = Brokers[random.Next(Brokers.Length)], At = at }, at);
        }
    }

    /// <summary>Home ownership: a purchase before or inside the window, its mortgage account and monthly repayments, appraisals, a release.</summary>
    private bool Property()
    {
        var ownerShare = age switch { < 25 => 0.03, < 31 => 0.25, < 41 => 0.50, < 51 => 0.60, _ => 0.65 };
        if (random.NextDouble() >= ownerShare)
        {
            return false;
        }

        var inWindow = age is >= 25 and < 51 && random.NextDouble() < 0.10;
        var startMonth = inWindow ? random.Next(0, Months - 2) : -random.Next(6, Math.Max(7, Math.Min(age - 22, 22) * 12));
        var start = First.AddMonths(startMonth).FirstDay.AddDays(random.Next(0, 27));
        var price = Money((1_500_000 + (random.NextDouble() * 4_500_000)) * (inWindow ? 1 : 0.7));
        var propertyId = Id("PROP");
        // Homes are in the bank's city (Shanghai) or a prefecture-level neighbour (Suzhou), whatever the household registration.
        var tier = random.NextDouble() < 0.7 ? CityTier.ProvincialCapitalOrAbove : CityTier.Prefecture;
        var owners = (IReadOnlyList<PropertyOwner>)[new PropertyOwner(key, person, 100m)];
        var registered = SyntheticFacts.Local(start, 10, 0);
        certificate = string.Create(CultureInfo.InvariantCulture, $"{(tier == CityTier.ProvincialCapitalOrAbove ? "沪" : "苏")}({start.Year})不动产权第{index:D7}号");
        PropertyEvent(PropertyEventType.Transfer, propertyId, owners, tier, registered, price: price);
        var mortgaged = random.NextDouble() < 0.8;
        var term = random.NextDouble() < 0.5 ? 240 : 360;
        var principal = Money((double)price * 0.6);
        if (mortgaged)
        {
            PropertyEvent(PropertyEventType.MortgageRegistered, propertyId, owners, tier, registered.AddDays(7), mortgage: principal);
            Mortgage(propertyId, owners, tier, start, principal, term, startMonth);
        }

        var yearsHeld = (Months - startMonth) / 12.0;
        if (yearsHeld >= 3 && random.NextDouble() < 0.5)
        {
            var appreciation = 1 + (yearsHeld * (0.02 + (random.NextDouble() * 0.06)));
            PropertyEvent(PropertyEventType.Appraisal, propertyId, owners, tier, At(random.Next(Months / 2, Months), 10), appraised: Money((double)price * appreciation));
        }

        return mortgaged;
    }

    private void Mortgage(string propertyId, IReadOnlyList<PropertyOwner> owners, CityTier tier, DateOnly start, decimal principal, int term, int startMonth)
    {
        var account = Id("MTG");
        var rate = 0.031m + (random.Next(0, 15) / 1000m);
        var payment = Math.Round(principal * (rate / 12) / (1 - (decimal)Math.Pow(1 + ((double)rate / 12), -term)), 2);
        var stressed = random.NextDouble() < 0.03 ? random.Next(0, Months) : -1;
        var balance = principal;
        for (var m = Math.Max(0, startMonth); m < Months; m++)
        {
            var made = m - startMonth;
            balance = Balance(principal, rate, term, made);
            var due = First.AddMonths(m).FirstDay.AddDays(Math.Min(start.Day, 28) - 1);
            if (made >= term)
            {
                PropertyEvent(PropertyEventType.MortgageReleased, propertyId, owners, tier, SyntheticFacts.Local(due.AddDays(20), 10, 0));
                MortgageAccount(account, propertyId, principal, 0, rate, term, start, MortgageStatus.PaidOff, due);
                return;
            }

            var late = m == stressed ? random.Next(1, 20) : 0;
            var paid = due.AddDays(late);
            Add(new MortgageRepayment { RecordId = Id("REPAY"), AccountId = account, DueDate = due, PaidDate = paid, AmountDue = payment, AmountPaid = payment, DaysPastDue = late }, SyntheticFacts.Local(paid, 22, 0));
            if (m % 3 == 2 || m == Math.Max(0, startMonth))
            {
                MortgageAccount(account, propertyId, principal, balance, rate, term, start, MortgageStatus.Active, paid);
            }
        }
    }

    private void MortgageAccount(string account, string propertyId, decimal principal, decimal balance, decimal rate, int term, DateOnly start, MortgageStatus status, DateOnly on) =>
        Add(new MortgageAccount { RecordId = Id("MA"), AccountId = account, PropertyId = propertyId, Principal = principal, Balance = balance, AnnualRate = rate, TermMonths = term, StartDate = start, Status = status }, SyntheticFacts.Local(on, 23, 0));

    private static decimal Balance(decimal principal, decimal rate, int term, int made)
    {
        var r = (double)rate / 12;
        var left = (double)principal * (Math.Pow(1 + r, term) - Math.Pow(1 + r, made)) / (Math.Pow(1 + r, term) - 1);
        return Math.Round((decimal)Math.Max(left, 0), 2);
    }

    private void PropertyEvent(PropertyEventType type, string propertyId, IReadOnlyList<PropertyOwner> owners, CityTier tier, DateTimeOffset at, decimal? price = null, decimal? appraised = null, decimal? mortgage = null) =>
        Add(new PropertyRegistryEvent { RecordId = Id("REG"), EventType = type, CertificateNo = certificate, PropertyId = propertyId, Owners = owners, City = tier == CityTier.ProvincialCapitalOrAbove ? "上海" : "苏州", CityTier = tier, AreaSqm = 90m, Price = price, AppraisedValue = appraised, MortgageAmount = mortgage, RegisteredAt = at }, at.AddHours(2));

    /// <summary>Consumer loans for some (quarterly account snapshots, some paying off inside the window).</summary>
    private void Loans(decimal income)
    {
        if (random.NextDouble() >= 0.12)
        {
            return;
        }

        var account = Id("LOAN");
        var principal = Money(50_000 + (random.NextDouble() * 250_000));
        var months = 36;
        var start = random.Next(-30, Months - 6);
        var payment = Math.Round(principal / months * 1.08m, 2);
        for (var m = Math.Max(0, start); m < Months; m += 3)
        {
            var made = m - start;
            var status = made >= months ? LoanStatus.PaidOff : LoanStatus.Active;
            var balance = status == LoanStatus.PaidOff ? 0 : Math.Round(principal * (months - made) / months, 2);
            var asOf = First.AddMonths(m + 1).FirstDay.AddDays(-1);
            Add(new LoanAccount { RecordId = Id("LA"), AccountId = account, Kind = income > 20_000 && random.NextDouble() < 0.3 ? LoanKind.Business : LoanKind.Consumer, Principal = principal, Balance = balance, MonthlyPayment = payment, DaysPastDue = 0, Status = status, AsOf = asOf }, SyntheticFacts.Local(asOf, 23, 15));
            if (status == LoanStatus.PaidOff)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The 备用金 revolving line of seed 001 for a quarter of the mortgage holders: a month-end report of its limit and what
    /// is drawn (interest only), from the month it opened. For one line in twenty the last month's payment is 35 days late:
    /// the risk side's arrears signal, which freezes the line (docs/risk-side.md).
    /// </summary>
    private void RevolvingLine(bool mortgage)
    {
        if (!mortgage || random.NextDouble() >= 0.25)
        {
            return;
        }

        var account = Id("RL");
        var limit = Money(100_000 + (random.NextDouble() * 200_000));
        var drawn = random.NextDouble() * 0.4;
        var late = random.NextDouble() < 0.05;
        for (var m = random.Next(0, Months - 12); m < Months; m++)
        {
            var balance = Math.Round(limit * (decimal)drawn, 2);
            var asOf = First.AddMonths(m + 1).FirstDay.AddDays(-1);
            Add(new LoanAccount
            {
                RecordId = Id("RLR"), AccountId = account, Kind = LoanKind.Revolving, Principal = limit, Balance = balance,
                MonthlyPayment = Math.Round(balance * 0.045m / 12, 2), DaysPastDue = late && m == Months - 1 ? 35 : 0, Status = LoanStatus.Active, AsOf = asOf,
            }, SyntheticFacts.Local(asOf, 23, 30));
        }
    }

    /// <summary>Consumption scenes for the matched share: monthly records in months with activity, scenes by life stage.</summary>
    private void Scenes()
    {
        if (random.NextDouble() >= SceneShare)
        {
            return;
        }

        var baby = age is >= 25 and <= 40 && random.NextDouble() < 0.25;
        var traveller = random.NextDouble() < 0.3;
        for (var m = 0; m < Months; m++)
        {
            if (random.NextDouble() >= 0.6)
            {
                continue;
            }

            var scenes = new List<SceneActivity> { new(ConsumptionScene.Dining, 2 + random.Next(0, 20), SpendBand.Below1k) };
            AddScene(scenes, baby, ConsumptionScene.MaternalBaby, SpendBand.From1kTo5k);
            AddScene(scenes, traveller, ConsumptionScene.Travel, SpendBand.From5kTo20k);
            AddScene(scenes, age is >= 38 and <= 52, ConsumptionScene.Education, SpendBand.From1kTo5k);
            AddScene(scenes, age >= 55, ConsumptionScene.Medical, SpendBand.From1kTo5k);
            var period = First.AddMonths(m);
            Add(new ConsumptionSceneRecord { RecordId = Id("SCENE"), Period = period, Scenes = scenes }, SyntheticFacts.Local(period.AddMonths(1).FirstDay.AddDays(2), 3, 0));
        }
    }

    private void AddScene(List<SceneActivity> scenes, bool active, ConsumptionScene scene, SpendBand band)
    {
        if (active && random.NextDouble() < 0.7)
        {
            scenes.Add(new SceneActivity(scene, 1 + random.Next(0, 6), band));
        }
    }

    /// <summary>
    /// Suitability questionnaire (适当性评估) every year for those who hold wealth products, funds or bonds — buying them needs
    /// one — the young leaning aggressive; an income declaration for some.
    /// </summary>
    private void Risk()
    {
        var appetite = (RiskAppetite)Math.Clamp((age < 35 ? 4 : age <= 50 ? 3 : 2) + random.Next(-1, 2), 1, 5);
        for (var m = random.Next(0, 12); invests && m < Months; m += 12)
        {
            var at = At(m, 15);
            Add(new RiskAssessment { RecordId = Id("RISK"), Appetite = appetite, AssessedAt = at, ValidUntil = DateOnly.FromDateTime(at.AddYears(1).DateTime) }, at);
        }

        if (random.NextDouble() < 0.3)
        {
            var at = At(random.Next(0, Months), 11);
            Add(new IncomeDeclaration { RecordId = Id("DECL-INC"), MonthlyIncome = Money(6_000 + (random.NextDouble() * 30_000)), Channel = DeclarationChannel.App, DeclaredAt = at }, at);
        }
    }

    /// <summary>
    /// Calls to the contact centre in the last year, each heard by the intent classifier: repayment pressure and refinance
    /// questions from mortgage holders, travel plans, a child off to university, complaints, and calls about nothing the
    /// catalog reads (negations included, so the classifier has to tell them apart).
    /// </summary>
    private void Calls(bool mortgage)
    {
        foreach (var (share, snippets) in (ReadOnlySpan<(double, string[])>)[
            (mortgage ? 0.02 : 0, RepaymentSnippets), (mortgage ? 0.03 : 0, RefinanceSnippets), (0.015, TravelSnippets),
            (0.01, UniversitySnippets), (0.01, ComplaintSnippets), (0.05, OtherSnippets)])
        {
            if (random.NextDouble() < share)
            {
                var at = At(random.Next(Months - 12, Months), 14).AddDays(random.Next(0, 14));
                Add(new CallTranscript { RecordId = Id("CALL"), At = at, Channel = ContactChannel.Phone, Snippet = snippets[random.Next(snippets.Length)] }, at);
            }
        }
    }

    private void Add(FeedRecord record, DateTimeOffset? recordedAt)
    {
        var at = recordedAt ?? record switch
        {
            CallTranscript call => call.At,
            _ => throw new ArgumentException("A recorded time is needed.", nameof(recordedAt)),
        };
        facts.Add(new LoggedFact(record with { CustomerKey = key, Person = person, EvidenceHash = population.Evidence(index, record.RecordId) }, at));
    }

    private string Id(string kind) => string.Create(CultureInfo.InvariantCulture, $"POP-{kind}-{index:D7}-{serial++:D4}");

    private DateTimeOffset At(int month, int hour) => SyntheticFacts.Local(First.AddMonths(month).FirstDay.AddDays(random.Next(0, 27)), hour, random.Next(0, 60));

    private static decimal Money(double yuan) => Math.Round((decimal)yuan, 2);

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private T Pick<T>(IReadOnlyList<(T Value, double Weight)> choices)
    {
        var x = random.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            x -= weight;
            if (x < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }
}
