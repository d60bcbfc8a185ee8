using System.CommandLine;

namespace Aegis.Cli.Banks;

/// <summary><c>aegis bank create|list|show|add|import|export|disable|enable</c>.</summary>
internal static class BankCommand
{
    public static Command Create()
    {
        var bank = new Command("bank", "Create, list, inspect, fill and export hash banks.");
        bank.Add(BankCreateCommand.Create());
        bank.Add(BankListCommand.Create());
        bank.Add(BankShowCommand.Create());
        bank.Add(BankAddCommand.Create());
        bank.Add(BankImportCommand.Create());
        bank.Add(BankExportCommand.Create());
        bank.Add(BankEnableCommand.Create(enable: false));
        bank.Add(BankEnableCommand.Create(enable: true));
        return bank;
    }

    public static Argument<string> NameArgument() => new("name") { Description = "The bank's name." };
}
