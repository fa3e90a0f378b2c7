using System.Collections.Immutable;
using CsCheck;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>MOT model files: damaged or crafted YAML gives a release or one line naming the file; what the writer writes, the reader reads back.</summary>
public sealed class MotModelProperties
{
    private static IReadOnlyList<string> Models => Corpus.Files("corpus/mot/models", "*.yml");

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_model_files_give_a_release_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.Of(Models, Mutations.HostileYamlValues, Mutations.SmallYamlStructures), ParserTargets.Mot, iter: 2000);

    [Fact(Timeout = Property.Timeout)]
    public Task Random_text_gives_a_release_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.RandomText(Mutations.YamlAlphabet), ParserTargets.Mot, iter: 2000);

    [Fact(Timeout = Property.Timeout)]
    public Task Written_model_files_read_back_as_the_same_release() =>
        Property.Check(Releases.Valid, release =>
        {
            var framework = MofFrameworkLoader.Default;
            var yaml = new MotModelWriter(framework).ToYaml(release);
            var read = new MotModelReader(framework).Parse(yaml, "written.yml");
            Assert.Equal(Releases.Comparable(release), Releases.Comparable(read));
        }, iter: 1000, print: r => Property.Quote(new MotModelWriter(MofFrameworkLoader.Default).ToYaml(r)));
}

/// <summary>Generated releases: every field MOT's schema accepts, with text that tries to break the file it is written to.</summary>
internal static class Releases
{
    /// <summary>Text people and Hub mirrors put in names: quotes, YAML indicators, comments, tabs, control characters, bidi, astral characters.</summary>
    public static readonly Gen<string> HostileText = Property.Any(
        Gen.String[Gen.Char["abcXYZ019 .-_/'\"#:&*!|>%@`,[]{}?\\\t"], 0, 30],
        Gen.String[Gen.Char[(char)0, (char)0x2fff], 0, 12],
        Gen.OneOf("", " ", " leading", "trailing ", "a\nb", "a\r\nb", "x\u001b[2Jy", "\u202eevil", "null", "true", "1e400", "- x",
            "'", "''", "\"", "#", "&a", "*a", "!!str", "%x", "\ud83d\ude00", "a: b", "a #b", "~"));

    private static readonly Gen<string> Date = Gen.Select(Gen.Int[1900, 2100], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => $"{y:0000}-{m:00}-{d:00}");

    private static readonly Gen<string?> Type = Gen.OneOf<string?>(null, "", "language", "vision", "image", "audio", "video", "3d", "code", "multimodal", "other");

    private static readonly Gen<string?> Architecture = Gen.OneOf<string?>(null, "", "transformer", "transformer decoder", "transformer encoder-decoder",
        "decoder", "encoder", "diffusion", "RNN", "CNN", "LSTM", "NeRF", "hybrid", "undisclosed", "other");

    private static Gen<string?> Maybe(Gen<string> gen) => gen.Null(0.3);

    private static readonly Gen<LicenseDeclaration?> Slot = Gen.Select(Maybe(HostileText), Maybe(HostileText), (n, p) => new LicenseDeclaration(n, p)).Null(0.4);

    private static readonly Gen<ImmutableArray<ComponentEntry>> Components =
        Gen.Shuffle(MofFrameworkLoader.Default.Components.Select(c => c.Name).ToArray(), 0, 17)
            .SelectMany(names => Gen.Select(Maybe(HostileText), Maybe(HostileText), Maybe(HostileText), Maybe(HostileText), (d, l, lp, cp) => (d, l, lp, cp))
                .Array[names.Length, names.Length]
                .Select(fields => names.Zip(fields, (n, f) => new ComponentEntry(n, f.d, f.l, f.lp, f.cp)).ToImmutableArray()));

    public static readonly Gen<ModelRelease> Valid =
        Gen.Select(HostileText.Where(s => s.Length > 0), Maybe(HostileText), HostileText, Maybe(Date), Type, Architecture, Maybe(HostileText), Maybe(HostileText),
            Gen.Select(Slot, Slot, Slot, Slot, (a, b, c, d) => new GlobalLicenses(a, b, c, d)), Components,
            (name, version, producer, date, type, arch, repo, hf, licenses, components) =>
                new ModelRelease(name, version, producer, date, type, arch, repo, hf, licenses, components));

    /// <summary>A release as comparable text: every field, components in order, without where the reader found them.</summary>
    public static string Comparable(ModelRelease r) =>
        (r with { Components = [.. r.Components.Select(c => c with { Location = null })] }).ToString()
        + string.Join("|", r.Components.Select(c => (c with { Location = null }).ToString()));
}
