using Aegis.Benchmarks;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "folder")
{
    return FolderComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "feed")
{
    return await FeedComparison.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "video")
{
    return await VideoComparison.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "gate")
{
    return await GateVideo.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "video-density")
{
    return await VideoDensity.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "serve-load")
{
    return await ServeLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "message-load")
{
    return await MessageLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "report-load")
{
    return await ReportLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "soak")
{
    return await Soak.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "legacy-rebuild")
{
    return LegacyRebuild.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "index")
{
    return IndexComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "content-scale")
{
    return await ContentScale.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "webhook-volume")
{
    return await WebhookVolume.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "exchange-sync")
{
    return await ExchangeSync.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "content-index")
{
    return ContentIndexBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "signals")
{
    return SignalScale.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
