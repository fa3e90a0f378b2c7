using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseScoringTests
{
    [Theory]
    [InlineData("MIT", "MIT", ScoreClass.Right)]
    [InlineData("none", null, ScoreClass.Right)]
    [InlineData("none", "MIT", ScoreClass.WrongId)]
    [InlineData("MIT", null, ScoreClass.None)]
    [InlineData("MIT", "ISC", ScoreClass.WrongId)]
    [InlineData("BSD-3-Clause", "BSD-3-Clause-HP", ScoreClass.VariantConfusion)]
    [InlineData("MIT OR Apache-2.0", "Apache-2.0 OR MIT", ScoreClass.Right)]
    [InlineData("MIT OR Apache-2.0", "MIT AND Apache-2.0", ScoreClass.WrongOperator)]
    [InlineData("ISC AND MIT", "(ISC AND MIT) AND MIT", ScoreClass.WrongOperator)]
    [InlineData("GPL-2.0-or-later", "GPL-2.0-only", ScoreClass.OnlyOrLater)]
    [InlineData("GPL-2.0+", "GPL-2.0-or-later", ScoreClass.Right)]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", ScoreClass.Right)]
    public void Answers_fall_in_one_class(string expected, string? answer, ScoreClass want) =>
        Assert.Equal(want, LicenseScoring.Classify(expected, answer));
}
