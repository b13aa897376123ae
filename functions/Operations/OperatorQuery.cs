namespace LifeWindow.Functions.Operations;

/// <summary>Reading the query strings of the operator listings: an enum filter (400 naming it when unknown) and "take".</summary>
internal static class OperatorQuery
{
    public const int MaxTake = 1000;

    /// <summary>The named enum filter: null when absent; false (with <paramref name="problem"/>) when it is not a member.</summary>
    public static bool TryEnum<TEnum>(HttpRequest request, string name, out TEnum? value, out IResult? problem)
        where TEnum : struct, Enum
    {
        (value, problem) = (null, null);
        if (request.Query[name].ToString() is not { Length: > 0 } text)
        {
            return true;
        }

        if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            value = parsed;
            return true;
        }

        problem = Results.ValidationProblem(new Dictionary<string, string[]> { [name] = [$"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}"] });
        return false;
    }

    /// <summary>
    /// A listing filtered by the enum query parameter <paramref name="filter"/>: 400 naming it when it is not a member,
    /// else the first "take" items as JSON.
    /// </summary>
    public static async Task<IResult> ListAsync<TStatus, TIn, TOut>(
        HttpRequest request, string filter, Func<TStatus?, IAsyncEnumerable<TIn>> list, Func<TIn, TOut> map, CancellationToken cancellationToken)
        where TStatus : struct, Enum
    {
        if (!TryEnum<TStatus>(request, filter, out var status, out var problem))
        {
            return problem!;
        }

        return Results.Json(await TakeAsync(request, list(status), map, cancellationToken).ConfigureAwait(false), LifeWindowJson.Options);
    }

    /// <summary>"take": 1 to <see cref="MaxTake"/>, 100 when absent or unreadable.</summary>
    public static int Take(HttpRequest request) =>
        int.TryParse(request.Query["take"], out var take) ? Math.Clamp(take, 1, MaxTake) : 100;

    /// <summary>The first "take" items of a listing (see <see cref="Take"/>).</summary>
    public static async Task<List<TOut>> TakeAsync<TIn, TOut>(HttpRequest request, IAsyncEnumerable<TIn> source, Func<TIn, TOut> map, CancellationToken cancellationToken)
    {
        var take = Take(request);
        var items = new List<TOut>();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            items.Add(map(item));
            if (items.Count == take)
            {
                break;
            }
        }

        return items;
    }
}
