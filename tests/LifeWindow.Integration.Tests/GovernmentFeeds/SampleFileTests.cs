using LifeWindow.Integration.Feeds.Consent;
using LifeWindow.Integration.Feeds.PropertyRegistry;

namespace LifeWindow.Integration.Tests.GovernmentFeeds;

/// <summary>The sample payloads under samples/ say what they claim: valid ones parse, invalid ones fail at the fields their description names.</summary>
public class SampleFileTests
{
    private static readonly IFeedParser[] Parsers = [new PropertyRegistryParser(), new TaxInvoiceParser(), new TaxDeclarationParser(), new ConsentParser()];

    [Theory]
    [InlineData("property-registry/event.json")]
    [InlineData("property-registry/event-invalid.json", "data.areaSqm", "data.cityTier", "data.owners[0].idNumber", "data.price", "data.registeredAt")]
    [InlineData("tax/invoice.json")]
    [InlineData("tax/invoice-red-letter.json")]
    [InlineData("tax/invoice-invalid.json", "data.invoiceNumber", "data.originalInvoiceNumber", "data.sellerUscc", "data.tax")]
    [InlineData("tax/invoices-batch.json", "data[2].invoiceNumber")]
    [InlineData("tax/declaration.json")]
    [InlineData("tax/declaration-invalid.json", "data.declaredRevenue", "data.period", "data.uscc")]
    [InlineData("consent/record.json")]
    [InlineData("consent/record-invalid.json", "data.at", "data.idNumber", "data.partner", "data.source")]
    public void Sample_Parses_WithExactlyTheDocumentedErrors(string file, params string[] expectedPaths)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", file)));
        var type = document.RootElement.GetProperty("type").GetString();
        var parser = Assert.Single(Parsers, p => p.EventType == type);
        Assert.Equal(file.Split('/')[0], parser.Feed);

        var data = document.RootElement.GetProperty("data");
        var records = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().Select((r, i) => (r, $"data[{i}]")).ToList() : [(data, "data")];
        var errors = new ValidationErrors();
        foreach (var (record, path) in records)
        {
            parser.Parse(record, path, new FeedParseContext(TestData.Today, FeedGen.Tokenizer, "evidence-hash"), errors);
        }

        Assert.Equal(expectedPaths, errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
