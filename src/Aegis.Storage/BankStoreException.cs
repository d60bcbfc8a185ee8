namespace Aegis.Storage;

/// <summary>A <see cref="BankStore"/> call refused with a message a person can act on.</summary>
public sealed class BankStoreException : Exception
{
    public BankStoreException(BankStoreError error, string message)
        : base(message)
    {
        Error = error;
    }

    public BankStoreException(BankStoreError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Why the call was refused.</summary>
    public BankStoreError Error { get; }
}
