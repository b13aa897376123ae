namespace LifeWindow.Integration.Batch;

/// <summary>One line of a file: its 1-based number and bytes (without the line break), valid until the next read.</summary>
public readonly record struct FileLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);

/// <summary>
/// Reads a stream line by line through one fixed buffer, so memory does not depend on the file: a
/// line longer than the limit is reported as too long (with its first bytes only) and skipped to
/// its end, never held whole. Accepts LF and CRLF line breaks and a leading UTF-8 byte-order mark.
/// </summary>
public sealed class LineReader
{
    /// <summary>How much of an over-long line is kept, for the dead letter.</summary>
    public const int TooLongPrefixBytes = 1024;

    private const int MinRead = 16 * 1024;

    private readonly Stream stream;
    private readonly int maxLineBytes;
    private readonly byte[] buffer;
    private readonly byte[] tooLongPrefix = new byte[TooLongPrefixBytes];
    private int start;
    private int end;
    private int scanned;
    private bool endOfStream;
    private bool skipping;
    private bool first = true;

    public LineReader(Stream stream, int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, TooLongPrefixBytes);
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
        buffer = new byte[maxLineBytes + 2 + MinRead];
    }

    /// <summary>Bytes taken from the stream so far (including what is buffered but not yet returned).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Number of the last line returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<FileLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanned + newline;
                var line = Take(start, lineEnd);
                start = scanned = lineEnd + 1;
                return line;
            }

            scanned = end;
            // One byte of slack for the '\r' of a CRLF whose '\n' has not been read yet.
            if (end - start > maxLineBytes + 1)
            {
                // Over-long: remember its beginning once, then drop what is buffered and keep reading to its end.
                if (!skipping)
                {
                    buffer.AsSpan(start, TooLongPrefixBytes).CopyTo(tooLongPrefix);
                    skipping = true;
                }

                start = end = scanned = 0;
            }

            if (endOfStream)
            {
                if (start == end && !skipping)
                {
                    return null;
                }

                var last = Take(start, end);
                start = end = scanned = 0;
                return last;
            }

            if (buffer.Length - end < MinRead)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                (end, scanned, start) = (end - start, scanned - start, 0);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfStream = true;
            }

            end += read;
            BytesRead += read;
        }
    }

    private FileLine Take(int from, int to)
    {
        LineNumber++;
        if (skipping)
        {
            skipping = false;
            first = false;
            return new FileLine(LineNumber, tooLongPrefix, TooLong: true);
        }

        var bytes = buffer.AsMemory(from, to - from);
        if (bytes.Span is [.., (byte)'\r'])
        {
            bytes = bytes[..^1];
        }

        if (bytes.Length > maxLineBytes)
        {
            first = false;
            return new FileLine(LineNumber, bytes[..TooLongPrefixBytes], TooLong: true);
        }

        if (first)
        {
            first = false;
            if (bytes.Span.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }
        }

        return new FileLine(LineNumber, bytes, TooLong: false);
    }
}
