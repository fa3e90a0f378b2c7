namespace OpenGrade.Core.Domain;

/// <summary>
/// The names under which an assessment travels in AI-BOMs and OCI annotations (docs/exports.md):
/// the <c>openness:</c> vocabulary, the same in SPDX and CycloneDX, and the CNCF draft's keys.
/// One spelling, for the writers and the readers alike.
/// </summary>
public static class OpennessKeys
{
    public const string MofFrameworkVersion = "openness:mof:framework-version";
    public const string MofClass = "openness:mof:class";
    public const string MofClassNumber = "openness:mof:class-number";
    public const string MofComponent = "openness:mof:component";
    public const string MofStatus = "openness:mof:status";
    public const string MofRecognisedStatus = "openness:mof-recognised:status";
    public const string LicenseStatus = "openness:license:status";
    public const string LicenseSourceKey = "openness:license:source";
    public const string LicenseId = "openness:license:id";
    public const string LicenseEntry = "openness:license:entry";
    public const string LicenseAsWritten = "openness:license:as-written";
    public const string LicensePath = "openness:license:path";
    public const string ComponentPath = "openness:component:path";
    public const string DatasetRole = "openness:dataset:role";
    public const string ReleasePrefix = "openness:release:";

    /// <summary>How the release reads its silence (<see cref="ReleaseCoverage"/>), as compact JSON, so a read-back judges unknown as unknown.</summary>
    public const string ReleaseCoverage = "openness:release:coverage";
    public const string GlobalLicensePrefix = "openness:license:global:";
    public const string SignalPrefix = "openness:signal:";
    public const string OsaidVerdict = "openness:osaid:verdict";
    public const string EuAiActVerdict = "openness:eu-ai-act:verdict";
    public const string Flag = "openness:flag";
    /// <summary>On each exported component: <c>present</c> (only present components become elements).</summary>
    public const string ComponentPresence = "openness:component:presence";

    /// <summary>On the model, per component not shown present: <c>absent</c> or <c>unknown</c> (suffix: the CNCF kebab-case name).</summary>
    public const string ComponentPresencePrefix = "openness:component:presence:";

    /// <summary>On the model, per component not shown present: why (suffix: the CNCF kebab-case name).</summary>
    public const string ComponentPresenceReasonPrefix = "openness:component:presence-reason:";

    /// <summary>On the model, per component not shown present: the license the source declares for it anyway.</summary>
    public const string ComponentDeclaredLicensePrefix = "openness:component:declared-license:";

    /// <summary>On each ancestor element: the whole <see cref="Ancestor"/> as compact JSON (<see cref="AncestorText"/>), read back exactly.</summary>
    public const string LineageAncestor = "openness:lineage:ancestor";
    public const string LineageId = "openness:lineage:id";
    public const string LineageIndex = "openness:lineage:index";
    public const string LineageRelation = "openness:lineage:relation";
    public const string LineageDepth = "openness:lineage:depth";
    public const string LineageChild = "openness:lineage:base-of";
    public const string LineageLicenseBasis = "openness:lineage:license-basis";
    public const string LineageKnown = "openness:lineage:known";
    public const string LineageRestrictions = "openness:lineage:restrictions";
    public const string LineageBinds = "openness:lineage:binds-weights";

    public const string CncfClass = "org.cncf.ai.model.mof.class";
    public const string CncfVersion = "org.cncf.ai.model.mof.version";
    public const string CncfComponents = "org.cncf.ai.model.mof.components";
}
