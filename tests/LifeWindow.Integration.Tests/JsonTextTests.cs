namespace LifeWindow.Integration.Tests;

/// <summary>JSON that parses but that no record may hold: lone surrogates, bytes that are not UTF-8, names given twice.</summary>
public class JsonTextTests
{
    private static ValidationErrors Check(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        var sound = JsonText.Check(document.RootElement, "data", errors);
        Assert.Equal(sound, !errors.Any);
        return errors;
    }

    [Fact]
    public void Check_SoundRecord_HasNoErrors()
    {
        var errors = Check("""{"a": "x\u00e9\ud83d\ude00", "b": [1, {"c": "\n"}], "d": null}""");
        Assert.False(errors.Any, errors.ToString());
    }

    /// <summary>
    /// A string's escapes are judged from its raw bytes on the fast way: every arrangement of escapes here is judged as
    /// reading the string judges it (System.Text.Json throws on a lone surrogate), the oracle.
    /// </summary>
    [Fact]
    public void Check_EscapedStrings_AgreeWithReadingTheString()
    {
        string[] parts = ["\\ud800", "\\udc00", "\\ud83d", "\\ude00", "\\u4e2d", "\\u0041", "\\\\u", "\\\\", "\\n", "\\\"", "x", "中"];
        var random = new Random(20261207);
        for (var n = 0; n < 4_000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => parts[random.Next(parts.Length)]));
            var json = "{\"a\": \"" + text + "\"}";
            using var document = JsonDocument.Parse(json);
            var readable = JsonText.TryGetString(document.RootElement.GetProperty("a"), out _);
            Assert.True(readable == !Check(json).Any, json);
        }
    }

    [Theory]
    [InlineData("""{"name": "A\ud800B"}""", "data.name")]
    [InlineData("""{"name": "\udc00"}""", "data.name")]
    [InlineData("""{"employer": {"names": ["ok", "A\ud800"]}}""", "data.employer.names[1]")]
    [InlineData("""{"\ud800": 1}""", "data")]
    public void Check_LoneSurrogateEscape_NamesThePath(string json, string path)
    {
        var errors = Check(json).ToDictionary();
        Assert.Contains("lone UTF-16 surrogate", Assert.Single(errors[path]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"idNumber": "1", "amount": 2, "idNumber": "3"}""", "data.idNumber")]
    [InlineData("""{"employer": {"name": "a", "name": "b"}}""", "data.employer.name")]
    [InlineData("""{"items": [{"k": 1}, {"k": 1, "k": 2}]}""", "data.items[1].k")]
    [InlineData("""{"id": 1, "\u0069d": 2}""", "data.id")]
    public void Check_DuplicateProperty_NamesThePath(string json, string path)
    {
        var errors = Check(json).ToDictionary();
        Assert.Contains("more than once", Assert.Single(errors[path]), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WideObject_SoundWhenNamesDiffer_AndALateDuplicateIsFound()
    {
        var names = Enumerable.Range(0, 100).Select(i => $"\"f{i}\": {i}").ToList();
        Assert.False(Check("{" + string.Join(", ", names) + "}").Any);

        var errors = Check("{" + string.Join(", ", names) + ", \"f3\": 0}").ToDictionary();
        Assert.Contains("more than once", Assert.Single(errors["data.f3"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BytesNotUtf8InAString_IsAnErrorAndRawTextStillReads()
    {
        byte[] json = [.. "{\"name\": \"A"u8, 0xC3, 0x28, .. "\"}"u8];
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();

        Assert.False(JsonText.Check(document.RootElement, "records[0]", errors));
        Assert.Contains("UTF-8", Assert.Single(errors.ToDictionary()["records[0]"]), StringComparison.Ordinal);
        Assert.Contains("\uFFFD", JsonText.RawText(document.RootElement), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NameThatMayBeAnIdentifier_IsShownByPosition()
    {
        var errors = Check("""{"a": 1, "310104198805120035": {"x": "\ud800"}}""").ToDictionary();
        Assert.True(errors.ContainsKey("data.#2.x"), string.Join(", ", errors.Keys));
    }

    [Fact]
    public void ValidationErrors_ThousandsOfErrors_KeepsTheFirstAndCountsTheRest()
    {
        var errors = new ValidationErrors();
        for (var i = 0; i < 1000; i++)
        {
            errors.Add($"data.f{i}", "bad");
        }

        var listed = errors.ToDictionary();
        Assert.Equal(ValidationErrors.MaxPaths + 1, listed.Count);
        Assert.Contains("950 more", listed[ValidationErrors.MorePath][0], StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(errors.ToString()) < 4096);
    }
}
