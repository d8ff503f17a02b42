using System.Diagnostics;

namespace MeshLint.Tests.Support;

/// <summary>Runs a real program the tests drive (git, pre-commit, Chromium, the validators) and collects its output.</summary>
public static class ChildProcess
{
    public sealed record Result(int Exit, string Stdout, string Stderr, bool TimedOut)
    {
        /// <summary>Standard output followed by standard error.</summary>
        public string Output => Stdout + Stderr;
    }

    /// <summary>Runs <paramref name="file"/>; with a <paramref name="timeout"/>, a run that outlasts it is killed (TimedOut).</summary>
    public static Result Run(string file, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (timeout is { } limit && !process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, string.Empty, string.Empty, TimedOut: true);
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, TimedOut: false);
    }
}
