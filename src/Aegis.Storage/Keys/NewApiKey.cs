namespace Aegis.Storage;

/// <summary>A key just made: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record NewApiKey(ApiKey Key, string Secret);
