using LifeWindow.Domain.Identity;

namespace LifeWindow.Sandbox.Partners;

/// <summary>Makes valid-looking but fictitious resident ID numbers and USCCs from a seeded RNG.</summary>
public static class SyntheticIdentities
{
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static string ResidentId(Random random, string regionCode, DateOnly birthDate, bool female)
    {
        var sequence = random.Next(0, 100) * 10 + (female ? random.Next(0, 5) * 2 : (random.Next(0, 5) * 2) + 1);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{regionCode}{birthDate:yyyyMMdd}{sequence:D3}");
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    /// <summary>A USCC: registration authority + type ("11" government, "12" public institution, "91" company), region, organisation code, check.</summary>
    public static string Uscc(Random random, string authorityAndType, string regionCode)
    {
        var organisation = new string(Enumerable.Range(0, 9).Select(_ => UsccAlphabet[random.Next(0, 10)]).ToArray());
        var first17 = authorityAndType + regionCode + organisation;
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }
}
