using System.Text.Json;
using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests;

/// <summary><c>opengrade license detect/show</c> end to end, as a user runs them.</summary>
public sealed class LicenseCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("opengrade-license-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Detect_prints_json_with_matches_and_line_ranges()
    {
        var file = Write("LICENSE", "Some header\n\n// SPDX-License-Identifier: MIT\n");
        var r = CliRunner.Run("license", "detect", file, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var result = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(file, result.GetProperty("path").GetString());
        Assert.Equal("MIT", result.GetProperty("license").GetString());
        Assert.Equal(1.0, result.GetProperty("confidence").GetDouble());
        var match = Assert.Single(result.GetProperty("matches").EnumerateArray());
        Assert.Equal("MIT", match.GetProperty("id").GetString());
        Assert.Equal("identifier", match.GetProperty("kind").GetString());
        Assert.Equal("3-3", match.GetProperty("lines").GetString());
    }

    [Fact]
    public void Many_files_are_identified_together_and_reported_in_argument_order()
    {
        // Identified in parallel across all arguments; the answers keep the order given.
        var ids = new[] { "MIT", "Apache-2.0", "ISC", "BSD-2-Clause", "MPL-2.0", "Zlib" };
        var files = ids.Select((id, i) => Write($"f{i}/LICENSE", $"// SPDX-License-Identifier: {id}\n")).ToArray();
        var none = Write("empty/README.txt", "nothing to see\n");
        var r = CliRunner.Run(["license", "detect", "--format", "json", .. files, none]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var results = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([.. files, none], results.Select(x => x.GetProperty("path").GetString()!));
        Assert.Equal([.. ids, null], results.Select(x => x.GetProperty("license").GetString()));
    }

    [Fact]
    public void Detect_on_a_corpus_file_names_the_ai_license()
    {
        var file = SharedCorpus.PathTo("corpus", "ai-licenses", "llama3.1-LICENSE.txt");
        var r = CliRunner.Run("license", "detect", file, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("LicenseRef-llama3.1", json.RootElement[0].GetProperty("license").GetString());
    }

    [Fact]
    public void Detect_in_a_folder_reads_license_files_and_readme_license_sections()
    {
        Write("repo/LICENSE-CODE", "SPDX-License-Identifier: Apache-2.0\n");
        Write("repo/USE_POLICY.md", "# Llama 3.1 Acceptable Use Policy\n\nOur own words here.\n");
        Write("repo/README.md", "# Tool\n\nIt is released under the GPL. Not a grant we read.\n\n## License\n\nThis project is released under the MIT license.\n\n## Usage\n\nRun it.\n");
        Write("repo/main.py", "print('licensed under the BSD license')\n");
        var r = CliRunner.Run("license", "detect", Path.Combine(_temp, "repo"), "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var byFile = json.RootElement.EnumerateArray().ToDictionary(e => Path.GetFileName(e.GetProperty("path").GetString()!), e => e);
        Assert.Equal(["LICENSE-CODE", "README.md", "USE_POLICY.md"], byFile.Keys.Order().ToArray());
        Assert.Equal("Apache-2.0", byFile["LICENSE-CODE"].GetProperty("license").GetString());
        Assert.Equal("MIT", byFile["README.md"].GetProperty("license").GetString());
        Assert.Equal("7-7", byFile["README.md"].GetProperty("matches")[0].GetProperty("lines").GetString());
        Assert.Equal(JsonValueKind.Null, byFile["USE_POLICY.md"].GetProperty("license").ValueKind);
        Assert.Equal("marker", byFile["USE_POLICY.md"].GetProperty("matches")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Detect_prints_text_by_default()
    {
        var file = Write("COPYING", "Licensed under the Apache License, Version 2.0.\n");
        var r = CliRunner.Run("license", "detect", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Apache-2.0", r.Stdout);
        Assert.Contains("notice", r.Stdout);
        Assert.Contains("lines 1-1", r.Stdout);
    }

    [Fact]
    public void A_file_without_a_license_is_reported_as_none()
    {
        var file = Write("NOTICE", "Nothing to see here.\n");
        var r = CliRunner.Run("license", "detect", file, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement[0].GetProperty("license").ValueKind);
        Assert.Equal(0, json.RootElement[0].GetProperty("confidence").GetDouble());
    }

    [Fact]
    public void A_missing_path_exits_2_with_one_line()
    {
        var missing = Path.Combine(_temp, "nope", "LICENSE");
        var r = CliRunner.Run("license", "detect", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {missing}: no such file or directory", r.Stderr.Trim());
    }

    [Fact]
    public void A_binary_file_exits_2_and_other_paths_are_still_read()
    {
        var binary = Path.Combine(_temp, "LICENSE.bin");
        File.WriteAllBytes(binary, [0, 1, 2, 0, 255]);
        var good = Write("LICENSE", "SPDX-License-Identifier: ISC\n");
        var r = CliRunner.Run("license", "detect", binary, good, "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("binary file", r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("ISC", json.RootElement[0].GetProperty("license").GetString());
    }

    [Fact]
    public void Show_lists_the_llama_3_1_facts()
    {
        var r = CliRunner.Run("license", "show", "LicenseRef-llama3.1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("700M monthly active users", r.Stdout);
        Assert.Contains("Llama 3.1 Acceptable Use Policy", r.Stdout);
        Assert.Contains("naming rule", r.Stdout);
        Assert.Contains("must begin with \"Llama\"", r.Stdout);
        Assert.Contains("not OSI-approved", r.Stdout);
    }

    [Fact]
    public void Show_accepts_names_and_reports_mof_content_types()
    {
        var r = CliRunner.Run("license", "show", "apache-2.0");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Apache-2.0", r.Stdout);
        Assert.Contains("code", r.Stdout);
    }

    [Fact]
    public void Show_of_an_unknown_id_exits_2()
    {
        var r = CliRunner.Run("license", "show", "No-Such-License-9");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("opengrade: No-Such-License-9: not a license", r.Stderr.Trim());
    }

    [Theory]
    [InlineData("license")]
    [InlineData("license", "detect")]
    [InlineData("license", "show")]
    public void Every_command_has_help(params string[] command)
    {
        var r = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
    }

    [Fact]
    public void Bench_licenses_reports_cold_process_and_cold_single_file_times()
    {
        // Two tiny corpora of our own (SPDX tags), so the whole bench runs in seconds.
        foreach (var (corpus, id) in new[] { ("licenses-dev", "MIT"), ("ai-licenses", "Apache-2.0") })
        {
            Write($"shared/corpus/{corpus}/a.txt", $"// SPDX-License-Identifier: {id}\n");
            Write($"shared/corpus/{corpus}/b.txt", "nothing here\n");
            Write($"shared/corpus/{corpus}/manifest.tsv", $"file\texpected\tsource\na.txt\t{id}\tours\nb.txt\tnone\tours\n");
        }
        var r = CliRunner.Run("bench", "licenses", "--shared", Path.Combine(_temp, "shared"), "--no-peers", "--rounds", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("opengrade (cold process)", r.Stdout);
        Assert.Matches(@"cold single file \(a\.txt, median of 11 runs, start-up included\): opengrade \d+ ms", r.Stdout);
        Assert.Contains("100.0%", r.Stdout);
    }

    [Fact]
    public void A_bad_format_is_a_usage_error()
    {
        var r = CliRunner.Run("license", "detect", "x", "--format", "yaml");
        Assert.Equal(2, r.ExitCode);
    }
}
