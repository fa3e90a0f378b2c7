using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenGrade.Batch.Running;

/// <summary>
/// The CPU time the calling thread has used, in <see cref="Stopwatch"/> ticks: what a stage costs,
/// whatever else the cores run. A stopwatch on a busy machine also counts the time a thread waits
/// for a core (two graders, the writer and the collector share two cores: stage sums came to about
/// twice the process's CPU time). On Linux, the thread's own clock (<c>clock_gettime</c>, a vDSO call);
/// elsewhere, wall time.
/// </summary>
public static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    public static bool IsThreadClock { get; } = OperatingSystem.IsLinux() && Probe();

    public static long Now()
    {
        if (!IsThreadClock) return Stopwatch.GetTimestamp();
        ClockGetTime(ClockThreadCpuTime, out var t);
        var nanoseconds = t.Seconds * 1_000_000_000 + t.Nanoseconds;
        return Stopwatch.Frequency == 1_000_000_000 ? nanoseconds : (long)(nanoseconds * (Stopwatch.Frequency / 1e9));
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
