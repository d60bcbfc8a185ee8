using Aegis.Core.Content;

namespace Aegis.Storage;

/// <summary>Content as stored: its row id (the key of the in-memory content index) and whether this call created it.</summary>
public sealed record RecordedContent(long RowId, ContentRecord Record, bool Created);
