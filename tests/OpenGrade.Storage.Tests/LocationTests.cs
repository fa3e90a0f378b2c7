using OpenGrade.Storage;

namespace OpenGrade.Storage.Tests;

public sealed class LocationTests
{
    [Fact]
    public void Postgres_urls_and_keyword_strings_choose_PostgreSQL_and_hide_the_password()
    {
        var url = CatalogLocation.Parse("postgres://og:s3cret@db.example:6543/catalog?sslmode=disable");
        Assert.Equal(CatalogProvider.Postgres, url.Provider);
        Assert.Contains("Host=db.example", url.ConnectionString);
        Assert.Contains("Port=6543", url.ConnectionString);
        Assert.Contains("Database=catalog", url.ConnectionString);
        Assert.DoesNotContain("s3cret", url.Display);
        Assert.Equal(CatalogProvider.Postgres, CatalogLocation.Parse("Host=127.0.0.1;Username=x;Password=y").Provider);
        Assert.Equal(CatalogProvider.Postgres, CatalogLocation.Parse("postgresql://h/db").Provider);
    }

    [Fact]
    public void Anything_else_is_a_SQLite_file()
    {
        var file = CatalogLocation.Parse("some/dir/catalog.db");
        Assert.Equal(CatalogProvider.Sqlite, file.Provider);
        Assert.Equal(Path.GetFullPath("some/dir/catalog.db"), file.Display);
        Assert.Throws<CatalogException>(() => CatalogLocation.Parse("bad\u0007name.db"));
    }

    [Theory]
    [InlineData("org/name", true)]
    [InlineData("Pythia-1B", true)]
    [InlineData("Class1TestFile_C1_100%-C2_100%", true)]
    [InlineData("../etc", false)]
    [InlineData("a/b/c", false)]
    [InlineData("", false)]
    [InlineData("a\u001b[31m", false)]
    [InlineData("/lead", false)]
    public void Model_ids_are_checked(string id, bool valid) => Assert.Equal(valid, ModelIds.IsValid(id));
}
