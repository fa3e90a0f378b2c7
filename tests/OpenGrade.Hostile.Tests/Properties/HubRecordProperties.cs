using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>Recorded Hub answers (model info, siblings, refs): damaged or crafted JSON gives a record or one line naming the file.</summary>
public sealed class HubRecordProperties
{
    private static IReadOnlyList<string> Answers(string name) => Corpus.Files("corpus/hf/models", name, maxBytes: 32 * 1024);

    /// <summary>JSON values of every type and size, where the reader expects one of them.</summary>
    private static readonly Gen<string> HostileJsonValues = Property.Any(
        Gen.OneOf("1e999", "-1e999", new string('9', 400), "1.5", "-1", "true", "null", "{}", "[]", "\"\"", "\"\\u0000\\u001b\\u202e\"",
            "\"\\ud800\"", "[1, \"a\", null, {}]", "{\"a\": [1]}", "\"../../x\"", "\"/etc/passwd\"", "\"a\\nb\"", "NaN", "Infinity", "'x'", "0x10"),
        Gen.Int[1, 3000].Select(n => new string('9', n)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>JSON nesting: System.Text.Json refuses more than 64 levels, so any depth is safe in-process.</summary>
    private static readonly Gen<string> JsonNesting = Property.Any(
        Gen.Int[1, 5000].Select(d => new string('[', d) + new string(']', d)),
        Gen.Int[1, 5000].Select(d => string.Concat(Enumerable.Repeat("{\"a\":", d)) + "1" + new string('}', d)));

    private static Gen<string> Mutated(string name) => Mutations.Of(Answers(name), HostileJsonValues, JsonNesting);

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_model_info_gives_a_record_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutated("api_model.json"), ParserTargets.HubInfo, iter: 1500);

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_siblings_give_a_record_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutated("siblings.json"), ParserTargets.HubSiblings, iter: 1500);

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_refs_give_a_record_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutated("refs.json"), ParserTargets.HubRefs, iter: 1500);

    [Fact(Timeout = Property.Timeout)]
    public Task Random_json_gives_a_record_or_a_one_line_error() =>
        Property.Check(Mutations.RandomText(Mutations.JsonAlphabet), text =>
        {
            ParserTargets.HubInfo.Run(text);
            ParserTargets.HubSiblings.Run(text);
            ParserTargets.HubRefs.Run(text);
        }, iter: 2000, Property.Quote);

    /// <summary>Well-formed answers whose every field has an unexpected type.</summary>
    [Fact(Timeout = Property.Timeout)]
    public Task Fields_of_the_wrong_type_give_a_record_or_a_one_line_error()
    {
        string[] keys = ["id", "sha", "gated", "tags", "library_name", "pipeline_tag", "safetensors", "cardData", "model-index", "config", "siblings", "_note", "complete", "branches", "tags", "name", "rfilename", "size", "lfs", "response", "status", "body", "code"];
        var value = Gen.Recursive<string>((depth, inner) => depth > 3
            ? HostileJsonValues
            : Property.Any(HostileJsonValues,
                inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
                Gen.Select(Gen.Int[0, keys.Length - 1], inner, (k, v) => (k, v)).Array[0, 5]
                    .Select(kvs => "{" + string.Join(",", kvs.Select(kv => $"\"{keys[kv.k]}\":{kv.v}")) + "}")));
        return Property.Check(value, text =>
        {
            ParserTargets.HubInfo.Run(text);
            ParserTargets.HubSiblings.Run(text);
            ParserTargets.HubRefs.Run(text);
        }, iter: 2000, Property.Quote);
    }
}
