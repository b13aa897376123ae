namespace LifeWindow.Domain.Identity;

/// <summary>
/// Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
/// alphabet (digits and upper-case letters without I, O, Z, S, V); the last is a MOD 31 check character.
/// </summary>
public static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool TryValidate(string? input, out string? normalized, out string? error)
    {
        normalized = null;
        if (!IdentifierText.TryNormalize(input, out var value, out error))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                error = $"character '{c}' is not allowed (GB 32100 alphabet)";
                return false;
            }
        }

        if (CheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            error = "check character does not match (GB 32100 MOD 31)";
            return false;
        }

        normalized = value;
        error = null;
        return true;
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
