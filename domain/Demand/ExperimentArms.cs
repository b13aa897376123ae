using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LifeWindow.Domain.Demand;

/// <summary>Which policy decides a window's contact in the champion/challenger experiment (docs/models.md).</summary>
public enum ExperimentArm
{
    /// <summary>The rule catalog, as without the experiment.</summary>
    Champion,

    /// <summary>The demand model: contacts only windows whose score is in the top of the capacity.</summary>
    Challenger,

    /// <summary>Not contacted at all (recorded and audited): the baseline the other arms' uplift is measured against.</summary>
    Control,
}

/// <summary>
/// Deterministic arm assignment by customer: the first 8 bytes of SHA-256(salt | customer key) as a number in [0, 1);
/// below <see cref="ControlShare"/> is Control, the next <see cref="ChallengerShare"/> is Challenger, the rest Champion.
/// A customer stays in one arm for the whole experiment (all their windows), on every host and every replay; a new
/// salt reshuffles everyone.
/// </summary>
public sealed record ArmAssignment(string Salt, double ControlShare, double ChallengerShare)
{
    public ExperimentArm Assign(string customerKey)
    {
        ArgumentNullException.ThrowIfNull(customerKey);
        var u = Uniform(Salt, customerKey);
        return u < ControlShare ? ExperimentArm.Control : u < ControlShare + ChallengerShare ? ExperimentArm.Challenger : ExperimentArm.Champion;
    }

    /// <summary>A uniform number in [0, 1) from the hash of the salt and a key.</summary>
    public static double Uniform(string salt, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(salt + "|" + key));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
