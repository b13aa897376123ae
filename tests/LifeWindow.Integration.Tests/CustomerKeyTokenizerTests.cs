namespace LifeWindow.Integration.Tests;

public class CustomerKeyTokenizerTests
{
    private static ResidentIdNumber Id(string id)
    {
        Assert.True(ResidentIdNumber.TryParse(id, TestData.Today, out var parsed, out var error), error);
        return parsed!;
    }

    [Fact]
    public void CustomerKey_SameNumber_SameKeyPrefixedWithKeyId()
    {
        var tokenizer = TestData.Tokenizer();
        var key = tokenizer.CustomerKey(Id(TestData.IdNumber));
        Assert.Equal(key, TestData.Tokenizer().CustomerKey(Id(TestData.IdNumber.ToLowerInvariant())));
        Assert.Matches("^k1-[0-9a-f]{64}$", key);
        Assert.DoesNotContain(TestData.IdNumber, key, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerKey_OtherPepper_OtherKey() =>
        Assert.NotEqual(
            TestData.Tokenizer().CustomerKey(Id(TestData.IdNumber)),
            TestData.Tokenizer("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=").CustomerKey(Id(TestData.IdNumber)));

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    [InlineData("")]
    public void Constructor_WeakOrBadPepper_FailsAtStartUp(string pepper) =>
        Assert.Throws<OptionsValidationException>(() => TestData.Tokenizer(pepper));

    [Fact]
    public void PersonFacts_RegionOutsideTheBank_IsNewResident()
    {
        var tokenizer = TestData.Tokenizer();
        Assert.Equal(Residency.Local, tokenizer.PersonFacts(Id(TestData.IdNumber), TestData.Today).Residency);
        Assert.Equal(Residency.NewResident, tokenizer.PersonFacts(Id(TestData.WithCheck("42010219880512003")), TestData.Today).Residency);
    }

    [Fact]
    public void MatchTokens_OnePerMatchingPartner_AsThePartnerWouldComputeThem()
    {
        var key = Enumerable.Repeat((byte)5, 32).ToArray();
        var tokenizer = new LifeWindow.Integration.Tokenization.CustomerKeyTokenizer(Options.Create(new LifeWindow.Integration.Tokenization.IdentityOptions
        {
            Pepper = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            MatchingKeys = { ["meituan"] = Convert.ToBase64String(key) },
            RetiredPeppers = { ["k0"] = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" },
        }));

        var token = Assert.Single(tokenizer.MatchTokens(LifeWindow.Integration.Tokenization.MatchKind.Id, TestData.IdNumber, "k1-x"));
        Assert.Equal("meituan", token.Partner);
        Assert.Equal(LifeWindow.Integration.Tokenization.CustomerKeyTokenizer.MatchToken(key, LifeWindow.Integration.Tokenization.MatchKind.Id, TestData.IdNumber), token.Token);
        Assert.Matches("^[0-9a-f]{64}$", token.Token);
        Assert.NotEqual(token.Token, LifeWindow.Integration.Tokenization.CustomerKeyTokenizer.MatchToken(key, LifeWindow.Integration.Tokenization.MatchKind.Phone, TestData.IdNumber));

        var retired = Assert.Single(tokenizer.RetiredCustomerKeys(Id(TestData.IdNumber)));
        Assert.StartsWith("k0-", retired, StringComparison.Ordinal);
        Assert.Equal(TestData.Tokenizer("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=").CustomerKey(Id(TestData.IdNumber))[3..], retired[3..]);
    }

    /// <summary>The ingestor hashes a record's raw UTF-8 bytes; the hash is the one of its text (a record's evidence id must not change with how it is read), and is SHA-256 of those bytes (checked against the known digest of "abc").</summary>
    [Fact]
    public void EvidenceHash_OfTheBytes_IsTheHashOfTheText()
    {
        const string record = """{"recordId": "PF-1", "employer": {"name": "上海示例信息科技有限公司"}, "note": "\u4e2d"}""";
        Assert.Equal(
            LifeWindow.Integration.Tokenization.CustomerKeyTokenizer.EvidenceHash(record),
            LifeWindow.Integration.Tokenization.CustomerKeyTokenizer.EvidenceHash(System.Text.Encoding.UTF8.GetBytes(record)));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", LifeWindow.Integration.Tokenization.CustomerKeyTokenizer.EvidenceHash("abc"u8));
    }
}
