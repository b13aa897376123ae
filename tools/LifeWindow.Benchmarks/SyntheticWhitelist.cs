using System.Text;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Tokenization;

namespace LifeWindow.Benchmarks;

/// <summary>One synthetic bank customer the platform may name: ID number and mobile.</summary>
public sealed record SyntheticCustomer(string IdNumber, string Phone);

/// <summary>
/// A seeded synthetic whitelist: a population of known customers and a file of rows naming them (and
/// people we do not know) by match token, in CSV or NDJSON. The same seed gives the same file.
/// Mix: <see cref="MatchedShare"/> of rows name a known customer (by ID or phone), <see cref="InvalidShare"/>
/// of all rows (taken from the matched ones) break a field, the rest name strangers.
/// </summary>
public sealed class SyntheticWhitelist(int seed, int population, byte[] partnerKey)
{
    public const double MatchedShare = 0.80;
    public const double InvalidShare = 0.001;

    private static readonly ConsumptionScene[] Scenes = Enum.GetValues<ConsumptionScene>();
    private static readonly string[] Regions = ["310104", "310110", "310115", "420102", "440305", "510107"];

    public IReadOnlyList<SyntheticCustomer> Customers { get; } = MakeCustomers(seed, population);

    /// <summary>Writes rows until the file reaches <paramref name="targetBytes"/>; returns the rows written.</summary>
    public long Write(Stream output, WhitelistFormat format, long targetBytes, DateOnly today)
    {
        var random = new Random(seed + 1);
        var idTokens = Customers.Select(c => CustomerKeyTokenizer.MatchToken(partnerKey, MatchKind.Id, c.IdNumber)).ToArray();
        var phoneTokens = Customers.Select(c => CustomerKeyTokenizer.MatchToken(partnerKey, MatchKind.Phone, c.Phone)).ToArray();
        var current = new DateOnly(today.Year, today.Month, 1);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 20, leaveOpen: true) { NewLine = "\n" };
        var columns = CsvWhitelistLayout.AllColumns;
        if (format == WhitelistFormat.Csv)
        {
            writer.WriteLine(string.Join(",", columns));
        }

        var stranger = new byte[32];
        var line = new StringBuilder(512);
        var activities = new (int Orders, string Band)?[Scenes.Length];
        long rows = 0;
        while (output.Position < targetBytes)
        {
            rows++;
            var roll = random.NextDouble();
            var kind = random.Next(2) == 0 ? WhitelistMatchKind.Id : WhitelistMatchKind.Phone;
            string token;
            if (roll < MatchedShare)
            {
                var who = random.Next(Customers.Count);
                token = kind == WhitelistMatchKind.Id ? idTokens[who] : phoneTokens[who];
            }
            else
            {
                random.NextBytes(stranger);
                token = Convert.ToHexStringLower(stranger);
            }

            var period = current.AddMonths(-random.Next(12)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            Array.Clear(activities);
            for (var n = 1 + random.Next(4); n > 0; n--)
            {
                var orders = random.Next(0, 40);
                activities[random.Next(Scenes.Length)] = (orders, orders == 0 ? "<1k" : SpendBands.All[random.Next(SpendBands.All.Count)]);
            }

            // A broken field for a small share of the matched rows (an unmatched row is not validated), so the dead-letter path is exercised too.
            var invalid = roll < InvalidShare;
            var recordId = string.Create(CultureInfo.InvariantCulture, $"MT-{rows:D12}");
            line.Clear();
            if (format == WhitelistFormat.Csv)
            {
                line.Append(recordId).Append(',').Append(period).Append(',').Append(kind).Append(',').Append(token);
                foreach (var a in activities)
                {
                    line.Append(',');
                    if (a is { } act)
                    {
                        line.Append(act.Orders).Append(',').Append(invalid ? "2k-3k" : act.Band);
                    }
                    else
                    {
                        line.Append(',');
                    }
                }
            }
            else
            {
                line.Append("{\"schemaVersion\":1,\"recordId\":\"").Append(recordId).Append("\",\"period\":\"").Append(period)
                    .Append("\",\"matchKind\":\"").Append(kind).Append("\",\"matchToken\":\"").Append(token).Append("\",\"scenes\":{");
                var first = true;
                for (var i = 0; i < Scenes.Length; i++)
                {
                    if (activities[i] is not { } act)
                    {
                        continue;
                    }

                    line.Append(first ? string.Empty : ",").Append('"').Append(Scenes[i]).Append("\":{\"orderCount\":").Append(act.Orders)
                        .Append(",\"spendBand\":\"").Append(invalid ? "2k-3k" : act.Band).Append("\"}");
                    first = false;
                }

                line.Append("}}");
            }

            writer.WriteLine(line);
            if ((rows & 0x3FF) == 0)
            {
                writer.Flush();
            }
        }

        writer.Flush();
        return rows;
    }

    private static List<SyntheticCustomer> MakeCustomers(int seed, int population)
    {
        var random = new Random(seed);
        var customers = new List<SyntheticCustomer>(population);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (customers.Count < population)
        {
            var birth = new DateOnly(random.Next(1955, 2004), random.Next(1, 13), random.Next(1, 29));
            var first17 = string.Create(CultureInfo.InvariantCulture, $"{Regions[random.Next(Regions.Length)]}{birth:yyyyMMdd}{random.Next(1000):D3}");
            var id = first17 + ResidentIdNumber.CheckCharacter(first17);
            if (seen.Add(id))
            {
                customers.Add(new SyntheticCustomer(id, string.Create(CultureInfo.InvariantCulture, $"1{random.Next(3, 10)}{random.Next(0, 1_000_000_000):D9}")));
            }
        }

        return customers;
    }
}
