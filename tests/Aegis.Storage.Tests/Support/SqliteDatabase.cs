namespace Aegis.Storage.Tests.Support;

/// <summary>A temporary SQLite data directory for one test class, deleted afterwards.</summary>
public sealed class SqliteDatabase : IStoreDatabase, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aegis-storage-tests-" + Guid.NewGuid().ToString("N"));

    public StorageOptions Options => new(_directory, null);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
