using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>
/// "The generator's output compiles cleanly with the runtime sources", for many outputs, without
/// binding the 14,000 lines of runtime sources again for each one (a second or more each).
/// <para>
/// The runtime trees are bound only against what the generated trees declare: the generated
/// trees without their method bodies, expression bodies and non-constant initializers (so with
/// every type, member, signature, modifier, attribute, constant value and #nullable directive),
/// and the names generated code refers to (which decide the runtime's unused-field warnings).
/// When all of that (the <em>surface</em>) is the surface of the real spec's output, whose full
/// compilation is checked once here, every runtime tree binds exactly as it does there, and so
/// does every member of a generated tree whose text (with its doc comment) was already checked
/// with that surface: only the other members are bound and checked (and a whole generated tree
/// when its text outside members differs). Any other output is compiled in full. A mutation that
/// changes only data (a description, a port, a subnet, a note) keeps the surface; one that adds,
/// removes or renames an ID changes it.
/// </para>
/// </summary>
internal static class OutputCompileCheck
{
    /// <summary>Parts of generated trees (see <see cref="Units"/>) known to bind cleanly within the real output's surface.</summary>
    private static readonly ConcurrentDictionary<string, bool> s_checkedUnits = new(StringComparer.Ordinal);

    private static readonly Lazy<string> s_baseline = new(() =>
    {
        GeneratorRun run = Harness.Run(Repo.SpecText);
        Assert.Empty(run.AllRunDiagnostics);
        Harness.AssertCompilesCleanly(run.OutputCompilation);
        foreach (SyntaxTree tree in GeneratedTrees(run.OutputCompilation))
        {
            (string rest, List<MemberDeclarationSyntax> members) = Units(tree);
            string file = Path.GetFileName(tree.FilePath);
            s_checkedUnits.TryAdd(file + "\0rest\0" + rest, true);
            foreach (MemberDeclarationSyntax member in members)
            {
                s_checkedUnits.TryAdd(file + "\0member\0" + member.ToFullString(), true);
            }
        }

        return Surface(run.OutputCompilation);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int s_full;

    private static int s_short;

    /// <summary>How many outputs were compiled in full, and how many had the real output's surface.</summary>
    public static (int Full, int SameSurface) Counts => (Volatile.Read(ref s_full), Volatile.Read(ref s_short));

    /// <summary>
    /// Asserts the output compilation of a (possibly mutated) spec has no warning and no error, as
    /// <see cref="Harness.AssertCompilesCleanly"/> with <c>specLacksRuntimeMembers: true</c> does.
    /// </summary>
    /// <returns>True when it was compiled in full, false when its surface is the real output's.</returns>
    public static bool AssertCompilesCleanly(Compilation compilation)
    {
        if (!string.Equals(Surface(compilation), s_baseline.Value, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref s_full);
            Harness.AssertCompilesCleanly(compilation, specLacksRuntimeMembers: true);
            return true;
        }

        Interlocked.Increment(ref s_short);
        var problems = new List<Diagnostic>();
        var newlyChecked = new List<string>();
        foreach (SyntaxTree tree in GeneratedTrees(compilation))
        {
            // A member binds the same wherever its text was already checked with this surface; the
            // rest of the tree (headers, trivia between members) is checked as a whole when it differs.
            (string rest, List<MemberDeclarationSyntax> members) = Units(tree);
            string file = Path.GetFileName(tree.FilePath);
            SemanticModel? model = null;
            if (!s_checkedUnits.ContainsKey(file + "\0rest\0" + rest))
            {
                model = compilation.GetSemanticModel(tree);
                problems.AddRange(model.GetDiagnostics());
                newlyChecked.Add(file + "\0rest\0" + rest);
                newlyChecked.AddRange(members.Select(m => file + "\0member\0" + m.ToFullString()));
                continue;
            }

            foreach (MemberDeclarationSyntax member in members)
            {
                string key = file + "\0member\0" + member.ToFullString();
                if (!s_checkedUnits.ContainsKey(key))
                {
                    model ??= compilation.GetSemanticModel(tree);
                    problems.AddRange(model.GetDiagnostics(member.FullSpan));
                    newlyChecked.Add(key);
                }
            }
        }

        Diagnostic[] reported = [.. problems.Where(d => d.Severity >= DiagnosticSeverity.Warning).Distinct()];
        Assert.True(reported.Length == 0, $"{reported.Length} problem(s):\n" + string.Join("\n", reported.Take(20)));
        foreach (string key in newlyChecked)
        {
            s_checkedUnits.TryAdd(key, true);
        }

        return false;
    }

    /// <summary>
    /// A generated tree cut into its members that are not types (fields, properties, methods, enum
    /// members..., each with its doc comment) and the rest: the text outside them.
    /// </summary>
    private static (string Outside, List<MemberDeclarationSyntax> Members) Units(SyntaxTree tree)
    {
        SyntaxNode root = tree.GetRoot();
        List<MemberDeclarationSyntax> members = [.. root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax or EnumDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(m => m is not (BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))];
        string text = tree.GetText().ToString();
        var rest = new StringBuilder();
        int at = 0;
        foreach (MemberDeclarationSyntax member in members)
        {
            rest.Append(text, at, member.FullSpan.Start - at).Append('\u0001');
            at = member.FullSpan.End;
        }

        rest.Append(text, at, text.Length - at);
        return (rest.ToString(), members);
    }

    /// <summary>What the runtime trees can see of the generated ones (see the class comment). Syntax only: nothing is bound.</summary>
    internal static string Surface(Compilation compilation)
    {
        var text = new StringBuilder();
        foreach (SyntaxTree tree in GeneratedTrees(compilation).OrderBy(t => Path.GetFileName(t.FilePath), StringComparer.Ordinal))
        {
            SyntaxNode root = tree.GetRoot();
            text.Append("tree ").AppendLine(Path.GetFileName(tree.FilePath));
            text.Append("directives ").AppendLine(string.Join(" ", root.DescendantTrivia().Where(t => t.IsDirective).Select(t => t.ToString().Trim())));
            SyntaxNode skeleton = new BodyRemover().Visit(root);
            text.Append("declarations ").AppendLine(string.Join(" ", skeleton.DescendantTokens().Select(t => t.Text)));
            text.Append("names ").AppendLine(string.Join(" ", root.DescendantNodes().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText).Distinct().Order(StringComparer.Ordinal)));
        }

        return text.ToString();
    }

    /// <summary>Removes what other trees cannot see: bodies, expression bodies, and the initializers of fields that are not constants.</summary>
    private sealed class BodyRemover : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitBlock(BlockSyntax node) => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            ? SyntaxFactory.Block()
            : base.VisitBlock(node);

        public override SyntaxNode? VisitArrowExpressionClause(ArrowExpressionClauseSyntax node) =>
            SyntaxFactory.ArrowExpressionClause(SyntaxFactory.IdentifierName("_"));

        public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node)
        {
            FieldDeclarationSyntax field = (FieldDeclarationSyntax)base.VisitFieldDeclaration(node)!;
            return field.Modifiers.Any(SyntaxKind.ConstKeyword)
                ? field
                : field.WithDeclaration(field.Declaration.WithVariables(SyntaxFactory.SeparatedList(field.Declaration.Variables.Select(v => v.WithInitializer(null)))));
        }

        public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node) =>
            ((PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!).WithInitializer(null);
    }

    private static IEnumerable<SyntaxTree> GeneratedTrees(Compilation compilation) =>
        compilation.SyntaxTrees.Where(t => !Harness.IsRuntimeTree(t));
}
