using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Sources;

/// <summary>What a SOURCE argument names: a JSONL file (plain, .gz, .zst), a Parquet dump, or the live listing.</summary>
public static class BatchSources
{
    public static IRecordSource Open(string source, HubOptions hub)
    {
        if (HubListingSource.Handles(source))
        {
            HubListingSource.FirstPage(source); // the query is checked before anything runs
            return new HubListingSource(source, hub);
        }
        if (source.StartsWith("hf:", StringComparison.Ordinal)) throw new SourceException($"{Core.Text.TerminalText.Clip(source, 200)}: a listing source is hf:?QUERY (e.g. hf:?author=google&sort=downloads); assess grades one hf:org/name");
        if (ParquetSource.Handles(source)) return new ParquetSource(source);
        if (JsonLinesSource.Handles(source)) return new JsonLinesSource(source);
        throw new SourceException($"{Core.Text.TerminalText.Clip(source, 200)}: not a batch source (FILE.jsonl, .jsonl.gz, .jsonl.zst, FILE.parquet or hf:?QUERY)");
    }
}
