namespace OpenGrade.Core.Licensing;

/// <summary>
/// How a license exception is recognised by its paragraph (data: <c>exception_cues</c> in
/// license-names.yaml): the consecutive <see cref="Cue"/> words, then within a short window every
/// one of <see cref="Words"/>; it modifies a license of <see cref="Modifies"/> (ids without
/// -only/-or-later) found in the same text.
/// </summary>
public sealed record ExceptionCue(string Id, IReadOnlyList<string> Modifies, IReadOnlyList<string> Cue, IReadOnlyList<string> Words);
