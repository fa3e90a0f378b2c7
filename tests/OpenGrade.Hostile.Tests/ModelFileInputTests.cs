using System.Text;
using CsCheck;
using OpenGrade.Core.Frameworks;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Hostile MOT model files (issue 9, defects 5, 9, 10, 13, 14): each is refused with one
/// <c>FILE:LINE:COL</c> line, in bounded time and memory, and never takes other targets down with it.
/// </summary>
public sealed class ModelFileInputTests : IDisposable
{
    private static readonly MotModelReader Reader = new(MofFrameworkLoader.Default);
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(20);
    private readonly HostileInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    /// <summary>A valid model file; <c>version</c> is on line 7.</summary>
    private static string Model(string version = "'1.0'", string extra = "", string license = "MIT") => $"""
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: hostile
          version: {version}
          producer: Lab
          license: {"{}"}
        {extra}  components:
            - name: 'Model architecture'
              license: '{license}'

        """;

    private static ModelFileException Refused(string text) =>
        Assert.Throws<ModelFileException>(() => Reader.Parse(text, "m.yml"));

    [Fact]
    public void A_plain_model_file_is_read()
    {
        var release = Reader.Parse(Model(), "m.yml");
        Assert.Equal("hostile", release.Name);
        Assert.Equal("MIT", Assert.Single(release.Components).License);
    }

    [Fact]
    public async Task An_alias_bomb_is_refused_at_its_position_instead_of_expanding()
    {
        // Six levels of ten aliases: a million values from a few hundred bytes.
        var bomb = new StringBuilder("  x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n");
        for (var i = 1; i <= 6; i++)
        {
            bomb.Append($"  x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }
        var e = await HostileInputs.Within(Quickly, () => Refused(Model(extra: bomb.ToString())));
        Assert.StartsWith("m.yml:", e.Message);
        Assert.InRange(e.Line, 10, 16);
        Assert.Contains("aliases", e.Message);
    }

    [Fact]
    public async Task Nesting_twenty_thousand_levels_deep_is_refused_not_a_stack_overflow()
    {
        var deep = "  x: " + new string('[', 20_000) + new string(']', 20_000) + "\n";
        var e = await HostileInputs.Within(Quickly, () => Refused(Model(extra: deep)));
        Assert.Equal(10, e.Line);
        Assert.Contains("nested deeper than", e.Message);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e29")]
    [InlineData("123456789012345678901234567890123")]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData(".NaN")]
    public void A_number_no_schema_can_compare_is_refused_at_its_line_and_column(string number)
    {
        var e = Refused(Model(version: number));
        Assert.Equal(7, e.Line);
        Assert.Equal(12, e.Column);
        Assert.Contains("out of range", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_huge_number_as_a_component_name_is_refused_at_its_place()
    {
        var text = Model().Replace("- name: 'Model architecture'", "- name: 99999999999999999999999999999999999", StringComparison.Ordinal);
        var e = Refused(text);
        Assert.Equal(11, e.Line);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void Merge_keys_are_refused_rather_than_read_otherwise_than_MOT_reads_them()
    {
        var text = Model().Replace("  license: {}\n", "  base: &b {distribution: {name: MIT}}\n  license: {<<: *b}\n", StringComparison.Ordinal);
        var e = Refused(text);
        Assert.Equal(10, e.Line);
        Assert.Contains("merge keys", e.Message);
    }

    [Fact]
    public void A_list_as_a_key_is_refused()
    {
        var e = Refused(Model(extra: "  ? [a, b]\n  : c\n"));
        Assert.Equal(10, e.Line);
        Assert.Contains("key must be a plain value", e.Message);
    }

    [Fact]
    public void Exotic_scalars_give_a_release_or_a_one_line_error_never_a_crash()
    {
        var scalars = Gen.OneOf(
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Int[1, 60].Select(n => new string('9', n)),
            Gen.Int[1, 400].Select(n => $"1e{n}"),
            Gen.OneOf(".inf", "-.inf", ".nan", "!!binary aGVsbG8=", "!!float 1e400", "!!int 99999999999999999999999999999", "0x7fffffffffffffffff",
                "~", "null", "true", "2024-12-15", "*undefined", "&a", "[1e400]", "{a: 1e999}", "'1e400'", "\"\\u0000\""));
        scalars.Sample(value =>
        {
            foreach (var text in new[] { Model(version: value), Model(extra: $"  note: {value}\n"), Model(license: value.Replace("'", "''", StringComparison.Ordinal)) })
            {
                try
                {
                    Reader.Parse(text, "m.yml");
                }
                catch (ModelFileException e)
                {
                    Assert.StartsWith("m.yml:", e.Message);
                    Assert.DoesNotContain('\n', e.Message);
                }
            }
        }, iter: 500);
    }

    [Fact]
    public void A_license_name_longer_than_the_limit_is_refused_with_its_line()
    {
        var e = Refused(Model(license: new string('x', 1_000_000)));
        Assert.Equal(12, e.Line);
        Assert.Contains("at most 4,096", e.Message);
        Assert.True(e.Message.Length < 200, "the refusal does not echo the value");
    }

    [Fact]
    public async Task A_model_file_over_the_size_cap_is_refused_before_it_is_parsed()
    {
        var path = _inputs.Write("big.yml", Model() + string.Concat(Enumerable.Repeat("# padding padding padding padding padding padding padding\n", 100_000)));
        var e = await HostileInputs.Within(Quickly, () => Assert.Throws<ModelFileException>(() => Reader.ReadFile(path)));
        Assert.Equal($"{path}: larger than 4 MiB; refused", e.Message);
    }

    [Fact]
    public async Task A_fifo_as_model_file_is_refused_at_once_instead_of_blocking()
    {
        var path = _inputs.Fifo("m.yml");
        var e = await HostileInputs.Within(TimeSpan.FromSeconds(5), () => Assert.Throws<ModelFileException>(() => Reader.ReadFile(path)));
        Assert.Equal($"{path}: is not a regular file (a FIFO); refused", e.Message);
    }

    [Fact]
    public async Task A_model_file_linked_to_dev_zero_is_refused_without_reading()
    {
        var path = _inputs.EndlessLink("m.yml");
        var e = await HostileInputs.Within(TimeSpan.FromSeconds(5), () => Assert.Throws<ModelFileException>(() => Reader.ReadFile(path)));
        Assert.Contains("character device", e.Message);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("bomb")]
    [InlineData("deep")]
    [InlineData("fifo")]
    public void The_cli_refuses_a_hostile_model_file_in_one_line_and_still_assesses_the_others(string kind)
    {
        var good = _inputs.Write("good.yml", Model());
        var bad = kind switch
        {
            "huge" => _inputs.Write("bad.yml", Model(version: "1e400")),
            "bomb" => _inputs.Write("bad.yml", Model(extra: "  x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n"
                + string.Concat(Enumerable.Range(1, 8).Select(i => $"  x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")))),
            "deep" => _inputs.Write("bad.yml", Model(extra: "  x: " + new string('[', 20_000) + new string(']', 20_000) + "\n")),
            _ => _inputs.Fifo("bad.yml"),
        };
        var r = CliRunner.RunIn(_inputs.Root, null, "assess", "bad.yml", "good.yml", "--format", "jsonl");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("opengrade: bad.yml:", line);
        Assert.Contains("\"hostile\"", r.Stdout);
        Assert.True(File.Exists(bad) || kind == "fifo");
        Assert.True(File.Exists(good));
    }
}
