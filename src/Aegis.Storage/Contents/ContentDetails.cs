using Aegis.Core.Content;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>An item as recorded, with where it stands now (visible, restricted, removed) and its last exposure counts.</summary>
public sealed record ContentDetails(ContentRecord Record, ContentStatus Status, long Views, long Shares, bool Demonetized = false);
