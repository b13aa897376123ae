using System.CommandLine.Parsing;
using LifeWindow.Domain.Time;

namespace LifeWindow.Cli;

/// <summary>
/// Option kinds the commands share, parsed and checked by System.CommandLine before a command runs, with messages
/// that name the option and the value refused (exit code 2).
/// </summary>
internal static class CliOptions
{
    /// <summary>A whole number from 1 to <paramref name="max"/>; <paramref name="defaultValue"/> when the option is left out (help shows it).</summary>
    public static Option<int> PositiveNumber(string name, string description, int max = int.MaxValue, Func<int>? defaultValue = null) => new(name)
    {
        Description = description,
        DefaultValueFactory = defaultValue is null ? null : _ => defaultValue(),
        CustomParser = r => int.TryParse(r.Tokens.Single().Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= max
            ? n
            : LocalHostOptions.Refuse<int>(r, $"{name} must be a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}, not '{r.Tokens.Single().Value}'."),
    };

    /// <summary>A calendar day written yyyy-MM-dd.</summary>
    public static Option<DateOnly> Day(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM-dd",
        CustomParser = r => DateOnly.TryParseExact(r.Tokens.Single().Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : LocalHostOptions.Refuse<DateOnly>(r, $"{name} must be a date as yyyy-MM-dd, not '{r.Tokens.Single().Value}'."),
    };

    /// <summary>A month written yyyy-MM.</summary>
    public static Option<YearMonth?> Month(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM",
        CustomParser = r => YearMonth.TryParse(r.Tokens.Single().Value, out var month)
            ? month
            : LocalHostOptions.Refuse<YearMonth?>(r, $"{name} must be yyyy-MM, not '{r.Tokens.Single().Value}'."),
    };

    /// <summary>Makes <paramref name="option"/> required on <paramref name="command"/>, refusing its absence with <paramref name="message"/>.</summary>
    public static Command Require(this Command command, Option option, string message)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError(message);
            }
        });
        return command;
    }

    /// <summary>The writers System.CommandLine was invoked with (tests pass string writers).</summary>
    public static (TextWriter Output, TextWriter Error) Writers(this ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
    }
}
