using CsCheck;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// Valid signed deliveries (one record and small batches), mutated at random — bit flips, truncation,
/// duplicated keys, deep nesting, lone surrogate escapes, wrong types, huge numbers, stray bytes — then
/// signed correctly and posted. Only 2xx and 4xx may come back, every 400 names a dead letter that
/// exists, and every record a 200 batch rejects names one too.
/// </summary>
public sealed class WebhookFuzzTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/provident-fund";
    private const int Kinds = 9;
    private static readonly string[] Surrogates = ["\\ud800", "\\udfff", "A\\ud83d", "\\udc00\\ud800", "\\ud800\\u0041", "\\ud800\\ud800"];
    private static readonly string[] HugeNumbers = ["1e999999", "-1e999999", "123456789012345678901234567890123456789", "79228162514264337593543950336", "0.00000000000000000000000000000001", "1E400", "-0"];
    private static readonly JsonNode?[] WrongTypes = [true, false, null, "x", "", " ", -1, 0.5m, int.MaxValue];
    private RunningHost host = null!;
    private int sent;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static JsonNode Seed(int which)
    {
        var invalid = SignedRequests.Contribution("GJJ-F-3");
        invalid["status"] = "Unknown";
        return which switch
        {
            0 => SignedRequests.Contribution("GJJ-F-1"),
            1 => new JsonArray(SignedRequests.Contribution("GJJ-F-1"), SignedRequests.Contribution("GJJ-F-2")),
            _ => new JsonArray(SignedRequests.Contribution("GJJ-F-1"), invalid, SignedRequests.Contribution("GJJ-F-2")),
        };
    }

    /// <summary>Every value slot of the document: (parent, property name or array index).</summary>
    private static List<(JsonNode Parent, string? Name, int Index)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode current)
        {
            if (current is JsonObject obj)
            {
                foreach (var (name, value) in obj.ToList())
                {
                    slots.Add((obj, name, -1));
                    if (value is not null)
                    {
                        Walk(value);
                    }
                }
            }
            else if (current is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    if (array[i] is { } item)
                    {
                        Walk(item);
                    }
                }
            }
        }

        Walk(node);
        return slots;
    }

    private static void Set((JsonNode Parent, string? Name, int Index) slot, JsonNode? value)
    {
        if (slot.Name is { } name)
        {
            slot.Parent[name] = value;
        }
        else
        {
            slot.Parent[slot.Index] = value;
        }
    }

    /// <summary>The delivery's bytes after one mutation; raw JSON text goes in through a marker string.</summary>
    private static byte[] Mutate(int seed, int kind, int a, int b)
    {
        var envelope = JsonNode.Parse(SignedRequests.Envelope(Seed(seed)))!;
        var slots = Slots(envelope);
        var slot = slots[a % slots.Count];
        const string Marker = "@@mutation@@";
        string? raw = null;
        switch (kind)
        {
            case 0 or 1 or 7:
                break;
            case 2:
                // A key given twice: a sibling under the name of an existing key.
                if (slot.Parent is JsonObject siblings)
                {
                    siblings[Marker] = b % 2 == 0 ? "other" : siblings[slot.Name!]?.DeepClone();
                    var text = envelope.ToJsonString();
                    return Encoding.UTF8.GetBytes(text.Replace($"\"{Marker}\"", JsonValue.Create(slot.Name)!.ToJsonString(), StringComparison.Ordinal));
                }

                break;
            case 3:
                var depth = b % 100;
                raw = new string('[', depth) + "1" + new string(']', depth);
                break;
            case 4:
                raw = $"\"{Surrogates[b % Surrogates.Length]}\"";
                if (b % 3 == 0 && slot.Name is not null)
                {
                    // In a property name rather than a value.
                    var text = envelope.ToJsonString();
                    return Encoding.UTF8.GetBytes(text.Replace(JsonValue.Create(slot.Name)!.ToJsonString() + ":", $"\"{Surrogates[b % Surrogates.Length]}\":", StringComparison.Ordinal));
                }

                break;
            case 5:
                Set(slot, WrongTypes[b % WrongTypes.Length]?.DeepClone());
                break;
            case 6:
                raw = HugeNumbers[b % HugeNumbers.Length];
                break;
            default:
                break;
        }

        if (raw is not null)
        {
            Set(slot, Marker);
        }

        var bytes = Encoding.UTF8.GetBytes(raw is null ? envelope.ToJsonString() : envelope.ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal));
        return kind switch
        {
            0 => FlipBit(bytes, a, b),
            1 => bytes[..(a % bytes.Length)],
            7 => [.. bytes[..(a % bytes.Length)], (byte)(b % 256), .. bytes[(a % bytes.Length)..]],
            _ => bytes,
        };
    }

    private static byte[] FlipBit(byte[] bytes, int a, int b)
    {
        bytes[a % bytes.Length] ^= (byte)(1 << (b % 8));
        return bytes;
    }

    private async Task<DeadLetter?> LetterAsync(JsonElement element) =>
        element.TryGetProperty("deadLetterId", out var id) && id.GetString() is { } letterId
            ? await host.Get<IDeadLetterStore>().GetAsync(letterId, CancellationToken.None)
            : null;

    [Fact]
    public async Task Post_MutatedSignedDeliveries_OnlyAnswer2xxOr4xxAndKeepEveryRejection()
    {
        var signer = RawSigner.Partner(host, "gjj_shanghai");
        await Gen.Select(Gen.Int[0, 2], Gen.Int[0, Kinds - 1], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).SampleAsync(async (seed, kind, a, b) =>
        {
            var body = Mutate(seed, kind, a, b);
            var id = $"fuzz_{Interlocked.Increment(ref sent)}";
            using var response = await signer.SendAsync(Path, id, body);
            var text = await response.Content.ReadAsStringAsync();
            var shown = $"{response.StatusCode} for {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 400)]}: {text[..Math.Min(text.Length, 400)]}";

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.BadRequest, shown);
            var answer = JsonDocument.Parse(text).RootElement;
            switch (response.StatusCode)
            {
                case HttpStatusCode.BadRequest:
                    Assert.True(answer.GetProperty("errors").EnumerateObject().Any(), shown);
                    var letter = await LetterAsync(answer);
                    Assert.True(letter is not null, "no dead letter: " + shown);
                    Assert.Equal(id, letter.DeliveryId);
                    break;
                case HttpStatusCode.OK:
                    var records = answer.GetProperty("records").EnumerateArray().ToList();
                    Assert.Equal(records.Count(r => r.GetProperty("status").GetString() == "accepted"), answer.GetProperty("accepted").GetInt32());
                    foreach (var rejected in records.Where(r => r.GetProperty("status").GetString() == "rejected"))
                    {
                        Assert.True(await LetterAsync(rejected) is not null, "no dead letter for a rejected record: " + shown);
                    }

                    break;
                default:
                    Assert.Equal("accepted", answer.GetProperty("records")[0].GetProperty("status").GetString());
                    break;
            }
        }, iter: 300, threads: 1);

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(30));
    }
}
