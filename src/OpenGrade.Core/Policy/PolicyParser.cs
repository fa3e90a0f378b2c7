using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Core.Policy;

/// <summary>
/// Reads a policy from YAML text. Strict: an unknown key, a misspelt license, component or
/// restriction, or a value of the wrong shape is a <see cref="PolicyException"/> naming the line,
/// because a CI gate that silently ignores a rule passes releases it should stop.
/// </summary>
public sealed class PolicyParser(MofFramework mof, LicenseRecognizer recognizer)
{
    private static readonly string[] TopKeys = ["name", "description", "mof", "osaid", "licenses", "restrictions", "components"];

    public Policy Parse(string text, string source)
    {
        var stream = Load(text, source);
        if (stream.Documents.Count == 0) throw new PolicyException(source, 0, 0, "the policy file is empty");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new PolicyException(source, (int)second.Line, (int)second.Column, "a policy file holds one YAML document; found another here");
        }
        var reader = new NodeReader(source);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the policy", TopKeys);
        var policy = new Policy(
            source,
            reader.OptionalScalar(root, "name"),
            root.TryGetValue("mof", out var m) ? ParseMof(reader, m) : null,
            root.TryGetValue("osaid", out var o) ? ParseOsaid(reader, o) : null,
            root.TryGetValue("licenses", out var l) ? ParseLicenses(reader, l) : null,
            root.TryGetValue("restrictions", out var r) ? ParseRestrictions(reader, r) : null,
            root.TryGetValue("components", out var c) ? ParseComponents(reader, c) : null);
        if (policy.RuleCount == 0)
        {
            throw new PolicyException(source, Line(stream.Documents[0].RootNode), 1, "the policy sets no rule (mof, osaid, licenses, restrictions or components)");
        }
        return policy;
    }

    /// <summary>Loads the text within <see cref="BoundedYaml"/>'s budget: every way YAML can be wrong is one positioned problem.</summary>
    private static YamlStream Load(string text, string source)
    {
        try
        {
            return BoundedYaml.Load(text);
        }
        catch (YamlException e)
        {
            throw new PolicyException(source, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {BoundedYaml.Problem(e)}");
        }
    }

    /// <summary>A value quoted from the policy, short enough for a one-line error.</summary>
    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private MofRule ParseMof(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "mof", ["minimum_class", "reading"]);
        var classNode = reader.Required(map, node, "mof", "minimum_class");
        var text = reader.Scalar(classNode, "mof.minimum_class").Trim();
        var cls = text.ToUpperInvariant().Replace("CLASS", "").Trim() switch
        {
            "III" or "3" => 3,
            "II" or "2" => 2,
            "I" or "1" => 1,
            _ => throw reader.Error(classNode, $"mof.minimum_class '{Clip(text)}' is not a MOF class (expected III, II or I)"),
        };
        var mot = false;
        if (map.TryGetValue("reading", out var readingNode))
        {
            mot = reader.Scalar(readingNode, "mof.reading") switch
            {
                "recognised" => false,
                "mot" => true,
                var other => throw reader.Error(readingNode, $"mof.reading '{Clip(other)}' is not known (expected recognised or mot)"),
            };
        }
        return new MofRule(cls, mot, reader.Location(node));
    }

    private static OsaidRule ParseOsaid(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "osaid", ["required_verdict"]);
        var verdictNode = reader.Required(map, node, "osaid", "required_verdict");
        // One verdict, or a list of acceptable ones ("conformant or insufficient-information").
        var names = verdictNode is YamlSequenceNode ? reader.Sequence(verdictNode, "osaid.required_verdict") : [(reader.Scalar(verdictNode, "osaid.required_verdict"), verdictNode)];
        var verdicts = names.Select(n => JudgementKeys.TryParseOsaidVerdict(n.Text, out var verdict)
            ? verdict
            : throw reader.Error(n.Node, $"'{Clip(n.Text)}' is not an OSAID verdict (expected conformant, insufficient-information or not-conformant)"))
            .Distinct().ToImmutableArray();
        return new OsaidRule(verdicts, reader.Location(node));
    }

    private LicenseRule ParseLicenses(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "licenses", ["allowed", "denied"]);
        if (map.Count == 0) throw reader.Error(node, "licenses sets neither allowed nor denied");
        ImmutableArray<string>? allowed = map.TryGetValue("allowed", out var a) ? Licenses(reader, a, "licenses.allowed") : null;
        var denied = map.TryGetValue("denied", out var d) ? Licenses(reader, d, "licenses.denied") : [];
        var overlap = denied.Intersect(allowed ?? []).ToList();
        if (overlap.Count > 0) throw reader.Error(d!, $"licenses both allowed and denied: {string.Join(", ", overlap)}");
        return new LicenseRule(allowed, a is null ? null : reader.Location(a), denied, d is null ? null : reader.Location(d));
    }

    /// <summary>License ids, read the way release licenses are read, so "Apache 2.0" in a policy means Apache-2.0.</summary>
    private ImmutableArray<string> Licenses(NodeReader reader, YamlNode node, string what) =>
        [.. reader.Sequence(node, what).Select(item => recognizer.Read(item.Text).Id
            ?? throw reader.Error(item.Node, $"{what}: '{Clip(item.Text)}' is not a license OpenGrade knows (use an SPDX id or a known AI license id)")).Distinct()];

    private static RestrictionRule ParseRestrictions(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "restrictions", ["denied"]);
        var list = reader.Required(map, node, "restrictions", "denied");
        var kinds = reader.Sequence(list, "restrictions.denied").Select(item => RestrictionKindNames.TryParse(item.Text, out var kind)
            ? kind
            : throw reader.Error(item.Node, $"'{Clip(item.Text)}' is not a restriction kind (expected one of {string.Join(", ", RestrictionKindNames.All)})"))
            .Distinct().ToImmutableArray();
        return new RestrictionRule(kinds, reader.Location(node));
    }

    private ComponentRule ParseComponents(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "components", ["required"]);
        var list = reader.Required(map, node, "components", "required");
        var components = reader.Sequence(list, "components.required").Select(item => mof.Find(item.Text)
            ?? throw reader.Error(item.Node, $"'{Clip(item.Text)}' is not a MOF component"
                + (mof.FindIgnoringCase(item.Text) is { } near ? $" (did you mean '{near.Name}'?)" : ""))).Distinct().ToImmutableArray();
        return new ComponentRule(components, reader.Location(node));
    }

    /// <summary>Reads YAML nodes of an expected shape, turning every surprise into a positioned error.</summary>
    private sealed class NodeReader(string source)
    {
        private static readonly string[] PlainTags = ["tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"];

        public PolicyException Error(YamlNode node, string problem) => new(source, (int)node.Start.Line, (int)node.Start.Column, problem);

        public SourceLocation Location(YamlNode node) => new(source, (int)node.Start.Line, (int)node.Start.Column);

        public Dictionary<string, YamlNode> Mapping(YamlNode node, string what, IReadOnlyCollection<string> keys)
        {
            if (node is not YamlMappingNode map) throw Error(node, $"{what} must be a mapping of {string.Join(", ", keys)}");
            Untagged(node, what);
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, $"{what}: keys must be plain words");
                Untagged(keyNode, what);
                if (!keys.Contains(key)) throw Error(keyNode, $"unknown key '{Clip(key)}' in {what} (expected {string.Join(", ", keys)})");
                if (!result.TryAdd(key, value)) throw Error(keyNode, $"'{Clip(key)}' appears twice in {what}");
            }
            return result;
        }

        public YamlNode Required(Dictionary<string, YamlNode> map, YamlNode parent, string what, string key) =>
            map.TryGetValue(key, out var node) ? node : throw Error(parent, $"{what} needs '{key}'");

        public string Scalar(YamlNode node, string what)
        {
            if (node is not YamlScalarNode { Value: { Length: > 0 } v }) throw Error(node, $"{what} must be a single value");
            Untagged(node, what);
            return v;
        }

        public string? OptionalScalar(Dictionary<string, YamlNode> map, string key) =>
            map.TryGetValue(key, out var node) ? Scalar(node, key) : null;

        public List<(string Text, YamlNode Node)> Sequence(YamlNode node, string what)
        {
            if (node is not YamlSequenceNode seq) throw Error(node, $"{what} must be a list");
            Untagged(node, what);
            // An empty list is almost always a mistake: an empty allow-list would refuse everything.
            if (seq.Children.Count == 0) throw Error(node, $"{what} lists nothing; remove the key or list at least one entry");
            return [.. seq.Children.Select(item => (Scalar(item, $"an entry of {what}"), item))];
        }

        /// <summary>
        /// A policy is plain data: a tag such as <c>!!binary</c> or <c>!custom</c> would otherwise be
        /// dropped silently and its value read as text, so only the tags that restate the plain
        /// reading (strings, integers, mappings, lists) are accepted.
        /// </summary>
        private void Untagged(YamlNode node, string what)
        {
            if (node.Tag.IsEmpty || node.Tag.IsNonSpecific || PlainTags.Contains(node.Tag.Value)) return;
            var tag = node.Tag.Value.Replace("tag:yaml.org,2002:", "!!", StringComparison.Ordinal);
            throw Error(node, $"{what}: the YAML tag {Clip(tag)} is not used in a policy (write the plain value)");
        }
    }
}
