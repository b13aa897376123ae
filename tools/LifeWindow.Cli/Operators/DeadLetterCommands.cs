namespace LifeWindow.Cli.Operators;

/// <summary>`lifewindow dead-letters list|resubmit`: a client of the operator API (/api/dead-letters) of a running host.</summary>
internal static class DeadLetterCommands
{
    public static Command Create()
    {
        var feed = new Option<string>("--feed") { Description = "only this feed's, e.g. provident-fund" };
        var status = new Option<string>("--status") { Description = "Open or Resubmitted" };
        var listApi = new OperatorApi();
        var list = listApi.AddTo(new Command("list", "List rejected records and why they were rejected.") { feed, status });
        list.SetAction((result, _) => listApi.CallAsync(result, http => ListAsync(http, result.GetValue(feed), result.GetValue(status), result.Writers().Output, result.Writers().Error)));

        var ids = new Argument<string[]>("id") { Arity = ArgumentArity.OneOrMore, Description = "the dead letters to resubmit" };
        var resubmitApi = new OperatorApi();
        var resubmit = resubmitApi.AddTo(new Command("resubmit", "Resubmit dead letters after a fix; each is accepted or rejected again with its new reasons.") { ids });
        resubmit.SetAction((result, _) => resubmitApi.CallAsync(result, http => ResubmitAsync(http, result.GetValue(ids) ?? [], result.Writers().Output)));

        return new Command("dead-letters", "Rejected records of a running host (its operator API, /api/dead-letters).") { list, resubmit };
    }

    private static async Task<int> ListAsync(HttpClient http, string? feed, string? status, TextWriter output, TextWriter error)
    {
        var query = string.Join("&", new[] { ("feed", feed), ("status", status) }.Where(p => p.Item2 is { Length: > 0 }).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        using var response = await http.GetAsync(new Uri("/api/dead-letters" + (query.Length > 0 ? "?" + query : string.Empty), UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }

        var letters = await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? [];
        foreach (var l in letters)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{l.GetProperty("id").GetString()}  {l.GetProperty("status").GetString(),-11} {l.GetProperty("feed").GetString(),-18} {l.GetProperty("partner").GetString(),-14} {l.GetProperty("mode").GetString(),-8} {l.GetProperty("deliveryId").GetString()} {l.GetProperty("path").GetString()}"));
            output.WriteLine($"    {l.GetProperty("reason").GetString()}");
        }

        output.WriteLine($"{letters.Length} dead letter(s)");
        return 0;
    }

    private static async Task<int> ResubmitAsync(HttpClient http, string[] ids, TextWriter output)
    {
        var failures = 0;
        foreach (var id in ids)
        {
            using var response = await http.PostAsync(new Uri($"/api/dead-letters/{Uri.EscapeDataString(id)}/resubmit", UriKind.Relative), null);
            var body = await response.Content.ReadAsStringAsync();
            var verdict = response.IsSuccessStatusCode ? "accepted" : $"not accepted ({(int)response.StatusCode})";
            output.WriteLine($"{id}: {verdict} {body}");
            failures += response.IsSuccessStatusCode ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }
}
