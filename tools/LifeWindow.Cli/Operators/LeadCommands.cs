namespace LifeWindow.Cli.Operators;

/// <summary>`lifewindow leads list|redeliver`: a client of the lead-outbox operator API (/api/leads) of a running host.</summary>
internal static class LeadCommands
{
    public static Command Create()
    {
        var status = new Option<string>("--status") { Description = "only deliveries in this state: Pending, Parked, Expired, Sent or Cancelled" };
        var listApi = new OperatorApi();
        var list = listApi.AddTo(new Command("list", "List the lead outbox's deliveries to the CRM and their state.") { status });
        list.SetAction((result, _) => listApi.CallAsync(result, http => ListAsync(http, result.GetValue(status), result.Writers().Output, result.Writers().Error)));

        var leadIds = new Argument<string[]>("lead id") { Arity = ArgumentArity.OneOrMore, Description = "the leads whose delivery is due again" };
        var kind = new Option<string>("--kind") { Description = "Created (the lead, default) or Withdrawn (its withdrawal)" };
        var redeliverApi = new OperatorApi();
        var redeliver = redeliverApi.AddTo(new Command("redeliver", "Make parked or pending deliveries due now (their leads must still be open).") { leadIds, kind });
        redeliver.SetAction((result, _) => redeliverApi.CallAsync(result, http => RedeliverAsync(http, result.GetValue(leadIds) ?? [], result.GetValue(kind), result.Writers().Output)));

        return new Command("leads", "The lead outbox of a running host (its operator API, /api/leads).") { list, redeliver };
    }

    private static async Task<int> ListAsync(HttpClient http, string? status, TextWriter output, TextWriter error)
    {
        var query = status is { Length: > 0 } ? "?status=" + Uri.EscapeDataString(status) : string.Empty;
        using var response = await http.GetAsync(new Uri("/api/leads" + query, UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }

        var entries = await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? [];
        foreach (var e in entries)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.GetProperty("leadId").GetString()}  {e.GetProperty("kind").GetString(),-9} {e.GetProperty("status").GetString(),-9} attempts {e.GetProperty("attempts").GetInt32(),3}  next {e.GetProperty("nextAttemptAt").GetDateTimeOffset():u}  expires {e.GetProperty("expiresAt").GetDateTimeOffset():u}"));
            if (e.TryGetProperty("lastError", out var last) && last.ValueKind == JsonValueKind.String)
            {
                output.WriteLine($"    {last.GetString()}");
            }
        }

        output.WriteLine($"{entries.Length} delivery(ies)");
        return 0;
    }

    private static async Task<int> RedeliverAsync(HttpClient http, string[] leadIds, string? kindName, TextWriter output)
    {
        var kind = kindName is { Length: > 0 } ? "?kind=" + Uri.EscapeDataString(kindName) : string.Empty;
        var failures = 0;
        foreach (var id in leadIds)
        {
            using var response = await http.PostAsync(new Uri($"/api/leads/{Uri.EscapeDataString(id)}/redeliver{kind}", UriKind.Relative), null);
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{id}: {(response.IsSuccessStatusCode ? "due for delivery now" : $"not scheduled ({(int)response.StatusCode})")} {body}");
            failures += response.IsSuccessStatusCode ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }
}
