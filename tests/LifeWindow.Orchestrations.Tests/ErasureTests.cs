using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Audit;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Privacy;
using LifeWindow.Integration.Tokenization;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The right to delete on the embedded host and the real DTFx engine: a customer whose credit offer waits at the CRM
/// (offer, income verification and credit decision workflows; window, lead, outbox entry, contact ledger, profile, facts,
/// match-index entry, a dead letter) is erased through the operator API; nothing of theirs is left, another customer's
/// data is untouched, and the receipt names them only by a hash of their key.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private static readonly string IdNumber = "31011519850315004" + ResidentIdNumber.CheckCharacter("31011519850315004");
    private static readonly string OtherIdNumber = "31011519900101001" + ResidentIdNumber.CheckCharacter("31011519900101001");

    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: OfferOrchestratorTests.NoQuietHours);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Erase_CustomerWithACreditOfferWaitingAtTheCrm_LeavesNothingOfThemAndKeepsTheOthers()
    {
        var customer = KeyOf(IdNumber);
        var other = KeyOf(OtherIdNumber);
        var window = await OfferWaitingAtTheCrmAsync(customer);
        var otherWindow = await OfferWaitingAtTheCrmAsync(other);
        await SeedTheRestAsync(customer, IdNumber);
        await SeedTheRestAsync(other, OtherIdNumber);

        // Before: the customer's decisions, from their audit chain, sealed by an anchor.
        var before = await host.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{customer}/decisions", UriKind.Relative));
        var kinds = before.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("entry").GetProperty("kind").GetString()).ToList();
        Assert.Equal(["offer.planned", "income.reconciled", "credit.decided", "lead.sent"], kinds.Where(k => k != "consent.changed"));
        Assert.DoesNotContain(customer, before.GetProperty("decisions").GetRawText(), StringComparison.Ordinal);
        await host.Get<IAuditLog>().AnchorAsync(CancellationToken.None);

        using var response = await host.PostAsOperatorAsync($"/api/customers/{customer}/erasure", JsonContent.Create(new { reason = "客户申请删除个人信息 (PIPL art. 47)" }), "ops-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<ErasureReceipt>(LifeWindowJson.Options))!;
        Assert.Equal(ErasureReceipt.HashOf(customer), receipt.KeyHash);
        Assert.Equal("ops-1", receipt.RequestedBy);
        Assert.True(receipt.Erased["workflow histories"] >= 3, string.Join(", ", receipt.Erased)); // offer, income verification, credit decision
        Assert.Equal(1, receipt.Erased["windows"]);
        Assert.Equal(1, receipt.Erased["credit holds released"]); // the ended workflow's 10万 no longer blocks the customer's limit
        Assert.Equal(0m, (await host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None)).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(100_000m, (await host.Get<IExposureStore>().GetAsync(other, CancellationToken.None)).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(1, receipt.Erased["leads"]);
        Assert.Equal(1, receipt.Erased["outbox entries"]);
        Assert.Equal(1, receipt.Erased["match-index entries"]);
        Assert.Equal(1, receipt.Erased["dead letters"]);
        Assert.Equal(1, receipt.Erased["profiles"]);
        Assert.Equal(4, receipt.Erased["audit records"]);
        Assert.True(receipt.Erased["facts"] >= 1);
        Assert.True(receipt.Erased["contact-ledger entries"] >= 1);
        Assert.Equal(CustomerErasure.Retained, receipt.Retained);
        await AssertNothingLeftAsync(customer, window);
        await AssertAllThereAsync(other, otherWindow);

        var after = await host.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{customer}/decisions", UriKind.Relative));
        Assert.Empty(after.GetProperty("decisions").EnumerateArray());
        var erasures = await host.Get<IAuditLog>().ReadAsync(AuditChain.ErasuresPartition, CancellationToken.None).ToListAsync();
        Assert.Equal(receipt.KeyHash, Assert.Single(erasures).Entry.Subject);
        var verification = await host.Get<IAuditLog>().VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, string.Join("\n", verification.Problems));

        var receipts = await host.Http.GetStringAsync(new Uri("/api/erasures", UriKind.Relative));
        Assert.Contains(receipt.ErasureId, receipts, StringComparison.Ordinal);
        Assert.DoesNotContain(customer, receipts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_WithoutAnOperatorOrAReason_Is401Or400AndErasesNothing()
    {
        var customer = KeyOf(IdNumber);
        await host.GrantConsentsAsync(customer);

        using var anonymous = await host.PostAsOperatorAsync($"/api/customers/{customer}/erasure", JsonContent.Create(new { reason = "r" }), operatorId: null);
        using var noReason = await host.PostAsOperatorAsync($"/api/customers/{customer}/erasure", JsonContent.Create(new { }), "ops-1");
        using var badKey = await host.PostAsOperatorAsync("/api/customers/bad%20key!/erasure", JsonContent.Create(new { reason = "r" }), "ops-1");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.NotNull(await host.Get<IProfileStore>().GetAsync(customer, CancellationToken.None));
    }

    private string KeyOf(string idNumber)
    {
        Assert.True(ResidentIdNumber.TryParse(idNumber, BusinessClock.Today(TimeProvider.System), out var id, out var error), error);
        return host.Get<CustomerKeyTokenizer>().CustomerKey(id!);
    }

    private async Task<Window> OfferWaitingAtTheCrmAsync(string customer)
    {
        await CreditOffers.SeedIncomeAsync(host, customer);
        await host.GrantConsentsAsync(customer);
        var window = OfferOrchestratorTests.NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        await WorkflowWaits.StageAsync(host, window.WindowId, "AwaitingOutcome");
        return window;
    }

    /// <summary>What ingress would have left: a logged fact, a match-index entry, and a rejected record naming the person.</summary>
    private async Task SeedTheRestAsync(string customer, string idNumber)
    {
        var now = DateTimeOffset.UtcNow;
        await host.Get<IFactLog>().AppendAsync(
            new ConsentRecord { RecordId = "CS-" + idNumber, CustomerKey = customer, EvidenceHash = "ev-" + idNumber, Purpose = ConsentPurpose.Marketing, Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-1", At = now },
            now,
            CancellationToken.None);
        await host.Get<IMatchIndex>().AddAsync([new MatchToken("meituan", MatchKind.Phone, "tok-" + idNumber, customer)], CancellationToken.None);
        var payload = $$"""{"schemaVersion":1,"recordId":"GJJ-BAD","idNumber":"{{idNumber}}","contributionBase":-1}""";
        await host.Get<IDeadLetterStore>().AddAsync(
            new DeadLetter
            {
                Id = DeadLetterIds.New(now),
                Feed = "provident-fund",
                EventType = "provident-fund.contribution",
                Partner = "gjj_shanghai",
                Mode = IngressMode.Webhook,
                DeliveryId = "msg-" + idNumber,
                Path = "data",
                Reason = "data.contributionBase: must not be negative",
                EvidenceHash = "dl-" + idNumber,
                ReceivedAt = now,
                ProtectedPayload = host.Get<PayloadProtector>().Protect(payload),
            },
            CancellationToken.None);
    }

    private async Task AssertNothingLeftAsync(string customer, Window window)
    {
        var durable = host.Get<DurableTaskClient>();
        foreach (var instanceId in new[] { window.WindowId, "iv-" + window.WindowId, "cd-" + window.WindowId })
        {
            Assert.Null(await durable.GetInstanceAsync(instanceId));
        }

        Assert.Null(await host.Get<IWindowStore>().GetAsync(customer, window.WindowId, CancellationToken.None));
        Assert.Null(await host.Get<ILeadStore>().GetAsync(customer, Lead.IdFor(window.WindowId), CancellationToken.None));
        Assert.Null(await host.Get<ILeadOutbox>().GetAsync(customer, Lead.IdFor(window.WindowId), LeadEventKind.Created, CancellationToken.None));
        Assert.Empty(await host.Get<IContactLedger>().ReadAsync(customer, CancellationToken.None));
        Assert.Null(await host.Get<IProfileStore>().GetAsync(customer, CancellationToken.None));
        Assert.Empty(await host.Get<IFactLog>().ReadAsync(customer, CancellationToken.None).ToListAsync());
        Assert.Null(await host.Get<IMatchIndex>().FindAsync("meituan", MatchKind.Phone, "tok-" + IdNumber, CancellationToken.None));
        Assert.DoesNotContain(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync(), l => l.DeliveryId == "msg-" + IdNumber);
    }

    private async Task AssertAllThereAsync(string customer, Window window)
    {
        Assert.NotNull(await host.Get<DurableTaskClient>().GetInstanceAsync(window.WindowId));
        Assert.NotNull(await host.Get<IWindowStore>().GetAsync(customer, window.WindowId, CancellationToken.None));
        Assert.NotNull(await host.Get<ILeadStore>().GetAsync(customer, Lead.IdFor(window.WindowId), CancellationToken.None));
        Assert.NotEmpty(await host.Get<IContactLedger>().ReadAsync(customer, CancellationToken.None));
        Assert.NotNull(await host.Get<IProfileStore>().GetAsync(customer, CancellationToken.None));
        Assert.NotEmpty(await host.Get<IFactLog>().ReadAsync(customer, CancellationToken.None).ToListAsync());
        Assert.Equal(customer, await host.Get<IMatchIndex>().FindAsync("meituan", MatchKind.Phone, "tok-" + OtherIdNumber, CancellationToken.None));
        Assert.Contains(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync(), l => l.DeliveryId == "msg-" + OtherIdNumber);
    }
}
