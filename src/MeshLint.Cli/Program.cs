using System.Text;
using MeshLint.Cli;

// Console.Out flushes on every write: a report of thousands of findings would be thousands of write calls.
// Reports stream through one buffer instead, flushed when the command ends.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
try
{
    return await Cli.RunAsync(args, Console.In, stdout, Console.Error);
}
finally
{
    await stdout.FlushAsync();
}
