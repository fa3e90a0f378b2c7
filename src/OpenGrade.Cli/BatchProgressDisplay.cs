using OpenGrade.Batch.Running;

namespace OpenGrade.Cli;

/// <summary>
/// The batch's progress on standard error: one line kept up to date on a terminal (rate, and the ETA
/// when the sources' size is known); with --progress and no terminal, one line every few seconds.
/// </summary>
public sealed class BatchProgressDisplay(bool forced)
{
    private readonly bool _terminal = !Console.IsErrorRedirected;

    public bool Enabled => _terminal || forced;

    public TimeSpan Every => _terminal ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);

    public void Show(BatchCounts c, double? fraction)
    {
        var seconds = c.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? c.Read / seconds : 0;
        var eta = fraction is > 0.001 and < 1 ? $" {fraction:P0} ETA {TimeSpan.FromSeconds(seconds * (1 - fraction.Value) / fraction.Value):hh\\:mm\\:ss}" : "";
        var line = $"batch: {c.Read:N0} read, {c.Written:N0} written, {c.Unchanged:N0} unchanged, {c.Malformed:N0} malformed, {rate:N0}/s{eta}";
        if (_terminal) Console.Error.Write($"\r\u001b[K{line}");
        else Console.Error.WriteLine($"opengrade: {line}");
    }

    public void Clear()
    {
        if (_terminal) Console.Error.Write("\r\u001b[K");
    }
}
