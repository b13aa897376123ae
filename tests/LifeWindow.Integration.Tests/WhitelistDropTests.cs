namespace LifeWindow.Integration.Tests;

public class WhitelistDropTests
{
    [Fact]
    public void Parse_OwnShape_TakesPartnerAndFormatFromTheMessage() =>
        Assert.Equal(
            new WhitelistDrop("whitelists", "2026-10/export.txt", "meituan", WhitelistFormat.Ndjson),
            WhitelistDrop.Parse("""{"container":"whitelists","blobName":"2026-10/export.txt","partner":"meituan","format":"ndjson"}"""));

    [Fact]
    public void Parse_OwnShapeWithoutPartnerOrFormat_UsesTheFolderAndExtension() =>
        Assert.Equal(
            new WhitelistDrop("whitelists", "meituan/2026-10.csv", "meituan", WhitelistFormat.Csv),
            WhitelistDrop.Parse("""{"container":"whitelists","blobName":"meituan/2026-10.csv"}"""));

    [Fact]
    public void Parse_EventGridBlobCreated_ReadsTheSubject()
    {
        const string message = """
            {"topic":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lw",
             "subject":"/blobServices/default/containers/whitelists/blobs/jd_com/2026/10/whitelist.jsonl",
             "eventType":"Microsoft.Storage.BlobCreated","id":"1","dataVersion":"","metadataVersion":"1",
             "eventTime":"2026-11-05T02:00:00Z",
             "data":{"api":"PutBlob","contentLength":1024,"url":"https://lw.blob.core.windows.net/whitelists/jd_com/2026/10/whitelist.jsonl"}}
            """;

        Assert.Equal(new WhitelistDrop("whitelists", "jd_com/2026/10/whitelist.jsonl", "jd_com", WhitelistFormat.Ndjson), WhitelistDrop.Parse(message));
    }

    [Fact]
    public void Parse_CloudEventBlobCreatedInAnArray_ReadsTheSubject() =>
        Assert.Equal(
            new WhitelistDrop("drops", "meituan/a.csv", "meituan", WhitelistFormat.Csv),
            WhitelistDrop.Parse("""[{"specversion":"1.0","type":"Microsoft.Storage.BlobCreated","source":"x","id":"1","subject":"/blobServices/default/containers/drops/blobs/meituan/a.csv"}]"""));

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("42", "JSON object")]
    [InlineData("""{"eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/c1/blobs/m/a.csv"}""", "is not Microsoft.Storage.BlobCreated")]
    [InlineData("""{"eventType":"Microsoft.Storage.BlobCreated","subject":"/containers/c1/a.csv"}""", "subject is not")]
    [InlineData("""{"blobName":"m/a.csv"}""", "needs \"container\"")]
    [InlineData("""{"container":"Bad_Name","blobName":"m/a.csv"}""", "not a blob container name")]
    [InlineData("""{"container":"drops","blobName":"a.csv"}""", "names no partner")]
    [InlineData("""{"container":"drops","blobName":"m-t/a.csv"}""", "not a partner id")]
    [InlineData("""{"container":"drops","blobName":"m/a.xlsx"}""", "does not end in .csv")]
    [InlineData("""{"container":"drops","blobName":"m/a.csv","format":"xml"}""", "Format 'xml'")]
    public void Parse_BadMessage_SaysWhatIsWrong(string message, string problem)
    {
        var ex = Assert.Throws<InvalidWhitelistDropException>(() => WhitelistDrop.Parse(message));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
