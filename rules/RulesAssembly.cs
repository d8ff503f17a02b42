namespace MeshLint.Rules;

/// <summary>A handle on this assembly, where the rule classes and their embedded docs live.</summary>
public static class RulesAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(RulesAssembly).Assembly;
}
