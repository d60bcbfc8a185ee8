using Aegis.Cli;

return await AegisCli.RunAsync(args, Console.Out, Console.Error);
