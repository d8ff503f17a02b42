using System.Text.Json;

namespace MeshLint.Tests.Support;

/// <summary>
/// Checks a SARIF log the two ways ../shared/sarif/README.md describes: the SARIF Multitool's validate verb with
/// the Sarif and Gh rule kinds (authoring rules and GitHub's ingestion rules), and a plain JSON-schema validation
/// of structure (which catches invalid enum values the Multitool lets through). .ci/run installs both tools.
/// </summary>
public static class SarifValidator
{
    public sealed record Report(int Errors, int Warnings, int Notes, IReadOnlyList<string> Problems);

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? MultitoolPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MESHLINT_SARIF_MULTITOOL");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var local = Repo.PathOf(".tools", "sarif", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");
        return File.Exists(local) ? local : null;
    }

    /// <summary>
    /// The SARIF 2.1.0 schema: ../shared/sarif's copy beside the checkout, else the identical copy the Sarif.Sdk
    /// package ships (Schemata/sarif-2.1.0.json), which every restore of this repository downloads.
    /// </summary>
    public static string? SchemaPath()
    {
        var shared = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "sarif", "sarif-schema-2.1.0.json"));
        if (File.Exists(shared))
        {
            return shared;
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packaged = Path.Combine(packages, "sarif.sdk", "5.8.0", "Schemata", "sarif-2.1.0.json");
        return File.Exists(packaged) ? packaged : null;
    }

    /// <summary>Fails the test in CI when a validator is missing; elsewhere marks it inconclusive.</summary>
    public static void RequireTools()
    {
        var missing = new List<string>();
        if (MultitoolPath() is null)
        {
            missing.Add("SARIF Multitool (run .ci/run, or npm install --prefix .tools/sarif @microsoft/sarif-multitool-linux@5.7.0)");
        }

        if (SchemaPath() is null || !PythonHasJsonSchema())
        {
            missing.Add("JSON-schema check (../shared/sarif/sarif-schema-2.1.0.json and python3-jsonschema)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var message = "missing validator: " + string.Join("; ", missing);
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
    }

    /// <summary>Runs both validators on <paramref name="sarifPath"/>; Errors and Warnings must be 0 for a clean log.</summary>
    public static Report Validate(string sarifPath)
    {
        RequireTools();
        var problems = new List<string>();
        int errors = 0, warnings = 0, notes = 0;

        var output = sarifPath + ".validation.sarif";
        File.Delete(output);
        var (exit, stdout) = Run(MultitoolPath()!, "validate", sarifPath, "--output", output, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note");
        if (!File.Exists(output))
        {
            // The Multitool crashes instead of reporting some defects (a ruleIndex out of range): that is a failure.
            return new Report(1, 0, 0, [$"SARIF Multitool produced no output (exit {exit}): {stdout}"]);
        }

        using (var doc = JsonDocument.Parse(File.ReadAllText(output)))
        {
            foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results))
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
                    var rule = result.TryGetProperty("ruleId", out var r) ? r.GetString() : "?";
                    switch (level)
                    {
                        case "error":
                            errors++;
                            problems.Add($"error {rule}: {result.GetProperty("message")}");
                            break;
                        case "warning":
                            warnings++;
                            problems.Add($"warning {rule}: {result.GetProperty("message")}");
                            break;
                        default:
                            notes++;
                            break;
                    }
                }
            }
        }

        var script = "import json,sys,jsonschema;s=json.load(open(sys.argv[1]));v=jsonschema.validators.validator_for(s)(s);e=list(v.iter_errors(json.load(open(sys.argv[2]))));[print(x.json_path,x.message) for x in e];sys.exit(1 if e else 0)";
        var (schemaExit, schemaOut) = Run("/usr/bin/python3", "-c", script, SchemaPath()!, sarifPath);
        if (schemaExit != 0)
        {
            errors++;
            problems.Add($"schema: {schemaOut.Trim()}");
        }

        return new Report(errors, warnings, notes, problems);
    }

    private static bool PythonHasJsonSchema()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        var (exit, _) = Run("/usr/bin/python3", "-c", "import jsonschema");
        return exit == 0;
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var result = ChildProcess.Run(file, args, timeout: TimeSpan.FromMinutes(2));
        return result.TimedOut ? (-1, "timed out") : (result.Exit, result.Output);
    }
}
