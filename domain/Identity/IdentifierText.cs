namespace LifeWindow.Domain.Identity;

/// <summary>
/// The first checks both 18-character identifiers share (resident ID number, GB 11643; social credit code, GB 32100):
/// present, trimmed, upper-cased, 18 characters long. Each then checks its own alphabet and check character.
/// </summary>
internal static class IdentifierText
{
    public const int Length = 18;

    public static bool TryNormalize(string? input, out string value, out string? error)
    {
        value = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "is required";
            return false;
        }

        value = input.Trim().ToUpperInvariant();
        if (value.Length != Length)
        {
            error = "must be 18 characters";
            return false;
        }

        error = null;
        return true;
    }
}
