using System.Diagnostics;

namespace OpenGrade.Sources.Files;

/// <summary>Whether the process that left a temporary file or folder (named with its id) still runs, so its leftovers may be removed.</summary>
public static class RunningProcesses
{
    public static bool IsRunning(int pid)
    {
        if (pid <= 0) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
