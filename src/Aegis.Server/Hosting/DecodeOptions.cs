namespace Aegis.Server.Hosting;

/// <summary>The node's decode budget: the memory that decoding images and video frames may hold at once.</summary>
public sealed class DecodeOptions
{
    /// <summary>The share of the memory available to the process taken when <see cref="BudgetBytes"/> is 0.</summary>
    public const int DefaultShareOfMemory = 4;

    /// <summary>The smallest budget that can be set: 64 MiB, an 8-megapixel image (a smaller one is most likely a typo).</summary>
    public const long MinBudgetBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The bytes decoding may hold at once on this node (pixels, PDQ's float planes, video frame buffers); 0 (the
    /// default) sizes it from the memory available to the process (<see cref="EffectiveBudgetBytes"/>).
    /// </summary>
    public long BudgetBytes { get; set; }

    /// <summary>How long an upload waits for its share of the budget before it is answered 503 with Retry-After.</summary>
    public int WaitSeconds { get; set; } = 10;

    /// <summary>
    /// <see cref="BudgetBytes"/>, or when 0 a quarter of the memory available to the process (the machine's, or its
    /// container's limit): the other three quarters are for what a node holds anyway and must not be starved — the bank
    /// and content indexes (about 100 bytes an entry and an item), the request bodies being read (up to MaxRequestBytes
    /// each), ffmpeg's own processes, the managed heap — and a quarter still lets a 16 GB node hash five
    /// 100-megapixel images at once.
    /// </summary>
    public long EffectiveBudgetBytes() =>
        BudgetBytes > 0 ? BudgetBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / DefaultShareOfMemory;
}
