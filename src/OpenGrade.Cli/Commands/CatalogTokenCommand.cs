using System.CommandLine;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade catalog token create [--name NAME]</c>: a bearer token for the server's writes.</summary>
public static class CatalogTokenCommand
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens for writes (POST /api/v2/assessments). Without a token, the server accepts no write.");
        var db = CatalogDb.Create();
        var name = new Option<string>("--name") { Description = "A name to recognise the token by", DefaultValueFactory = _ => "default" };
        var create = new Command("create", "Create a token and print it once on standard output; only its hash is stored.") { db, name };
        create.SetAction(parse =>
        {
            using var catalog = CatalogDb.Open(parse.GetValue(db));
            if (catalog is null) return ExitCodes.Error;
            try
            {
                var created = catalog.CreateToken(parse.GetValue(name)!);
                Console.Out.WriteLine(created.Token);
                Messages.Note($"token {created.Id} ('{created.Name}') created in {catalog.Display}; it is shown only now");
                return ExitCodes.Ok;
            }
            catch (Storage.CatalogException e)
            {
                Messages.Error(e.Message);
                return ExitCodes.Error;
            }
        });
        token.Subcommands.Add(create);
        return token;
    }
}
