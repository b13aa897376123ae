using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace LifeWindow.LocalHost;

/// <summary>`lifewindow leads list|redeliver`: a client of the lead-outbox operator API (/api/leads) of a running host.</summary>
internal static class LeadCommands
{
    public static async Task<int> RunAsync(Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        using var http = OperatorClient.Create(options);
        var positional = options.GetValueOrDefault(string.Empty, string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return positional.FirstOrDefault() switch
            {
                "list" => await ListAsync(http, options, output, error),
                "redeliver" when positional.Length > 1 => await RedeliverAsync(http, positional[1..], options, output),
                _ => Usage(error),
            };
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"Cannot reach {http.BaseAddress}: {ex.Message}");
            return 3;
        }
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("usage: leads list [--status Pending|Parked|Expired|Sent|Cancelled] | leads redeliver <lead id> [<lead id> ...] [--kind Created|Withdrawn]  [--host <url>] [--key <key>]");
        return 2;
    }

    private static async Task<int> ListAsync(HttpClient http, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        var query = options.TryGetValue("status", out var status) ? "?status=" + Uri.EscapeDataString(status) : string.Empty;
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

    private static async Task<int> RedeliverAsync(HttpClient http, string[] leadIds, Dictionary<string, string> options, TextWriter output)
    {
        var kind = options.TryGetValue("kind", out var k) ? "?kind=" + Uri.EscapeDataString(k) : string.Empty;
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

/// <summary>The HTTP client of the operator commands: --host (default the local host's port 7071) and --key (an Azure function key).</summary>
internal static class OperatorClient
{
    public static HttpClient Create(Dictionary<string, string> options)
    {
        var http = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("host") is { Length: > 0 } h ? h : "http://127.0.0.1:7071"), Timeout = TimeSpan.FromSeconds(60) };
        if (options.GetValueOrDefault("key") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return http;
    }
}
