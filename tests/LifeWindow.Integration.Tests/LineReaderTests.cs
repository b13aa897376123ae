namespace LifeWindow.Integration.Tests;

public class LineReaderTests
{
    private static async Task<List<(long Number, string Text, bool TooLong)>> ReadAllAsync(Stream stream, int maxLineBytes = 1024)
    {
        var reader = new LineReader(stream, maxLineBytes);
        var lines = new List<(long, string, bool)>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span), line.TooLong));
        }

        return lines;
    }

    private static Stream Trickle(byte[] bytes, int maxRead) => new GeneratedStream([bytes], maxRead);

    [Fact]
    public async Task Read_LfCrLfBomAndNoFinalBreak_GivesTheLines()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,b\r\n\r\n美团\nlast")).ToArray();

        var lines = await ReadAllAsync(new MemoryStream(bytes));

        Assert.Equal([(1L, "a,b", false), (2L, "", false), (3L, "美团", false), (4L, "last", false)], lines);
    }

    [Fact]
    public async Task Read_EmptyStream_GivesNoLines() => Assert.Empty(await ReadAllAsync(new MemoryStream()));

    [Fact]
    public async Task Read_OverlongLineMidStream_IsFlaggedWithItsStartAndTheNextLineIsIntact()
    {
        var longLine = new string('x', 5000);
        var bytes = Encoding.UTF8.GetBytes($"first\n{longLine}\nafter\n{longLine}");

        var lines = await ReadAllAsync(Trickle(bytes, 700), maxLineBytes: 1024);

        Assert.Equal(4, lines.Count);
        Assert.Equal((1L, "first", false), lines[0]);
        Assert.True(lines[1].TooLong);
        Assert.Equal(new string('x', LineReader.TooLongPrefixBytes), lines[1].Text);
        Assert.Equal((3L, "after", false), lines[2]);
        Assert.True(lines[3].TooLong);
    }

    [Fact]
    public async Task Read_LineOfExactlyTheLimit_IsAccepted()
    {
        var atLimit = new string('y', 1024);
        var lines = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes($"{atLimit}\r\n{atLimit}x\n")), maxLineBytes: 1024);

        Assert.Equal([(1L, atLimit, false)], lines.Take(1));
        Assert.True(lines[1].TooLong);
    }

    [Fact]
    public async Task Read_AnyTextInAnyReadSizes_GivesTheSameLinesAsSplitting() =>
        await Gen.Select(Gen.String[Gen.Char["ab\r\n,é"], 0, 3000], Gen.Int[1, 5000]).SampleAsync(async (text, maxRead) =>
        {
            var expected = text.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
            if (text.EndsWith('\n') || text.Length == 0)
            {
                expected.RemoveAt(expected.Count - 1);
            }

            var lines = await ReadAllAsync(Trickle(Encoding.UTF8.GetBytes(text), maxRead), maxLineBytes: 4096);

            Assert.Equal(expected, lines.Select(l => l.Text));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), lines.Select(l => l.Number));
        });
}
