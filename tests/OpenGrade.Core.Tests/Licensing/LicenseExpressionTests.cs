using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseExpressionTests
{
    private static LicenseExpression Parse(string text)
    {
        Assert.True(LicenseExpressionParser.TryParse(text, out var e), $"'{text}' should parse");
        return e!;
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var e = Parse("MIT OR Apache-2.0 AND BSD-3-Clause");

        var or = Assert.IsType<LicenseExpression.Or>(e);
        Assert.IsType<LicenseExpression.And>(or.Right);
    }

    [Fact]
    public void Parentheses_group_and_print_back()
    {
        var e = Parse("(MIT OR Apache-2.0) AND BSD-3-Clause");

        Assert.IsType<LicenseExpression.And>(e);
        Assert.Equal("(MIT OR Apache-2.0) AND BSD-3-Clause", e.ToString());
    }

    [Fact]
    public void With_keeps_the_exception()
    {
        var e = Parse("GPL-2.0-only WITH Classpath-exception-2.0");

        Assert.Equal("GPL-2.0-only", Assert.IsType<LicenseExpression.With>(e).License.Value);
        Assert.Equal(["GPL-2.0-only"], e.Ids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MIT OR")]
    [InlineData("(MIT")]
    [InlineData("MIT Apache-2.0")]
    [InlineData("Apache 2.0")]
    [InlineData("MIT WITH")]
    public void Malformed_expressions_do_not_parse(string text)
    {
        Assert.False(LicenseExpressionParser.TryParse(text, out _));
    }

    [Fact]
    public void Satisfies_follows_or_and_semantics()
    {
        static bool Open(string id) => id is "MIT" or "Apache-2.0";

        Assert.True(Parse("MIT OR Proprietary").Satisfies(Open));
        Assert.False(Parse("MIT AND Proprietary").Satisfies(Open));
        Assert.True(Parse("(MIT AND Apache-2.0) OR Proprietary").Satisfies(Open));
    }
}
