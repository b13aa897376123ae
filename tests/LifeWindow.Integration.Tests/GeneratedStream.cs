namespace LifeWindow.Integration.Tests;

/// <summary>
/// A read-only stream that makes its content as it is read, from a lazy sequence of chunks, so a test
/// can feed an importer far more data than it ever holds. Each read returns at most
/// <paramref name="maxRead"/> bytes; <paramref name="mayRead"/>, when given, is asked before every read
/// whether the reader may go that far (position after the read) and the read throws if not.
/// </summary>
internal sealed class GeneratedStream(IEnumerable<ReadOnlyMemory<byte>> chunks, int maxRead = 4096, Func<long, bool>? mayRead = null) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> source = chunks.GetEnumerator();
    private ReadOnlyMemory<byte> current = ReadOnlyMemory<byte>.Empty;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => position; set => throw new NotSupportedException(); }

    /// <summary>How many reads were served.</summary>
    public long Reads { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (current.IsEmpty)
        {
            if (!source.MoveNext())
            {
                return 0;
            }

            current = source.Current;
        }

        var n = Math.Min(Math.Min(buffer.Length, maxRead), current.Length);
        if (mayRead is not null && !mayRead(position + n))
        {
            throw new InvalidOperationException($"The reader asked for bytes up to {position + n}, further ahead of the processed rows than allowed.");
        }

        current.Span[..n].CopyTo(buffer);
        current = current[n..];
        position += n;
        Reads++;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
