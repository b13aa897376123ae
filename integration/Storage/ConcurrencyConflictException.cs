namespace LifeWindow.Integration.Storage;

/// <summary>Someone else changed the entity since we read it (ETag mismatch); read again and retry.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }
}
