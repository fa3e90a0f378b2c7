using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Cli;

/// <summary>Turns what the user typed as a TARGET into an assessed release, or a one-line reason why not.</summary>
public sealed class Targets(Assessor assessor)
{
    private readonly MotModelReader _motReader = new(assessor.Framework);

    public AssessedTarget Assess(string target)
    {
        try
        {
            return AssessedTarget.Ok(target, assessor.Assess(Read(target)));
        }
        catch (ModelFileException e)
        {
            return AssessedTarget.Failed(target, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return AssessedTarget.Failed(target, $"{target}: {e.Message}");
        }
    }

    private ModelRelease Read(string target)
    {
        if (Directory.Exists(target))
        {
            throw new FormatException("is a directory; give a MOT model file (.yml or .yaml)");
        }
        if (!File.Exists(target)) throw new FileNotFoundException("no such file");
        var ext = Path.GetExtension(target);
        if (ext.Equals(".yml", StringComparison.OrdinalIgnoreCase) || ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            return _motReader.ReadFile(target);
        }
        throw new FormatException("is not a MOT model file (expected a .yml or .yaml file)");
    }
}
