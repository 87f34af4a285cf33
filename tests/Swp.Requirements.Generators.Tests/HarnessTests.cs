using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>The harness must be able to see what the other tests claim is absent.</summary>
public class HarnessTests
{
    [Fact]
    public void Runtime_sources_are_the_hand_written_files_of_src_without_bin_and_obj()
    {
        string[] names = [.. Harness.RuntimeTrees.Select(t => System.IO.Path.GetRelativePath(Repo.RuntimeSourceFolder, t.FilePath).Replace('\\', '/'))];
        Assert.Contains("Flow.cs", names);
        Assert.Contains("SwpIds.cs", names);
        Assert.Contains("Net/IPv4Network.cs", names);
        Assert.DoesNotContain(names, n => n.StartsWith("obj/", System.StringComparison.Ordinal) || n.StartsWith("bin/", System.StringComparison.Ordinal));
        Assert.Contains(Harness.References, r => r.Display!.EndsWith("System.Runtime.dll", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_generator_the_runtime_sources_do_not_compile()
    {
        // The runtime library is incomplete without the generated half: Component, Conditions, ... are missing.
        Assert.Contains(Harness.Problems(Harness.RuntimeCompilation), d => d.Id == "CS0246");
    }

    [Fact]
    public void The_compile_check_reports_a_missing_xml_comment_and_a_nullable_warning()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(
            "namespace Probe;\n/// <summary>Documented.</summary>\npublic static class Documented\n{\n    public static string Undocumented() => null;\n}\n",
            Harness.ParseOptions);
        string[] ids = [.. Harness.Problems(CSharpCompilation.Create("Probe", [tree], Harness.References, Harness.CompilationOptions)).Select(d => d.Id)];
        Assert.Contains("CS1591", ids);
        Assert.Contains("CS8603", ids);
    }
}
