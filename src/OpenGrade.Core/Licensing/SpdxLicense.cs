namespace OpenGrade.Core.Licensing;

/// <summary>An entry of the SPDX License List with the flags that decide openness.</summary>
public sealed record SpdxLicense(string Id, bool IsOsiApproved, bool IsFsfLibre, bool IsDeprecated)
{
    public bool IsOsiOrFsf => IsOsiApproved || IsFsfLibre;
}
