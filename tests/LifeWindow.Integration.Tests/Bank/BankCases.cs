namespace LifeWindow.Integration.Tests.Bank;

/// <summary>What a field is, so that the corruption generator knows how to break it.</summary>
internal enum FieldKind
{
    SchemaVersion,
    Text,
    IdNumber,
    Phone,
    Money,
    PositiveMoney,
    Rate,
    Integer,
    Enum,
    Date,
    Instant,
    Uscc,
    Code,
    Snippet,

    /// <summary>The suitability grade C1..C5.</summary>
    Grade,

    /// <summary>An expiry date: may lie ahead, from the date of assessedAt to 5 years after it.</summary>
    Expiry,
}

internal sealed record FieldSpec(string Name, FieldKind Kind, bool Required = true, string[]? Names = null, int Min = 0, int Max = 0);

/// <summary>A generated valid record: what the bank sends, the canonical record we expect, and the raw identifiers that must not survive.</summary>
internal sealed record ValidRecord(JsonObject Json, FeedRecord Expected, string RawId, string? RawPhone)
{
    public override string ToString() => Json.ToJsonString();
}

/// <summary>One event type of the bank feed: its parser, its fields and a generator of valid records.</summary>
internal sealed record BankCase(string Name, IFeedParser Parser, IReadOnlyList<FieldSpec> Fields, Gen<ValidRecord> Valid);

/// <summary>Generators for the bank feed's records, all relative to <see cref="TestData.Today"/>.</summary>
internal static class BankCases
{
    public const string EvidenceHash = "evidence-hash";

    public static readonly DateOnly Today = TestData.Today;

    public static readonly CustomerKeyTokenizer Tokenizer = TestData.Tokenizer();

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Regions = ["310104", "310115", "110105", "440305", "320102", "510107", "650102"];
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public sealed record Person(string RawId, string CustomerKey, PersonFacts Facts);

    /// <summary>A resident ID with a valid check character (sometimes a lower-case 'x'), and what it tokenizes to.</summary>
    public static readonly Gen<Person> People = Gen.Select(Gen.OneOf(Regions), Gen.Int[0, 365 * 66], Gen.Int[0, 999], Gen.Bool, (region, day, sequence, lowerX) =>
    {
        var first17 = region + new DateOnly(1940, 1, 1).AddDays(day).ToString("yyyyMMdd", Invariant) + sequence.ToString("D3", Invariant);
        var check = ResidentIdNumber.CheckCharacter(first17);
        var raw = first17 + (check == 'X' && lowerX ? 'x' : check);
        Assert.True(ResidentIdNumber.TryParse(raw, Today, out var id, out var error), error);
        return new Person(raw, Tokenizer.CustomerKey(id!), Tokenizer.PersonFacts(id!, Today));
    });

    public static readonly Gen<string> RecordIds = Gen.Long[1, 999_999_999_999].Select(n => "BK-" + n.ToString(Invariant));

    public static readonly Gen<decimal> Money = Gen.OneOf(Gen.Long[0, 100_00], Gen.Long[0, 99_999_999_999_99]).Select(fen => fen / 100m);

    public static readonly Gen<decimal> PositiveMoney = Gen.OneOf(Gen.Long[1, 100_00], Gen.Long[1, 99_999_999_999_99]).Select(fen => fen / 100m);

    public static readonly Gen<DateOnly> PastDates = Gen.Int[0, Today.DayNumber - BankDates.Earliest.DayNumber].Select(d => BankDates.Earliest.AddDays(d));

    /// <summary>An instant in the past as the bank writes it (+08:00 or Z, sometimes with milliseconds) and its UTC value.</summary>
    public static readonly Gen<(string Text, DateTimeOffset Utc)> PastInstants = Gen.Select(PastDates, Gen.Int[0, 86_399], Gen.Int[-1, 999], Gen.Bool, (date, second, millis, zulu) =>
    {
        var local = new DateTimeOffset(date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(second))), TimeSpan.FromHours(8)).AddMilliseconds(Math.Max(0, millis));
        var fraction = millis >= 0 ? ".fff" : string.Empty;
        var text = zulu
            ? local.UtcDateTime.ToString($"yyyy-MM-dd'T'HH:mm:ss{fraction}'Z'", Invariant)
            : local.ToString($"yyyy-MM-dd'T'HH:mm:ss{fraction}zzz", Invariant);
        return (text, local.ToUniversalTime());
    });

    /// <summary>A USCC with a valid check character, sometimes sent in lower case, and its normal form.</summary>
    public static readonly Gen<(string Text, string Normal)> Usccs = Gen.Select(Gen.String[Gen.Char[UsccAlphabet], 17, 17], Gen.Bool, (first17, lower) =>
    {
        var normal = first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
        return (lower ? normal.ToLowerInvariant() : normal, normal);
    });

    /// <summary>A mainland mobile number in one of the ways people write it, its 11 digits and its mask.</summary>
    public static readonly Gen<(string Text, string Digits, string Masked)> Phones = Gen.Select(Gen.OneOf("13", "15", "17", "18", "19"), Gen.Int[0, 999_999_999], Gen.Int[0, 3], (prefix, rest, style) =>
    {
        var digits = prefix + rest.ToString("D9", Invariant);
        var text = style switch
        {
            0 => digits,
            1 => "+86" + digits,
            2 => $"{digits[..3]} {digits[3..7]} {digits[7..]}",
            _ => $"{digits[..3]}-{digits[3..7]}-{digits[7..]}",
        };
        return (text, digits, $"{digits[..3]}****{digits[7..]}");
    });

    /// <summary>Ordinary words: no digits, no X, nothing the redaction should touch.</summary>
    public static readonly Gen<string> Words = Gen.String[Gen.Char["您好我想咨询房贷月供压力大能不能延期还款提前理财产品利率客户经理谢谢再见abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ，。？！ "], 0, 300];

    private static FieldSpec[] Common(params FieldSpec[] own) =>
    [
        new("schemaVersion", FieldKind.SchemaVersion, Min: 1, Max: 1),
        new("recordId", FieldKind.Text),
        new("idNumber", FieldKind.IdNumber),
        .. own,
    ];

    private static JsonObject Json(Person person, string recordId, params (string Name, JsonNode? Value)[] fields)
    {
        var json = new JsonObject { ["schemaVersion"] = 1, ["recordId"] = recordId, ["idNumber"] = person.RawId };
        foreach (var (name, value) in fields)
        {
            json[name] = value;
        }

        return json;
    }

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum => Enum.GetNames<TEnum>();

    public static readonly BankCase MortgageAccount = new(
        "mortgage-account",
        new MortgageAccountParser(),
        Common(
            new("accountId", FieldKind.Text),
            new("phone", FieldKind.Phone, Required: false),
            new("propertyId", FieldKind.Text),
            new("principal", FieldKind.PositiveMoney),
            new("balance", FieldKind.Money),
            new("annualRate", FieldKind.Rate),
            new("termMonths", FieldKind.Integer, Min: 1, Max: 360),
            new("startDate", FieldKind.Date),
            new("status", FieldKind.Enum, Names: Names<MortgageStatus>())),
        Gen.Select(People, RecordIds, Gen.Int[0, 3], Phones, Gen.Long[1, 99_999_999_999_99], Gen.Int[0, 10_000], Gen.Int[0, 2000], Gen.Int[1, 360], PastDates, Gen.Enum<MortgageStatus>(), Gen.Long[1, 9_999_999_999], (person, recordId, phoneStyle, phone, principalFen, balanceShare, rateBp, term, start, status, account) =>
            {
                var principal = principalFen / 100m;
                var balance = status == MortgageStatus.PaidOff ? 0m : principalFen * balanceShare / 10_000 / 100m;
                var rate = rateBp / 10_000m;
                // phoneStyle 0: absent, 1: JSON null, otherwise given.
                var hasPhone = phoneStyle >= 2;
                var json = Json(person, recordId,
                    ("accountId", "MA" + account.ToString(Invariant)),
                    ("propertyId", $"PROP-{account % 100_000:D5}"),
                    ("principal", principal),
                    ("balance", balance),
                    ("annualRate", rate),
                    ("termMonths", term),
                    ("startDate", start.ToString("yyyy-MM-dd", Invariant)),
                    ("status", status.ToString()));
                if (phoneStyle >= 1)
                {
                    json["phone"] = hasPhone ? phone.Text : null;
                }

                return new ValidRecord(json, new MortgageAccount
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    AccountId = "MA" + account.ToString(Invariant),
                    PropertyId = $"PROP-{account % 100_000:D5}",
                    MaskedPhone = hasPhone ? phone.Masked : null,
                    Principal = principal,
                    Balance = balance,
                    AnnualRate = rate,
                    TermMonths = term,
                    StartDate = start,
                    Status = status,
                }, person.RawId, hasPhone ? phone.Digits : null);
            }));

    public static readonly BankCase MortgageRepayment = new(
        "mortgage-repayment",
        new MortgageRepaymentParser(),
        Common(
            new("accountId", FieldKind.Text),
            new("dueDate", FieldKind.Date),
            new("paidDate", FieldKind.Date, Required: false),
            new("amountDue", FieldKind.Money),
            new("amountPaid", FieldKind.Money),
            new("daysPastDue", FieldKind.Integer, Min: 0, Max: 3650)),
        Gen.Select(People, RecordIds, PastDates, Gen.Int[0, 3], Gen.Int[0, 10_000], Money, PositiveMoney, Gen.Int[0, 1000], Gen.Long[1, 9_999_999_999], (person, recordId, due, paymentKind, paidShare, amountDue, partial, dpdShare, account) =>
            {
                // paymentKind 0: unpaid; 1: paid in full; 2: paid in part; 3: paid more than due.
                var paid = paymentKind != 0;
                var earliest = due.AddMonths(-1) < BankDates.Earliest ? BankDates.Earliest : due.AddMonths(-1);
                var paidDate = paid ? earliest.AddDays((int)((long)(Today.DayNumber - earliest.DayNumber) * paidShare / 10_000)) : (DateOnly?)null;
                var amountPaid = paymentKind switch
                {
                    0 => 0m,
                    1 => amountDue == 0m ? partial : amountDue,
                    2 => amountDue > partial ? partial : Math.Max(0.01m, amountDue),
                    _ => amountDue + partial,
                };
                var settled = paid && amountPaid >= amountDue;
                var bound = Math.Min(3650, Math.Max(0, (settled ? paidDate!.Value : Today).DayNumber - due.DayNumber));
                var dpd = bound * dpdShare / 1000;
                var json = Json(person, recordId,
                    ("accountId", "MA" + account.ToString(Invariant)),
                    ("dueDate", due.ToString("yyyy-MM-dd", Invariant)),
                    ("amountDue", amountDue),
                    ("amountPaid", amountPaid),
                    ("daysPastDue", dpd));
                if (paidDate is { } on)
                {
                    json["paidDate"] = on.ToString("yyyy-MM-dd", Invariant);
                }

                return new ValidRecord(json, new MortgageRepayment
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    AccountId = "MA" + account.ToString(Invariant),
                    DueDate = due,
                    PaidDate = paidDate,
                    AmountDue = amountDue,
                    AmountPaid = amountPaid,
                    DaysPastDue = dpd,
                }, person.RawId, null);
            }));

    public static readonly BankCase DepositSnapshot = new(
        "deposit-snapshot",
        new DepositSnapshotParser(),
        Common(
            new("asOf", FieldKind.Date),
            new("demand", FieldKind.Money),
            new("term", FieldKind.Money),
            new("wealthProducts", FieldKind.Money),
            new("funds", FieldKind.Money),
            new("bonds", FieldKind.Money),
            new("insurance", FieldKind.Money)),
        Gen.Select(People, RecordIds, PastDates, Money, Money, Money, Money, Money, Money, (person, recordId, asOf, demand, term, wealth, funds, bonds, insurance) =>
            {
                var json = Json(person, recordId,
                    ("asOf", asOf.ToString("yyyy-MM-dd", Invariant)),
                    ("demand", demand),
                    ("term", term),
                    ("wealthProducts", wealth),
                    ("funds", funds),
                    ("bonds", bonds),
                    ("insurance", insurance));
                return new ValidRecord(json, new DepositSnapshot
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    AsOf = asOf,
                    Demand = demand,
                    Term = term,
                    WealthProducts = wealth,
                    Funds = funds,
                    Bonds = bonds,
                    Insurance = insurance,
                }, person.RawId, null);
            }));

    public static readonly BankCase PayrollCredit = new(
        "payroll-credit",
        new PayrollCreditParser(),
        Common(
            new("employerUscc", FieldKind.Uscc),
            new("creditedAt", FieldKind.Instant),
            new("amount", FieldKind.PositiveMoney)),
        Gen.Select(People, RecordIds, Usccs, PastInstants, PositiveMoney, (person, recordId, uscc, at, amount) =>
            {
                var json = Json(person, recordId, ("employerUscc", uscc.Text), ("creditedAt", at.Text), ("amount", amount));
                return new ValidRecord(json, new PayrollCredit
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    EmployerUscc = uscc.Normal,
                    CreditedAt = at.Utc,
                    Amount = amount,
                }, person.RawId, null);
            }));

    public static readonly BankCase PosSettlement = new(
        "pos-settlement",
        new PosSettlementParser(),
        Common(
            new("merchantUscc", FieldKind.Uscc),
            new("settledOn", FieldKind.Date),
            new("amount", FieldKind.Money),
            new("transactionCount", FieldKind.Integer, Min: 0, Max: 10_000_000)),
        Gen.Select(People, RecordIds, Usccs, PastDates, Money, Gen.Int[0, 5000], (person, recordId, uscc, settledOn, money, count) =>
            {
                var amount = count == 0 ? 0m : money;
                var json = Json(person, recordId,
                    ("merchantUscc", uscc.Text),
                    ("settledOn", settledOn.ToString("yyyy-MM-dd", Invariant)),
                    ("amount", amount),
                    ("transactionCount", count));
                return new ValidRecord(json, new PosSettlement
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    MerchantUscc = uscc.Normal,
                    SettledOn = settledOn,
                    Amount = amount,
                    TransactionCount = count,
                }, person.RawId, null);
            }));

    public static readonly BankCase LargeTransfer = new(
        "large-transfer",
        new LargeTransferParser(),
        Common(
            new("direction", FieldKind.Enum, Names: Names<FlowDirection>()),
            new("amount", FieldKind.PositiveMoney),
            new("counterpartyType", FieldKind.Enum, Names: Names<CounterpartyType>()),
            new("at", FieldKind.Instant)),
        Gen.Select(People, RecordIds, Gen.Enum<FlowDirection>(), PositiveMoney, Gen.Enum<CounterpartyType>(), PastInstants, (person, recordId, direction, amount, counterparty, at) =>
            {
                var json = Json(person, recordId,
                    ("direction", direction.ToString()),
                    ("amount", amount),
                    ("counterpartyType", counterparty.ToString()),
                    ("at", at.Text));
                return new ValidRecord(json, new LargeTransfer
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    Direction = direction,
                    Amount = amount,
                    CounterpartyType = counterparty,
                    At = at.Utc,
                }, person.RawId, null);
            }));

    public static readonly BankCase CustodyFlow = new(
        "custody-flow",
        new CustodyFlowParser(),
        Common(
            new("direction", FieldKind.Enum, Names: Names<FlowDirection>()),
            new("amount", FieldKind.PositiveMoney),
            new("brokerCode", FieldKind.Code, Max: 16),
            new("at", FieldKind.Instant)),
        Gen.Select(People, RecordIds, Gen.Enum<FlowDirection>(), PositiveMoney, Gen.String[Gen.Char["0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 2, 16], PastInstants, (person, recordId, direction, amount, broker, at) =>
            {
                var json = Json(person, recordId, ("direction", direction.ToString()), ("amount", amount), ("brokerCode", broker), ("at", at.Text));
                return new ValidRecord(json, new CustodyFlow
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    Direction = direction,
                    Amount = amount,
                    BrokerCode = broker,
                    At = at.Utc,
                }, person.RawId, null);
            }));

    public static readonly BankCase CallTranscript = new(
        "call-transcript",
        new CallTranscriptParser(),
        Common(
            new("at", FieldKind.Instant),
            new("channel", FieldKind.Enum, Names: Names<ContactChannel>()),
            new("snippet", FieldKind.Snippet)),
        Gen.Select(People, RecordIds, PastInstants, Gen.Enum<ContactChannel>(), Words, Words, Gen.Int[0, 2], Phones, (person, recordId, at, channel, before, after, says, phone) =>
            {
                // The customer reads out nothing, their ID number or their phone number in the middle of the snippet.
                var spoken = says switch { 0 => string.Empty, 1 => person.RawId, _ => phone.Text };
                var snippet = "客户" + before + spoken + after;
                var redacted = says switch
                {
                    0 => snippet,
                    1 => "客户" + before + new string('*', 18) + after,
                    _ => "客户" + before + MaskDigits(phone.Text) + after,
                };
                var json = Json(person, recordId, ("at", at.Text), ("channel", channel.ToString()), ("snippet", snippet));
                return new ValidRecord(json, new CallTranscript
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    At = at.Utc,
                    Channel = channel,
                    Snippet = NameRedactor.Redact(redacted), // random words may read as a name: the names are NameRedactorTests' to check
                }, person.RawId, says == 2 ? phone.Digits : null);
            }));

    public static readonly BankCase RiskAssessment = new(
        "risk-assessment",
        new RiskAssessmentParser(),
        Common(
            new("appetite", FieldKind.Grade),
            new("assessedAt", FieldKind.Instant),
            new("validUntil", FieldKind.Expiry)),
        Gen.Select(People, RecordIds, Gen.Enum<RiskAppetite>(), PastInstants, Gen.Int[0, 365 * 5], (person, recordId, appetite, at, validDays) =>
            {
                // From the day of the assessment (Asia/Shanghai) up to 5 years on; often already lapsed.
                var validUntil = BusinessClock.ToBusinessDate(at.Utc).AddDays(validDays);
                var json = Json(person, recordId,
                    ("appetite", "C" + ((int)appetite).ToString(Invariant)),
                    ("assessedAt", at.Text),
                    ("validUntil", validUntil.ToString("yyyy-MM-dd", Invariant)));
                return new ValidRecord(json, new RiskAssessment
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    Appetite = appetite,
                    AssessedAt = at.Utc,
                    ValidUntil = validUntil,
                }, person.RawId, null);
            }));

    public static readonly BankCase IncomeDeclaration = new(
        "income-declaration",
        new IncomeDeclarationParser(),
        Common(
            new("monthlyIncome", FieldKind.PositiveMoney),
            new("channel", FieldKind.Enum, Names: Names<DeclarationChannel>()),
            new("declaredAt", FieldKind.Instant)),
        Gen.Select(People, RecordIds, PositiveMoney, Gen.Enum<DeclarationChannel>(), PastInstants, (person, recordId, income, channel, at) =>
            {
                var json = Json(person, recordId, ("monthlyIncome", income), ("channel", channel.ToString()), ("declaredAt", at.Text));
                return new ValidRecord(json, new IncomeDeclaration
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    MonthlyIncome = income,
                    Channel = channel,
                    DeclaredAt = at.Utc,
                }, person.RawId, null);
            }));

    public static readonly BankCase LoanAccount = new(
        "loan-account",
        new LoanAccountParser(),
        Common(
            new("accountId", FieldKind.Text),
            new("kind", FieldKind.Enum, Names: Names<LoanKind>()),
            new("principal", FieldKind.PositiveMoney),
            new("balance", FieldKind.Money),
            new("monthlyPayment", FieldKind.Money),
            new("daysPastDue", FieldKind.Integer, Min: 0, Max: 3650),
            new("status", FieldKind.Enum, Names: Names<LoanStatus>()),
            new("asOf", FieldKind.Date)),
        Gen.Select(People, RecordIds, Gen.Enum<LoanKind>(), Gen.Long[1, 99_999_999_999_99], Gen.Int[0, 10_000], Money, Gen.Int[0, 3650], Gen.Enum<LoanStatus>(), PastDates, Gen.Long[1, 9_999_999_999], (person, recordId, kind, principalFen, balanceShare, payment, late, status, asOf, account) =>
            {
                var (balance, daysPastDue) = status == LoanStatus.Active ? (principalFen * balanceShare / 10_000 / 100m, late) : (0m, 0);
                var accountId = "CL" + account.ToString(Invariant);
                var json = Json(person, recordId,
                    ("accountId", accountId), ("kind", kind.ToString()), ("principal", principalFen / 100m), ("balance", balance),
                    ("monthlyPayment", payment), ("daysPastDue", daysPastDue), ("status", status.ToString()), ("asOf", asOf.ToString("yyyy-MM-dd", Invariant)));
                return new ValidRecord(json, new LoanAccount
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    AccountId = accountId,
                    Kind = kind,
                    Principal = principalFen / 100m,
                    Balance = balance,
                    MonthlyPayment = payment,
                    DaysPastDue = daysPastDue,
                    Status = status,
                    AsOf = asOf,
                }, person.RawId, null);
            }));

    public static readonly BankCase ListEntry = new(
        "list-entry",
        new ListEntryParser(),
        Common(
            new("list", FieldKind.Enum, Names: Names<CreditList>()),
            new("action", FieldKind.Enum, Names: Names<ListAction>()),
            new("reason", FieldKind.Text),
            new("source", FieldKind.Text),
            new("at", FieldKind.Instant)),
        Gen.Select(People, RecordIds, Gen.Enum<CreditList>(), Gen.Enum<ListAction>(), Gen.OneOf("失信被执行人", "申请资料伪造", "冒用他人身份", "cleared after review", "逾期已结清，解除"), Gen.OneOf("risk team", "court list", "PBOC credit reference", "anti-fraud"), PastInstants, (person, recordId, list, action, reason, source, at) =>
            {
                var json = Json(person, recordId, ("list", list.ToString()), ("action", action.ToString()), ("reason", reason), ("source", source), ("at", at.Text));
                return new ValidRecord(json, new ListEntry
                {
                    RecordId = recordId,
                    CustomerKey = person.CustomerKey,
                    Person = person.Facts,
                    EvidenceHash = EvidenceHash,
                    List = list,
                    Action = action,
                    Reason = NameRedactor.Redact(reason),
                    Source = source,
                    At = at.Utc,
                }, person.RawId, null);
            }));

    public static readonly IReadOnlyDictionary<string, BankCase> All = new[]
    {
        MortgageAccount, MortgageRepayment, DepositSnapshot, PayrollCredit, PosSettlement, LargeTransfer, CustodyFlow, CallTranscript, RiskAssessment, IncomeDeclaration, LoanAccount, ListEntry,
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => new(All.Keys);

    /// <summary>What the redaction should make of a phone number as written: digits (and the '+86' prefix's digits) become '*'.</summary>
    private static string MaskDigits(string text) => string.Concat(text.Select(c => char.IsAsciiDigit(c) ? '*' : c));
}

/// <summary>The parsers' date range, as the tests see it.</summary>
internal static class BankDates
{
    public static readonly DateOnly Earliest = new(1990, 1, 1);
}
