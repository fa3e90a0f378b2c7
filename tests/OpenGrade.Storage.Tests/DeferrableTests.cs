namespace OpenGrade.Storage.Tests;

/// <summary>What a first load may drop and build again comes from the migrations alone.</summary>
public sealed class DeferrableTests
{
    [Fact]
    public void Secondary_indexes_and_triggers_are_deferrable_keys_and_constraints_are_not()
    {
        var sqlite = Migrations.Deferrable(CatalogProvider.Sqlite);
        Assert.Equal(12, sqlite.Count(d => d.Kind == "INDEX"));
        Assert.All(sqlite.Where(d => d.Kind == "INDEX"), d => Assert.StartsWith("ix_", d.Name));
        Assert.Equal(["models_text_delete", "models_text_insert", "models_text_update"], sqlite.Where(d => d.Kind == "TRIGGER").Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sqlite, d => d.Optional);

        var postgres = Migrations.Deferrable(CatalogProvider.Postgres);
        Assert.DoesNotContain(postgres, d => d.Kind == "TRIGGER");
        var search = Assert.Single(postgres, d => d.Name == "ix_models_search");
        Assert.True(search.Optional);
        Assert.Equal(13, postgres.Count);
    }

    [Fact]
    public void The_statements_can_be_repeated()
    {
        var index = Assert.Single(Migrations.Deferrable(CatalogProvider.Sqlite), d => d.Name == "ix_models_total");
        Assert.Equal("DROP INDEX IF EXISTS ix_models_total", index.Drop);
        Assert.Equal("CREATE INDEX IF NOT EXISTS ix_models_total ON models (mof_total, id)", index.CreateIfMissing);
        var trigger = Assert.Single(Migrations.Deferrable(CatalogProvider.Sqlite), d => d.Name == "models_text_insert");
        Assert.StartsWith("CREATE TRIGGER IF NOT EXISTS models_text_insert AFTER INSERT ON models", trigger.CreateIfMissing);
    }
}
