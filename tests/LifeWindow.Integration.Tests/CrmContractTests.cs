using Json.Schema;
using LifeWindow.Integration.Crm;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// docs/crm-contract.md's promises, checked: what the client's formatter writes validates against
/// docs/schemas/*.schema.json (JSON Schema 2020-12), the schemas describe every field we send, and the
/// samples in samples/crm are valid events of their type.
/// </summary>
public sealed class CrmContractTests
{
    private static readonly Uri Source = new("urn:lifewindow");
    private static readonly Lazy<JsonSchema> CreatedSchema = new(() => Load("lead-created.schema.json"));
    private static readonly Lazy<JsonSchema> WithdrawnSchema = new(() => Load("lead-withdrawn.schema.json"));
    private static readonly EvaluationOptions Strict = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static TheoryData<string> RequiredLeadFields() => new(CreatedSchema.Value.GetRequired()!);

    private static JsonSchema Load(string name) => JsonSchema.FromFile(Path.Combine(AzuriteFixture.RepositoryRoot(), "docs", "schemas", name));

    /// <summary>The event as the CRM receives it: the client's structured-mode bytes, parsed.</summary>
    private static JsonObject Sent(CloudNative.CloudEvents.CloudEvent cloudEvent) =>
        JsonNode.Parse(CrmEvents.Encode(cloudEvent).Span)!.AsObject();

    private static void AssertValid(JsonSchema schema, JsonNode? data)
    {
        var result = schema.Evaluate(data, Strict);
        Assert.True(result.IsValid, string.Join("; ", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LeadCreated_RealLead_DataValidatesAgainstTheSchema(bool credit)
    {
        var sent = Sent(CrmEvents.LeadCreated(CrmClientTests.Lead("lead-w-3f9c2a7e", credit), Source));

        Assert.Equal(CrmEvents.LeadCreatedSchema, sent["dataschema"]!.GetValue<string>());
        Assert.Equal(CrmEvents.LeadCreatedSchema, CreatedSchema.Value.GetId()!.OriginalString);
        Assert.Equal(credit, sent["data"]!.AsObject().ContainsKey("credit"));
        AssertValid(CreatedSchema.Value, sent["data"]);
    }

    [Fact]
    public void LeadWithdrawn_DataValidatesAgainstTheSchema()
    {
        var sent = Sent(CrmEvents.LeadWithdrawn(CrmClientTests.Lead(), "风险信号", DateTimeOffset.UnixEpoch, Source));

        Assert.Equal(CrmEvents.LeadWithdrawnSchema, sent["dataschema"]!.GetValue<string>());
        Assert.Equal(CrmEvents.LeadWithdrawnSchema, WithdrawnSchema.Value.GetId()!.OriginalString);
        AssertValid(WithdrawnSchema.Value, sent["data"]);
    }

    /// <summary>Dropping any required field from a lead makes it invalid: the schema really requires what the CRM relies on.</summary>
    [Theory]
    [MemberData(nameof(RequiredLeadFields))]
    public void LeadCreated_RequiredFieldDropped_Invalid(string field)
    {
        var data = Sent(CrmEvents.LeadCreated(CrmClientTests.Lead(credit: true), Source))["data"]!.AsObject();
        Assert.True(data.Remove(field), $"the lead as sent has no '{field}'");

        Assert.False(CreatedSchema.Value.Evaluate(data, Strict).IsValid);
    }

    /// <summary>
    /// Every lead field the schema requires is written for every lead (a field dropped from <see cref="Lead"/>
    /// fails here), and every field we write is described (a field added to Lead without the contract fails here).
    /// </summary>
    [Fact]
    public void LeadCreated_SchemaAndLeadDescribeTheSameFields()
    {
        var data = Sent(CrmEvents.LeadCreated(CrmClientTests.Lead(credit: true), Source))["data"]!.AsObject();
        var described = CreatedSchema.Value.GetProperties()!.Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Empty(CreatedSchema.Value.GetRequired()!.Except(data.Select(p => p.Key)));
        Assert.Empty(data.Select(p => p.Key).Except(described));
        Assert.Equal(typeof(Lead).GetProperties().Length, described.Count);
        Assert.Empty(data["credit"]!.AsObject().Select(p => p.Key).Except(CreatedSchema.Value.GetDefs()!["credit"].GetProperties()!.Keys));
    }

    [Theory]
    [InlineData("lead-created.json", CrmEvents.LeadCreatedType, "lead-created.schema.json")]
    [InlineData("lead-withdrawn.json", CrmEvents.LeadWithdrawnType, "lead-withdrawn.schema.json")]
    public void Sample_IsAValidStructuredCloudEventOfItsType(string sample, string type, string schema)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "crm", sample));

        var cloudEvent = CrmEvents.Formatter.DecodeStructuredModeMessage(bytes, new System.Net.Mime.ContentType(CrmEvents.StructuredContentType), null);

        Assert.Equal(type, cloudEvent.Type);
        Assert.True(cloudEvent.IsValid);
        Assert.Equal(cloudEvent.Subject, ((JsonElement)cloudEvent.Data!).GetProperty("leadId").GetString());
        var json = JsonNode.Parse(bytes)!;
        var expectedSchema = schema == "lead-created.schema.json" ? CreatedSchema.Value : WithdrawnSchema.Value;
        Assert.Equal(expectedSchema.GetId()!.OriginalString, cloudEvent.DataSchema!.OriginalString);
        AssertValid(expectedSchema, json["data"]);
    }

    [Fact]
    public void LeadCreated_IdAndTimeAreTheLeads_SoARedeliveryIsTheSameEvent()
    {
        var lead = CrmClientTests.Lead();
        var first = Sent(CrmEvents.LeadCreated(lead, Source));
        var again = Sent(CrmEvents.LeadCreated(lead, Source));

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(lead.LeadId, first["id"]!.GetValue<string>());
    }
}
