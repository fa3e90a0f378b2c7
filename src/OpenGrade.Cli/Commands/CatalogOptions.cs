using System.CommandLine;
using OpenGrade.Storage;

namespace OpenGrade.Cli.Commands;

/// <summary>The <c>--db</c> option every catalog command takes.</summary>
public static class CatalogDb
{
    public static Option<string?> Create() => new("--db")
    {
        HelpName = "DB",
        Description = $"The catalog: a SQLite file, or PostgreSQL as postgres://user:pass@host:port/db or Host=…;Database=… (default: ${CatalogLocation.Variable}, else ./{CatalogLocation.DefaultFile})",
    };

    /// <summary>Opens the catalog, or prints one line and returns null.</summary>
    public static SqlCatalog? Open(string? db)
    {
        try
        {
            return SqlCatalog.Open(db);
        }
        catch (CatalogException e)
        {
            Messages.Error(e.Message);
            return null;
        }
    }
}

/// <summary>The list filters shared by <c>catalog list</c> and <c>catalog export</c> (the same as /api/v2/models).</summary>
public sealed class CatalogFilterOptions
{
    public Option<int?> Class { get; } = new("--class") { Description = "MOF class: 0 (unclassified), 1, 2 or 3" };
    public Option<string?> Osaid { get; } = new("--osaid") { Description = "OSAID verdict (conformant, not-conformant, insufficient-information)" };
    public Option<string?> Eu { get; } = new("--eu-ai-act") { Description = "EU AI Act open-source exemption verdict (likely-exempt, not-exempt, unknown)" };
    public Option<string?> License { get; } = new("--license") { Description = "A license id any component uses (e.g. Apache-2.0)" };
    public Option<string?> Flag { get; } = new("--flag") { Description = "A flag kind the assessment raised" };
    public Option<string?> Producer { get; } = new("--producer") { Description = "Producer (case-insensitive, exact)" };
    public Option<string?> Type { get; } = new("--type") { Description = "Model type (language, vision, …)" };
    public Option<string?> Text { get; } = new("--q") { Description = "Text to find in the id, name or producer" };
    public Option<string> Sort { get; } = new("--sort")
    {
        Description = "Sort: progress, name, date, assessed, downloads, class; a leading - for descending",
        DefaultValueFactory = _ => "-progress",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Class, Osaid, Eu, License, Flag, Producer, Type, Text, Sort }) command.Options.Add(option);
    }

    public ModelQuery Read(ParseResult parse, int limit, bool withDocuments) => new(
        parse.GetValue(Class), parse.GetValue(Osaid), parse.GetValue(Eu), parse.GetValue(License), parse.GetValue(Flag),
        parse.GetValue(Producer), parse.GetValue(Type), parse.GetValue(Text), parse.GetValue(Sort)!, null, limit, withDocuments);
}
