using System.CommandLine;
using System.Reflection;

namespace MeshLint.Cli;

/// <summary>The command line: the only place with the console, the environment and exit codes.</summary>
public static class Cli
{
    public const int ExitOk = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;

    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <param name="workingDirectory">Where relative paths and the configuration search start (the process's by default).</param>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, string? workingDirectory = null)
    {
        var io = new ConsoleIo(stdin, stdout, stderr) { WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory() };
        var root = new RootCommand("MeshLint: a static policy analyzer and linter for Istio, Linkerd and Consul service-mesh manifests.")
        {
            CheckCommand.Create(io),
            RulesCommand.Create(io),
            ExplainCommand.Create(io),
            BaselineCommand.Create(io),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"meshlint: error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'meshlint --help' for usage.");
            return ExitUsage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"meshlint: error: {ex.Message}");
            return ExitUsage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"meshlint: internal error: {ex.GetType().Name}: {ex.Message}. Please report it with the input that caused it.");
            return ExitUsage;
        }
    }
}

/// <summary>A mistake in how MeshLint was called or configured: one line on stderr, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

public sealed record ConsoleIo(TextReader In, TextWriter Out, TextWriter Error)
{
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
}
