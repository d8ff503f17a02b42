using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Loading;

namespace MeshLint.Engine.Configuration;

/// <summary>
/// Reads .meshlint.yaml. Every key is known and every value checked: a mistake is a <see cref="ConfigException"/>
/// at its line with a hint, never silently ignored.
/// </summary>
public static class ConfigReader
{
    private static readonly string[] TopLevelKeys = ["include", "exclude", "rules", "overrides", "clusters", "failOn", "baseline", "mesh"];
    private static readonly string[] OverrideKeys = ["files", "rules"];
    private static readonly string[] ClusterKeys = ["name", "paths"];
    private static readonly string[] FailOnValues = ["error", "warning", "note", "none"];
    private static readonly string[] LevelValues = ["off", "on", "error", "warning", "note"];

    /// <param name="text">The file's text.</param>
    /// <param name="displayPath">The file as error messages name it.</param>
    /// <param name="directory">The folder globs and the baseline path are relative to.</param>
    public static MeshLintConfig Read(string text, string displayPath, string directory)
    {
        var stream = YamlDocuments.Parse(text, displayPath);
        if (stream.ErrorMessage is not null)
        {
            throw new ConfigException(stream.ErrorSpan, $"YAML syntax error: {stream.ErrorMessage}", "fix the syntax; .meshlint.yaml is a YAML map of settings");
        }

        var documents = stream.Documents.Where(d => d is not null).ToList();
        if (documents.Count == 0)
        {
            return MeshLintConfig.Default with { Directory = directory };
        }

        if (documents.Count > 1)
        {
            throw new ConfigException(documents[1]!.Span, "the configuration holds more than one YAML document", "keep one document (remove the second '---')");
        }

        if (documents[0] is not MappingNode root)
        {
            if (documents[0] is ScalarNode { IsNull: true })
            {
                return MeshLintConfig.Default with { Directory = directory };
            }

            throw new ConfigException(documents[0]!.Span, $"the configuration is a {documents[0]!.TypeName}, not a map of settings", $"start with one of: {string.Join(", ", TopLevelKeys)}");
        }

        var config = MeshLintConfig.Default with { Directory = directory };
        foreach (var (key, value) in Entries(root, TopLevelKeys, string.Empty))
        {
            config = key.Value switch
            {
                "include" => config with { Include = new PathGlobs(directory, Globs(key, value)) },
                "exclude" => config with { Exclude = new PathGlobs(directory, Globs(key, value)) },
                "rules" => config with { Rules = Rules(key, value, "rules") },
                "overrides" => config with { Overrides = Overrides(key, value, directory) },
                "clusters" => config with { Clusters = Clusters(key, value, directory) },
                "failOn" => config with { FailOn = OneOf(key, value, "failOn", FailOnValues) },
                "baseline" => config with { Baseline = Path.GetFullPath(Path.Combine(directory, Text(key, value, "baseline", "a file path such as meshlint-baseline.json"))) },
                _ => config with { Mesh = MeshSettingsBinder.Bind(key, value) },
            };
        }

        return config;
    }

    /// <summary>The entries of a map, rejecting unknown and repeated keys.</summary>
    internal static IEnumerable<(ScalarNode Key, Node Value)> Entries(MappingNode map, IReadOnlyList<string> allowed, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                throw new ConfigException(key.Span, $"unknown key '{prefix}{key.Value}'", Suggest(key.Value, allowed));
            }

            if (!seen.Add(key.Value))
            {
                throw new ConfigException(key.Span, $"'{prefix}{key.Value}' is set twice", "keep one of them");
            }

            yield return (key, value);
        }
    }

    internal static string Suggest(string given, IReadOnlyCollection<string> allowed)
    {
        var closest = allowed
            .Select(a => (Name: a, Distance: Distance(Normalize(given), Normalize(a))))
            .OrderBy(a => a.Distance)
            .FirstOrDefault();
        var valid = $"valid here: {string.Join(", ", allowed)}";
        return closest.Name is not null && closest.Distance <= Math.Max(2, given.Length / 3) ? $"did you mean '{closest.Name}'? ({valid})" : valid;
    }

    private static string Normalize(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    internal static string Text(ScalarNode key, Node value, string name, string expected)
    {
        if (value is ScalarNode { IsNull: false } scalar && scalar.Value.Length > 0)
        {
            return scalar.Value;
        }

        throw new ConfigException(value is ScalarNode ? key.Span : value.Span, $"'{name}' must be {expected}, not {Describe(value)}", $"write it as {key.Value}: <{expected}>");
    }

    internal static string Describe(Node value) => value switch
    {
        ScalarNode { IsNull: true } => "empty",
        ScalarNode scalar => $"'{scalar.Value}'",
        _ => $"a {value.TypeName}",
    };

    private static string OneOf(ScalarNode key, Node value, string name, string[] allowed)
    {
        var text = Text(key, value, name, string.Join(", ", allowed));
        if (!allowed.Contains(text))
        {
            throw new ConfigException(value.Span, $"'{name}' is '{text}', which is not one of {string.Join(", ", allowed)}", Suggest(text, allowed));
        }

        return text;
    }

    private static ImmutableArray<string> Globs(ScalarNode key, Node value)
    {
        var items = value switch
        {
            ScalarNode { IsNull: false } scalar => [scalar],
            SequenceNode sequence => sequence.Items,
            _ => throw new ConfigException(value.Span, $"'{key.Value}' must be a glob or a list of globs, not {Describe(value)}", $"for example: {key.Value}: [\"deploy/**\", \"*.yaml\"]"),
        };
        var globs = ImmutableArray.CreateBuilder<string>();
        foreach (var item in items)
        {
            if (item is not ScalarNode { IsNull: false } glob || glob.Value.Trim().Length == 0)
            {
                throw new ConfigException(item.Span, $"each '{key.Value}' entry must be a glob string, not {Describe(item)}", "write globs relative to the folder of .meshlint.yaml, such as charts/** or *.json");
            }

            if (glob.Value.Contains('{', StringComparison.Ordinal) || glob.Value.Contains('[', StringComparison.Ordinal))
            {
                throw new ConfigException(glob.Span, $"glob '{glob.Value}' uses braces or brackets, which MeshLint globs do not support", "write one glob per alternative; supported are *, ** and ?");
            }

            globs.Add(glob.Value);
        }

        return globs.ToImmutable();
    }

    private static ImmutableDictionary<string, RuleLevel> Rules(ScalarNode key, Node value, string path)
    {
        if (value is ScalarNode { IsNull: true })
        {
            return ImmutableDictionary<string, RuleLevel>.Empty;
        }

        if (value is not MappingNode map)
        {
            throw new ConfigException(value.Span, $"'{path}' must be a map of rule ids to off, on, error, warning or note, not {Describe(value)}", $"for example:\n  {key.Value}:\n    ML1101: off\n    ML1202: error");
        }

        var levels = ImmutableDictionary.CreateBuilder<string, RuleLevel>(StringComparer.Ordinal);
        foreach (var (ruleKey, ruleValue) in map.Entries)
        {
            var descriptor = RuleCatalog.Find(ruleKey.Value)
                ?? throw new ConfigException(ruleKey.Span, $"'{path}.{ruleKey.Value}' names no MeshLint rule", Suggest(ruleKey.Value, RuleCatalog.Descriptors.Select(d => d.Id).ToList()) + "; 'meshlint rules' lists them");
            if (levels.ContainsKey(descriptor.Id))
            {
                throw new ConfigException(ruleKey.Span, $"rule {descriptor.Id} is set twice in '{path}'", "keep one of them");
            }

            levels[descriptor.Id] = Level(ruleValue, $"{path}.{ruleKey.Value}");
        }

        return levels.ToImmutable();
    }

    private static RuleLevel Level(Node value, string path)
    {
        if (value is ScalarNode scalar && scalar.IsBoolean(out var on))
        {
            return on ? RuleLevel.On : RuleLevel.Off;
        }

        return value is ScalarNode { IsNull: false } text ? text.Value switch
        {
            "off" => RuleLevel.Off,
            "on" => RuleLevel.On,
            "error" => RuleLevel.Error,
            "warning" => RuleLevel.Warning,
            "note" => RuleLevel.Note,
            _ => throw new ConfigException(value.Span, $"'{path}' is '{text.Value}', which is not a rule level", Suggest(text.Value, LevelValues)),
        }
        : throw new ConfigException(value.Span, $"'{path}' must be off, on, error, warning or note, not {Describe(value)}", "write one level per rule, such as ML1101: off");
    }

    private static ImmutableArray<ConfigOverride> Overrides(ScalarNode key, Node value, string directory)
    {
        var overrides = ImmutableArray.CreateBuilder<ConfigOverride>();
        foreach (var (path, entry) in ListOfMaps(key, value, OverrideKeys, "- files: [...]", "    - files: [\"legacy/**\"]\n      rules:\n        ML1001: warning"))
        {
            ImmutableArray<string>? files = null;
            ImmutableDictionary<string, RuleLevel>? rules = null;
            foreach (var (entryKey, entryValue) in Entries(entry, OverrideKeys, path + "."))
            {
                if (entryKey.Value == "files")
                {
                    files = Globs(entryKey, entryValue);
                }
                else
                {
                    rules = Rules(entryKey, entryValue, $"{path}.rules");
                }
            }

            if (files is null || rules is null)
            {
                var missing = files is null ? "files" : "rules";
                throw new ConfigException(entry.Span, $"'{path}' has no '{missing}'", "each override needs 'files' (globs) and 'rules' (rule levels)");
            }

            overrides.Add(new ConfigOverride(new PathGlobs(directory, files.Value), rules));
        }

        return overrides.ToImmutable();
    }

    private static ImmutableArray<ConfigCluster> Clusters(ScalarNode key, Node value, string directory)
    {
        var clusters = ImmutableArray.CreateBuilder<ConfigCluster>();
        var nameLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, entry) in ListOfMaps(key, value, ClusterKeys, "- name: <cluster>", "    - name: prod-east\n      paths: [\"clusters/prod-east/**\"]"))
        {
            string? name = null;
            ImmutableArray<string>? paths = null;
            foreach (var (entryKey, entryValue) in Entries(entry, ClusterKeys, path + "."))
            {
                if (entryKey.Value == "name")
                {
                    name = Text(entryKey, entryValue, $"{path}.name", "a cluster name");
                    if (nameLines.TryGetValue(name, out var firstLine))
                    {
                        throw new ConfigException(entryValue.Span, $"cluster '{name}' is declared twice (first at line {firstLine})", "give each cluster its own name, or merge the two entries' paths");
                    }

                    nameLines[name] = entryValue.Span.StartLine;
                }
                else
                {
                    paths = Globs(entryKey, entryValue);
                    if (paths.Value.IsEmpty)
                    {
                        throw new ConfigException(entryValue.Span, $"'{path}.paths' is empty", "list the globs of the cluster's own files, such as clusters/prod-east/**");
                    }
                }
            }

            if (name is null || paths is null)
            {
                var missing = name is null ? "name" : "paths";
                throw new ConfigException(entry.Span, $"'{path}' has no '{missing}'", "each cluster needs 'name' and 'paths' (globs of its own files; files no cluster matches are common to all)");
            }

            clusters.Add(new ConfigCluster(name, new PathGlobs(directory, paths.Value)));
        }

        return clusters.ToImmutable();
    }

    /// <summary>The maps of a list setting (<c>overrides</c>, <c>clusters</c>), each with its path for messages (<c>clusters[0]</c>).</summary>
    private static IEnumerable<(string Path, MappingNode Entry)> ListOfMaps(ScalarNode key, Node value, string[] keys, string entryStart, string example)
    {
        if (value is not SequenceNode sequence)
        {
            throw new ConfigException(value.Span, $"'{key.Value}' must be a list, not {Describe(value)}", $"for example:\n  {key.Value}:\n{example}");
        }

        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var path = $"{key.Value}[{i}]";
            if (sequence.Items[i] is not MappingNode entry)
            {
                throw new ConfigException(sequence.Items[i].Span, $"'{path}' must be a map with {string.Join(" and ", keys.Select(k => $"'{k}'"))}, not {Describe(sequence.Items[i])}", $"start the entry with '{entryStart}'");
            }

            yield return (path, entry);
        }
    }
}
