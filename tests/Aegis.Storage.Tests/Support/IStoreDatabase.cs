namespace Aegis.Storage.Tests.Support;

/// <summary>A database that one test class has to itself.</summary>
public interface IStoreDatabase
{
    /// <summary>How to open a store on it.</summary>
    StorageOptions Options { get; }
}
