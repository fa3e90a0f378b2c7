using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Sources.Aibom;

/// <summary>
/// What an AI-BOM says about a model release: the release to judge, the signals it carries (only
/// OpenGrade's own documents carry any), the format read, whether the document is OpenGrade's own
/// (then it round-trips exactly), and notes on elements that could not be placed as MOF components.
/// </summary>
public sealed record AibomRelease(ModelRelease Release, ReleaseSignals Signals, string Format, bool Ours, ImmutableArray<string> Notes);

/// <summary>One element of an AI-BOM that stands for a MOF component, with its license as the document states it.</summary>
internal sealed record FoundComponent(string Component, string? License, string? LicensePath, string? ComponentPath, string Location);
