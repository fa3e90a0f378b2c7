using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Inventory;

/// <summary>One component compared: present for us and for the people who wrote the MOT file? Under the same license?</summary>
public sealed record ComponentAgreement(
    MofComponent Component,
    Presence Ours,
    bool Theirs,
    string? OurLicense,
    string? TheirLicense,
    bool PresenceAgrees,
    bool? LicenseAgrees,
    string? Cause,
    bool OursReferencedWithoutLicense = false)
{
    /// <summary>Our finding lives outside the repository (a library, a linked repository, paper or dataset).</summary>
    public bool OursReferenced { get; init; }

    /// <summary>Their entry states no license of its own: MOT gives it the release's (content-type, else distribution) license.</summary>
    public bool TheirsInherited { get; init; }
}

/// <summary>Our inventory against a human-made MOT model file for the same model.</summary>
public sealed record InventoryAgreement(string Repository, string MotFile, ListingCompleteness Listing, ImmutableArray<ComponentAgreement> Components)
{
    public int PresenceAgreed => Components.Count(c => c.PresenceAgrees);
    public int LicenseCompared => Components.Count(c => c.LicenseAgrees is not null);
    public int LicenseAgreed => Components.Count(c => c.LicenseAgrees == true);
}

/// <summary>
/// Compares an inventory with a MOT model file component by component. Licenses are compared as
/// MOT resolves them (the component's own, else the content-type global, else the distribution),
/// after reading names to ids, so that "Apache 2.0" and "Apache-2.0" agree.
/// </summary>
public sealed class InventoryComparison(MofFramework framework, LicenseRecognizer recognizer)
{
    public InventoryAgreement Compare(ModelInventory ours, ModelRelease theirs, string motFile)
    {
        var rows = framework.Components.Select(component =>
        {
            var finding = ours.Find(component.Name)!;
            var theirEntry = theirs.Components.FirstOrDefault(e => e.Name == component.Name);
            var ourEntry = ours.Release.Components.FirstOrDefault(e => e.Name == component.Name);
            var ourLicense = ourEntry is null ? null : Resolve(ourEntry, ours.Release.Licenses, component.ContentType);
            var theirLicense = theirEntry is null ? null : Resolve(theirEntry, theirs.Licenses, component.ContentType);
            var presenceAgrees = (finding.Presence == Presence.Present) == (theirEntry is not null);
            bool? licenseAgrees = ourEntry is not null && theirEntry is not null ? Same(ourLicense, theirLicense) : null;
            return new ComponentAgreement(component, finding.Presence, theirEntry is not null, ourLicense, theirLicense,
                presenceAgrees, licenseAgrees, Cause(finding, theirEntry is not null, presenceAgrees, licenseAgrees, ourLicense, theirLicense),
                finding.Referenced && finding.License is null)
            {
                OursReferenced = finding.Referenced,
                TheirsInherited = theirEntry is { License: null },
            };
        }).ToImmutableArray();
        return new InventoryAgreement(ours.Snapshot.Id, motFile, ours.Snapshot.Files.Completeness, rows);
    }

    private static string? Resolve(ComponentEntry entry, GlobalLicenses globals, ContentType type)
    {
        if (entry.License is not null) return entry.License is "" or "unlicensed" ? null : entry.License;
        return globals.For(type)?.Name is { Length: > 0 } t ? t : globals.Distribution?.Name is { Length: > 0 } d ? d : null;
    }

    private bool Same(string? a, string? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return string.Equals(recognizer.Read(a).Effective, recognizer.Read(b).Effective, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Cause(ComponentFinding f, bool theirs, bool presenceAgrees, bool? licenseAgrees, string? ours, string? their)
    {
        if (!presenceAgrees)
        {
            if (theirs) return $"{f.Presence.ToString().ToLowerInvariant()} for us: {f.LicenseBasis}";
            var top = f.Evidence.FirstOrDefault();
            return top is null ? "the MOT file does not list it" : $"we found {top.Detail} ({top.Location}); the MOT file does not list it";
        }
        if (licenseAgrees == false)
        {
            // A referenced component whose license nobody could tell counts as unlicensed in MOT's reading;
            // the cause keeps why it has none (link not followed, place not found, nothing stated there).
            var why = f.Referenced && f.License is null ? $"{f.LicenseBasis}; counted unlicensed, as MOT records a license nobody could find" : f.LicenseBasis;
            return $"license: ours {ours ?? "none"} ({why}), theirs {their ?? "none"}";
        }
        return null;
    }
}
