namespace LifeWindow.Domain.Identity;

/// <summary>Coarse age bands kept instead of the birth date (derive and discard).</summary>
public static class AgeBand
{
    public static string FromAge(int age) => age switch
    {
        < 25 => "18-24",
        < 31 => "25-30",
        < 41 => "31-40",
        < 51 => "41-50",
        < 65 => "51-64",
        _ => "65+",
    };
}
