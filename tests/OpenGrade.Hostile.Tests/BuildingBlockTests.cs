using System.Text;
using OpenGrade.Core.Parsing;
using OpenGrade.Reports;
using OpenGrade.Sources.Files;
using YamlDotNet.Core;
using OpenGrade.Core.Text;

namespace OpenGrade.Hostile.Tests;

/// <summary>The shared defences every reader and printer builds on.</summary>
public sealed class BuildingBlockTests
{
    [Fact]
    public void A_billion_laughs_is_refused_in_the_event_pass()
    {
        var sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [").Append(string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10))).Append("]\n");
        }
        var e = Assert.Throws<YamlException>(() => BoundedYaml.Load(sb.ToString()));
        Assert.Contains("expands to more than", e.Message);
    }

    [Fact]
    public void Aliases_chained_to_build_depth_the_text_does_not_show_are_refused()
    {
        // Each level nests the previous one by alias: 5 lines of text, 100 levels once expanded.
        var sb = new StringBuilder("a0: &a0 [x]\n");
        for (var i = 1; i < 100; i++) sb.Append($"a{i}: &a{i} [*a{i - 1}]\n");

        var e = Assert.Throws<YamlException>(() => BoundedYaml.Load(sb.ToString()));

        Assert.Contains("expands deeper than 64", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_the_recursive_loader_runs()
    {
        var text = new string('[', 50_000) + new string(']', 50_000);
        var e = Assert.Throws<YamlException>(() => BoundedYaml.Load(text));
        Assert.Contains("nested deeper than 64", e.Message);
        Assert.Equal(1, e.Start.Line);
    }

    [Fact]
    public void Ordinary_anchors_within_budget_load()
    {
        var stream = BoundedYaml.Load("base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n");
        Assert.Single(stream.Documents);
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once_instead_of_blocking()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var dir = Directory.CreateTempSubdirectory("og-fifo-").FullName;
        try
        {
            var fifo = Path.Combine(dir, "LICENSE");
            System.Diagnostics.Process.Start("mkfifo", fifo)!.WaitForExit();
            var read = Task.Run(() => Assert.Throws<FileRefusedException>(() => RegularFile.ReadText(fifo, 1024)), TestContext.Current.CancellationToken);
            var e = await read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            Assert.Contains("FIFO", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_link_to_dev_zero_is_refused_not_read_until_memory_runs_out()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "needs /dev/zero");
        var dir = Directory.CreateTempSubdirectory("og-zero-").FullName;
        try
        {
            var link = Path.Combine(dir, "siblings.json");
            File.CreateSymbolicLink(link, "/dev/zero");
            var e = Assert.Throws<FileRefusedException>(() => RegularFile.ReadBytes(link, 1 << 20));
            Assert.Contains("character device", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Byte_budget_is_counted_from_the_stream()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, new byte[5000]);
            Assert.Throws<FileRefusedException>(() => RegularFile.ReadBytes(file, 4096));
            Assert.Equal(4096, RegularFile.ReadBytes(file, 4096, OverBudget.KeepStart).Length);
            Assert.Equal(5000, RegularFile.ReadBytes(file, 5000).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_text()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("MIT License")).ToArray();
        Assert.True(TextDecoding.HasWideByteOrderMark(bytes));
        Assert.Equal("MIT License", TextDecoding.Decode(bytes));
    }

    [Theory]
    [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
    [InlineData("x\nMOF 1.0 (MOT) Class I", "x\\nMOF 1.0 (MOT) Class I")]
    [InlineData("evil\u202etxt.py", "evil\\u202etxt.py")]
    [InlineData("plain name.md", "plain name.md")]
    public void Terminal_text_shows_control_characters_instead_of_obeying_them(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(input));
}
