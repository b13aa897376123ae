namespace LifeWindow.Integration.Tests;

/// <summary>Batch files through the streaming importer: counts, dead letters by line, unmatched rows, file-level refusals, bounded look-ahead.</summary>
public sealed class WhitelistImporterTests : IDisposable
{
    private static readonly string Header = string.Join(",", CsvWhitelistLayout.AllColumns);
    private readonly List<IngressHarness> harnesses = [];

    public void Dispose() => harnesses.ForEach(h => h.Dispose());

    private IngressHarness Harness(Dictionary<string, string?>? overrides = null, bool keepMessages = true)
    {
        var harness = IngressHarness.Create(overrides, keepMessages);
        harnesses.Add(harness);
        return harness;
    }

    private static Task<BatchImportReport> ImportAsync(IngressHarness harness, string content, WhitelistFormat format, string partner = IngressHarness.Meituan, IProgress<BatchImportProgress>? progress = null) =>
        harness.Get<WhitelistImporter>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), new BatchImportRequest(partner, "whitelist-202610." + format.ToString().ToLowerInvariant(), format), progress, CancellationToken.None);

    private static string Ndjson(JsonNode record) => record.ToJsonString();

    /// <summary>A CSV row for a record whose only scene is Travel.</summary>
    private static string CsvRow(string recordId, WhitelistMatchKind kind, string token, string orders = "3", string band = "5k-20k", string period = "2026-10")
    {
        var cells = CsvWhitelistLayout.AllColumns.Select(c => c switch
        {
            "recordId" => recordId,
            "period" => period,
            "matchKind" => kind.ToString(),
            "matchToken" => token,
            "Travel.orderCount" => orders,
            "Travel.spendBand" => band,
            _ => string.Empty,
        });
        return string.Join(",", cells);
    }

    private static async Task<List<DeadLetter>> DeadLettersAsync(IngressHarness harness) =>
        await harness.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync();

    [Fact]
    public async Task Ndjson_MalformedLinesMidFile_AreDeadLetteredByLineAndTheImportGoesOn()
    {
        var harness = Harness();
        var known = await harness.KnowCustomerAsync(TestData.IdNumber, "13900001111");
        var phoneToken = Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Phone, "13900001111");
        var invalid = Whitelist.ForId("MT-5", TestData.IdNumber);
        invalid["scenes"]!["Dining"]!["spendBand"] = "2k-3k";
        var file = string.Join("\n",
            Ndjson(Whitelist.ForId("MT-1", TestData.IdNumber)),              // 1 accepted
            "{\"recordId\": \"MT-2\", \"period\": ",                          // 2 malformed JSON
            "   ",                                                            // 3 blank
            Ndjson(Whitelist.ForId("MT-4", Whitelist.IdNumber(4))),           // 4 unmatched
            Ndjson(invalid),                                                  // 5 invalid field
            "[1, 2, 3]",                                                      // 6 not an object
            Ndjson(Whitelist.Record("MT-7", WhitelistMatchKind.Phone, phoneToken))) + "\r\n"; // 7 accepted, CRLF

        var report = await ImportAsync(harness, file, WhitelistFormat.Ndjson);

        Assert.Null(report.FileError);
        Assert.Equal((7L, 1L, 6L, 2L, 3L, 1L), (report.LinesRead, report.BlankLines, report.Records, report.Accepted, report.Rejected, report.Unmatched));
        Assert.All(harness.Stream.Messages, m => Assert.Equal(known, m.Record.CustomerKey));
        var letters = await DeadLettersAsync(harness);
        Assert.Equal(["line 2", "line 5", "line 6"], letters.Select(l => l.Path).Order(StringComparer.Ordinal));
        Assert.All(letters, l => Assert.Equal((IngressMode.Batch, "whitelist-202610.ndjson", "consumption.whitelist"), (l.Mode, l.DeliveryId, l.EventType)));
        Assert.Contains("line 5.scenes.Dining.spendBand", letters.Single(l => l.Path == "line 5").Errors.Keys);
        Assert.Contains("not valid JSON", letters.Single(l => l.Path == "line 2").Reason, StringComparison.Ordinal);
        Assert.Equal(3, report.SampleRejections.Count);
    }

    [Fact]
    public async Task Csv_MalformedRowsMidFile_AreDeadLetteredByLineAndTheImportGoesOn()
    {
        var harness = Harness();
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var token = Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Id, TestData.IdNumber);
        var file = string.Join("\r\n",
            Header,                                                                           // 1 header
            CsvRow("MT-1", WhitelistMatchKind.Id, token),                                     // 2 accepted
            CsvRow("MT-2", WhitelistMatchKind.Id, token) + ",extra",                          // 3 too many fields
            CsvRow("\"MT-3, quoted\"", WhitelistMatchKind.Id, token),                          // 4 accepted (quoted comma)
            CsvRow("MT-4", WhitelistMatchKind.Id, token, orders: "three"),                    // 5 invalid orderCount
            CsvRow("MT-5", WhitelistMatchKind.Id, "\"unterminated", band: "<1k"),              // 6 unterminated quote
            "",                                                                               // 7 blank
            CsvRow("MT-8", WhitelistMatchKind.Phone, Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Phone, "13500004444")), // 8 unmatched
            CsvRow("MT-9", WhitelistMatchKind.Id, token, orders: "0", band: ">20k"));         // 9 spend without orders

        var report = await ImportAsync(harness, file, WhitelistFormat.Csv);

        Assert.Null(report.FileError);
        Assert.Equal((9L, 1L, 7L, 2L, 4L, 1L), (report.LinesRead, report.BlankLines, report.Records, report.Accepted, report.Rejected, report.Unmatched));
        Assert.Equal(["MT-1", "MT-3, quoted"], harness.Stream.Messages.Select(m => m.Record.RecordId).Order(StringComparer.Ordinal));
        var letters = (await DeadLettersAsync(harness)).ToDictionary(l => l.Path);
        Assert.Equal(["line 3", "line 5", "line 6", "line 9"], letters.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("has 19 fields; the header has 18", letters["line 3"].Reason, StringComparison.Ordinal);
        Assert.Contains("line 5.scenes.Travel.orderCount", letters["line 5"].Errors.Keys);
        Assert.Contains("no closing quote", letters["line 6"].Reason, StringComparison.Ordinal);
        Assert.Contains("line 9.scenes.Travel.spendBand", letters["line 9"].Errors.Keys);
    }

    [Fact]
    public async Task Csv_RowThatParsesAsJson_CanBeResubmittedAfterAFix()
    {
        var harness = Harness(new() { ["BatchImport:UnmatchedRows"] = "DeadLetter" });
        var token = Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Id, TestData.IdNumber);

        // The customer is not known yet: with UnmatchedRows = DeadLetter the row is kept, then resubmitted once the customer is.
        var report = await ImportAsync(harness, Header + "\n" + CsvRow("MT-1", WhitelistMatchKind.Id, token), WhitelistFormat.Csv);
        var letter = Assert.Single(await DeadLettersAsync(harness));
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var resubmitted = await harness.Get<DeadLetterService>().ResubmitAsync(letter.Id, CancellationToken.None);

        Assert.Equal((1L, 0L, true), (report.Unmatched, report.Rejected, report.UnmatchedDeadLettered));
        Assert.Equal(ResubmitStatus.Accepted, resubmitted.Status);
        Assert.Equal("MT-1", Assert.Single(harness.Stream.Messages).Record.RecordId);
    }

    [Fact]
    public async Task Import_UnmatchedRowsByDefault_AreCountedAndNotKept()
    {
        var harness = Harness();
        var file = string.Join("\n", Enumerable.Range(0, 20).Select(i => Ndjson(Whitelist.ForId($"MT-{i}", Whitelist.IdNumber(i)))));

        var report = await ImportAsync(harness, file, WhitelistFormat.Ndjson);

        Assert.Equal((20L, 0L, 0L, false), (report.Unmatched, report.Accepted, report.Rejected, report.UnmatchedDeadLettered));
        Assert.Empty(await DeadLettersAsync(harness));
    }

    [Fact]
    public async Task Import_PartnerWithoutMatchingKey_RefusesTheFileWithoutReadingIt()
    {
        var harness = Harness();
        using var stream = new GeneratedStream([Encoding.UTF8.GetBytes(Header)], mayRead: _ => false);

        var report = await harness.Get<WhitelistImporter>().ImportAsync(stream, new BatchImportRequest("taobao", "f.csv", WhitelistFormat.Csv), null, CancellationToken.None);

        Assert.Contains("no matching key is agreed with partner 'taobao'", report.FileError, StringComparison.Ordinal);
        Assert.Equal(0, stream.Reads);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("recordId,period,matchKind,matchToken\n", "no scene columns")]
    [InlineData("recordId,period,matchKind,matchToken,Travel.orderCount\n", "scene Travel needs both")]
    [InlineData("recordId,period,matchKind,token,Travel.orderCount,Travel.spendBand\n", "unknown column 'token'; missing column 'matchToken'")]
    [InlineData("recordId,recordId,period,matchKind,matchToken,Travel.orderCount,Travel.spendBand\n", "column 'recordId' appears twice")]
    public async Task Csv_BadHeader_RefusesTheFileNamingTheProblem(string content, string problem)
    {
        var harness = Harness();

        var report = await ImportAsync(harness, content, WhitelistFormat.Csv);

        Assert.Contains(problem, report.FileError, StringComparison.Ordinal);
        Assert.Empty(await DeadLettersAsync(harness));
    }

    [Fact]
    public async Task Csv_HeaderWithFewerScenesInAnotherOrder_IsRead()
    {
        var harness = Harness();
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var token = Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Id, TestData.IdNumber);
        var file = $"\uFEFFDining.spendBand,matchToken,Dining.orderCount,period,recordId,matchKind\n<1k,{token},12,2026-10,MT-1,Id\n";

        var report = await ImportAsync(harness, file, WhitelistFormat.Csv);

        Assert.Equal(1, report.Accepted);
        var record = Assert.IsType<ConsumptionSceneRecord>(Assert.Single(harness.Stream.Messages).Record);
        Assert.Equal([new SceneActivity(ConsumptionScene.Dining, 12, SpendBand.Below1k)], record.Scenes);
    }

    [Fact]
    public async Task Import_OverlongLineMidFile_IsRejectedWithoutBeingHeldAndTheNextLineIsRead()
    {
        var harness = Harness(new() { ["BatchImport:MaxLineBytes"] = "4096" });
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var good = Encoding.UTF8.GetBytes(Ndjson(Whitelist.ForId("MT-1", TestData.IdNumber)) + "\n");
        var longLine = Enumerable.Range(0, 10_000).Select(_ => (ReadOnlyMemory<byte>)new byte[1024].AsMemory()).Prepend(Encoding.UTF8.GetBytes("{\"recordId\":\"")); // 10 MB without a line break
        using var stream = new GeneratedStream(longLine.Append(Encoding.UTF8.GetBytes("\n")).Append(good).Prepend(good), maxRead: 64 * 1024);

        var report = await harness.Get<WhitelistImporter>().ImportAsync(stream, new BatchImportRequest(IngressHarness.Meituan, "big.ndjson", WhitelistFormat.Ndjson), null, CancellationToken.None);

        Assert.Equal((3L, 2L, 1L), (report.LinesRead, report.Accepted, report.Rejected));
        var letter = Assert.Single(await DeadLettersAsync(harness));
        Assert.Equal("line 2", letter.Path);
        Assert.Contains("longer than 4096 bytes", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Progress_IsReportedWithTheFinalCounts()
    {
        var harness = Harness();
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var file = string.Join("\n", Enumerable.Range(0, 5).Select(i => Ndjson(Whitelist.ForId($"MT-{i}", TestData.IdNumber))));
        var reports = new List<BatchImportProgress>();

        await ImportAsync(harness, file, WhitelistFormat.Ndjson, progress: new SyncProgress(reports.Add));

        var last = reports[^1];
        Assert.Equal((5L, 5L, Encoding.UTF8.GetByteCount(file)), (last.LinesRead, last.Accepted, last.BytesRead));
        Assert.Equal(1d, last.Fraction);
    }

    /// <summary>
    /// Constant memory, checked structurally: a 40 MB file that exists only as it is read, through a
    /// stream that refuses to be read further ahead of the rows already on the stream than one line buffer
    /// plus the few rows the importer may hold in flight. Reading the whole file (or keeping a list of
    /// rows) would trip it at once.
    /// </summary>
    [Fact]
    public async Task Import_LargeGeneratedFile_NeverReadsFurtherAheadThanItsBoundedBuffers()
    {
        const int maxLineBytes = 4096;
        const int concurrency = 2;
        const int rows = 150_000;
        var harness = Harness(new() { ["BatchImport:MaxLineBytes"] = "4096", ["BatchImport:MaxConcurrency"] = "2" }, keepMessages: false);
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var template = Ndjson(Whitelist.ForId("MT-0000000000", TestData.IdNumber)) + "\n";
        var rowBytes = Encoding.UTF8.GetByteCount(template);

        IEnumerable<ReadOnlyMemory<byte>> Rows()
        {
            for (var i = 0; i < rows; i++)
            {
                yield return Encoding.UTF8.GetBytes(template.Replace("MT-0000000000", string.Create(CultureInfo.InvariantCulture, $"MT-{i:D10}"), StringComparison.Ordinal));
            }
        }

        // The line reader's buffer, the queue in front of the workers, the rows they hold, and one row being handed over.
        long allowance = maxLineBytes + 2 + (16 * 1024) + (((concurrency * 3) + 2) * (long)rowBytes);
        using var stream = new GeneratedStream(Rows(), maxRead: 8 * 1024, mayRead: upTo => upTo <= (harness.Stream.Count * rowBytes) + allowance);

        var report = await harness.Get<WhitelistImporter>().ImportAsync(stream, new BatchImportRequest(IngressHarness.Meituan, "large.ndjson", WhitelistFormat.Ndjson), null, CancellationToken.None);

        Assert.Equal((rows, rows, (long)rows * rowBytes), (report.Accepted, harness.Stream.Count, report.BytesRead));
    }

    [Fact]
    public async Task Import_StreamFailsMidFile_ThrowsSoTheCallerCanRetry()
    {
        var harness = Harness();
        await harness.KnowCustomerAsync(TestData.IdNumber);
        var good = Encoding.UTF8.GetBytes(Ndjson(Whitelist.ForId("MT-1", TestData.IdNumber)) + "\n");
        using var stream = new GeneratedStream(Enumerable.Repeat((ReadOnlyMemory<byte>)good, 100), mayRead: upTo => upTo < good.Length * 50 ? true : throw new IOException("connection reset"));

        await Assert.ThrowsAsync<IOException>(() => harness.Get<WhitelistImporter>().ImportAsync(stream, new BatchImportRequest(IngressHarness.Meituan, "f.ndjson", WhitelistFormat.Ndjson), null, CancellationToken.None));
    }

    private sealed class SyncProgress(Action<BatchImportProgress> report) : IProgress<BatchImportProgress>
    {
        public void Report(BatchImportProgress value) => report(value);
    }
}
