using System.Text.Json.Nodes;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Reports.Aibom;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary>
/// Badge faces for a stored assessment (its JSON), drawn by the same <see cref="Badge"/> renderer
/// that serves <c>opengrade assess --format badge</c>.
/// </summary>
public static class StoredBadges
{
    public static BadgeFace? Face(JsonObject a, string framework) => framework switch
    {
        "mof" when a["mof"] is JsonObject m => Badge.Mof(S(m, "framework_version"), (int?)m["class"] ?? 0, S(m, "class_label"), n => (double?)m["progress"]?["class" + n] ?? 0),
        "osaid" when a["osaid"] is JsonObject o && JudgementKeys.TryParseOsaidVerdict(S(o, "verdict"), out var v) =>
            Badge.Osaid(S(o, "framework_version"), v, A(o, "requirements").Select(r => Status(S(r, "status")))),
        "eu-ai-act" when a["eu_ai_act"] is JsonObject eu => Badge.EuAiAct(EuVerdict(S(eu, "verdict")), A(eu, "reasons").Select(r => Status(S(r, "status")))),
        _ => null,
    };

    private static RequirementStatus Status(string key) => Enum.GetValues<RequirementStatus>().FirstOrDefault(s => s.Key() == key, RequirementStatus.Unknown);

    private static EuAiActVerdict EuVerdict(string key) => Enum.GetValues<EuAiActVerdict>().FirstOrDefault(s => s.Key() == key, EuAiActVerdict.Unknown);

    // ── PNG: the one place the PNG renderer plugs in (Badge.Png: the same measured layout as the SVG, with the percentage).
    public static bool HasPng => true;

    public static byte[]? Png(BadgeFace face) => Badge.Png(face);
}
