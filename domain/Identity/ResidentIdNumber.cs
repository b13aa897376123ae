namespace LifeWindow.Domain.Identity;

/// <summary>
/// A PRC resident identity number (GB 11643-1999): 6-digit region code, 8-digit birth date,
/// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character ('X' stands for 10).
/// Only ever held transiently at ingress: it is tokenized and discarded.
/// </summary>
public sealed class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The normalised 18-character number (upper-case 'X').</summary>
    public string Value { get; }

    public DateOnly BirthDate { get; }

    /// <summary>Region of household registration (户籍所在地), the first six digits.</summary>
    public string RegionCode => Value[..6];

    public Gender Gender => (Value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>Validates <paramref name="input"/>; on failure <paramref name="error"/> says which rule broke.</summary>
    public static bool TryParse(string? input, DateOnly today, out ResidentIdNumber? id, out string? error)
    {
        id = null;
        if (!IdentifierText.TryNormalize(input, out var value, out error))
        {
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                error = "the first 17 characters must be digits";
                return false;
            }
        }

        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            error = "the check character must be a digit or 'X'";
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
        {
            error = "the birth date (characters 7-14) is not a valid past date";
            return false;
        }

        if (CheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            error = "check character does not match (GB 11643 MOD 11-2)";
            return false;
        }

        id = new ResidentIdNumber(value, birth);
        error = null;
        return true;
    }

    /// <summary>ISO 7064 MOD 11-2 check character over the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return BirthDate.AddYears(age) > day ? age - 1 : age;
    }

    /// <summary>Never print the number itself.</summary>
    public override string ToString() => $"{Value[..3]}***************";
}

public enum Gender
{
    Female,
    Male,
}
