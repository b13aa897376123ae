using System.Net.Http.Headers;

namespace LifeWindow.Cli.Operators;

/// <summary>
/// `lifewindow erase &lt;customerKey&gt; --reason … --token …`: the right to delete, through the operator API of a running
/// host (POST /api/customers/{customerKey}/erasure), in the name of the operator the token belongs to.
/// </summary>
internal static class EraseCommand
{
    public const string TokenVariable = "LIFEWINDOW_OPERATOR_TOKEN";

    public static Command Create()
    {
        var customer = new Argument<string>("customerKey") { Description = "the customer's key (the token LifeWindow knows them by, e.g. from GET /api/customers/…/consents)" };
        var reason = new Option<string>("--reason") { Description = "why, e.g. the request's reference", Required = true };
        var token = new Option<string>("--token")
        {
            Description = $"your operator token (Operators:Tokens), sent as Authorization: Bearer; default ${TokenVariable}",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable) ?? string.Empty,
        };
        var api = new OperatorApi();
        var command = api.AddTo(new Command("erase", "Erase a customer everywhere LifeWindow keeps them (PIPL art. 47) and print the receipt.") { customer, reason, token });
        command.SetAction((result, _) => api.CallAsync(result, http => EraseAsync(http, result.GetValue(customer)!, result.GetValue(reason)!, result.GetValue(token), result.Writers().Output, result.Writers().Error)));
        return command;
    }

    private static async Task<int> EraseAsync(HttpClient http, string customerKey, string reason, string? token, TextWriter output, TextWriter error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/customers/{Uri.EscapeDataString(customerKey)}/erasure", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason }),
        };
        if (token is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            error.WriteLine($"{(int)response.StatusCode}: {body}");
            return 1;
        }

        using var receipt = JsonDocument.Parse(body);
        var root = receipt.RootElement;
        output.WriteLine($"erased: receipt {root.GetProperty("erasureId").GetString()}, key hash {root.GetProperty("keyHash").GetString()}");
        foreach (var store in root.GetProperty("erased").EnumerateObject())
        {
            output.WriteLine($"    {store.Value.GetInt32(),6}  {store.Name}");
        }

        foreach (var kept in root.GetProperty("retained").EnumerateArray())
        {
            output.WriteLine($"    kept   {kept.GetString()} (legal duty to keep)");
        }

        return 0;
    }
}
