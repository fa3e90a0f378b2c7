using System.CommandLine;
using OpenGrade.Cli;
using OpenGrade.Cli.Commands;

var root = new RootCommand("OpenGrade: how open is this model release, under which framework, and why?");
// `license …` is a one-file tool run in loops: build only its commands (the others load the
// framework, storage and server assemblies); --help at the root still lists every command.
if (args is ["license", ..]) root.Subcommands.Add(LicenseCommand.Create());
else
{
root.Subcommands.Add(AssessCommand.Create());
root.Subcommands.Add(BatchCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(CatalogCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(InventoryCommand.Create());
root.Subcommands.Add(LicenseCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
}

return CommandRunner.Run(root, args);
