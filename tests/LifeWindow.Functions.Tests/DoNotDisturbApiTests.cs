using LifeWindow.Integration.Contact;

namespace LifeWindow.Functions.Tests;

/// <summary>The do-not-disturb list's operator API: put, read, list and take off, in the name of the signed-in operator.</summary>
public sealed class DoNotDisturbApiTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task PutGetListDelete_AsTheSignedInOperator_KeepsTheEntryInTheStore()
    {
        const string Path = "/api/customers/k1-dnd-1/do-not-disturb";
        using var put = await host.SendAsOperatorAsync(HttpMethod.Put, Path, JsonContent.Create(new { reason = "客户致电要求不再营销" }), "ops-1");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var stored = await host.Get<IDoNotDisturbList>().GetAsync("k1-dnd-1", CancellationToken.None);
        Assert.Equal(("客户致电要求不再营销", "ops-1"), (stored?.Reason, stored?.AddedBy));
        var read = await host.Http.GetFromJsonAsync<JsonElement>(new Uri(Path, UriKind.Relative));
        Assert.Equal("ops-1", read.GetProperty("addedBy").GetString());
        var listed = await host.Http.GetFromJsonAsync<JsonElement[]>(new Uri("/api/do-not-disturb", UriKind.Relative));
        Assert.Contains(listed!, e => e.GetProperty("customerKey").GetString() == "k1-dnd-1");

        using var delete = await host.SendAsOperatorAsync(HttpMethod.Delete, Path, null, "ops-1");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(await host.Get<IDoNotDisturbList>().GetAsync("k1-dnd-1", CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(new Uri(Path, UriKind.Relative))).StatusCode);
        using var again = await host.SendAsOperatorAsync(HttpMethod.Delete, Path, null, "ops-1");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Put_NoOperatorSomeoneElsesNameOrNoReason_IsRefusedAndNothingIsStored()
    {
        const string Path = "/api/customers/k1-dnd-2/do-not-disturb";
        using var anonymous = await host.SendAsOperatorAsync(HttpMethod.Put, Path, JsonContent.Create(new { reason = "x" }), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var other = await host.SendAsOperatorAsync(HttpMethod.Put, Path, JsonContent.Create(new { addedBy = "ops-7", reason = "x" }), "ops-1");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body.addedBy", out _));

        using var empty = await host.SendAsOperatorAsync(HttpMethod.Put, Path, JsonContent.Create(new { }), "ops-1");
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body.reason", out _));

        using var badKey = await host.SendAsOperatorAsync(HttpMethod.Put, "/api/customers/bad%20key!/do-not-disturb", JsonContent.Create(new { reason = "x" }), "ops-1");
        Assert.True((await badKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("customerKey", out _));

        using var anonymousDelete = await host.SendAsOperatorAsync(HttpMethod.Delete, Path, null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDelete.StatusCode);
        Assert.Null(await host.Get<IDoNotDisturbList>().GetAsync("k1-dnd-2", CancellationToken.None));
    }
}
