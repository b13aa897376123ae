using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace LifeWindow.LocalHost;

/// <summary>`lifewindow dead-letters list|resubmit`: a client of the operator API (/api/dead-letters) of a running host.</summary>
internal static class DeadLetterCommands
{
    public static async Task<int> RunAsync(string[] args, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        using var http = OperatorClient.Create(options);

        var positional = options.GetValueOrDefault(string.Empty, string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = positional.FirstOrDefault() ?? string.Empty;
        try
        {
            return verb switch
            {
                "list" => await ListAsync(http, options, output, error),
                "resubmit" when positional.Length > 1 => await ResubmitAsync(http, positional[1..], output),
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
        error.WriteLine("usage: dead-letters list [--feed <feed>] [--status Open|Resubmitted] | dead-letters resubmit <id> [<id> ...]  [--host <url>] [--key <key>]");
        return 2;
    }

    private static async Task<int> ListAsync(HttpClient http, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        var query = string.Join("&", new[] { "feed", "status" }.Where(options.ContainsKey).Select(k => $"{k}={Uri.EscapeDataString(options[k])}"));
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
