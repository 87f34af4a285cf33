using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation.Language;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>One parameter of one command as written: its name, its value(s) if literal, and the source text.</summary>
/// <param name="Name">The name as written after the dash (any case, maybe an alias).</param>
/// <param name="Values">The literal values (an array literal gives several); empty for a switch.</param>
/// <param name="IsLiteral">False when the value is a variable, a subexpression or a string with $ in it.</param>
/// <param name="Text">The value's source text.</param>
public sealed record NetFirewallRuleParameter(string Name, IReadOnlyList<string> Values, bool IsLiteral, string Text);

/// <summary>One New-NetFirewallRule command of a script.</summary>
/// <param name="Line">The line it starts on (1-based).</param>
/// <param name="Text">Its source text.</param>
/// <param name="Parameters">Its parameters, in order.</param>
/// <param name="ShapeProblems">Positional arguments and splatting, which a parameter check cannot see through.</param>
public sealed record NetFirewallRuleCommand(int Line, string Text, IReadOnlyList<NetFirewallRuleParameter> Parameters, IReadOnlyList<string> ShapeProblems)
{
    /// <summary>The parameter whose documented name is <paramref name="name"/>, or null.</summary>
    public NetFirewallRuleParameter? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(NetFirewallRuleParameters.Resolve(p.Name), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The single literal value of <paramref name="name"/>, or null.</summary>
    public string? Value(string name) => Find(name) is { IsLiteral: true, Values.Count: 1 } p ? p.Values[0] : null;
}

/// <summary>What PowerShell's own parser said about a script, and its New-NetFirewallRule commands checked against the documentation.</summary>
/// <param name="Script">The script.</param>
/// <param name="ParseErrors">PowerShell's parse errors, each "line:column: message (ErrorId)".</param>
/// <param name="FirewallRules">Every New-NetFirewallRule command, nested blocks included.</param>
/// <param name="RuleProblems">What <see cref="NetFirewallRuleParameters.Check"/> found in them.</param>
public sealed record PowerShellScriptCheck(
    string Script,
    IReadOnlyList<string> ParseErrors,
    IReadOnlyList<NetFirewallRuleCommand> FirewallRules,
    IReadOnlyList<string> RuleProblems)
{
    /// <summary>No parse error and no departure from New-NetFirewallRule's documented parameters.</summary>
    public bool Ok => ParseErrors.Count == 0 && RuleProblems.Count == 0;

    /// <summary>Fails the test with every error and the numbered script unless <see cref="Ok"/>.</summary>
    public PowerShellScriptCheck EnsureOk()
    {
        if (!Ok)
        {
            Assert.Fail($"The PowerShell script does not check.\n{Describe()}");
        }
        return this;
    }

    /// <summary>Fails the test if the script checks.</summary>
    public PowerShellScriptCheck EnsureRejected()
    {
        if (Ok)
        {
            Assert.Fail($"The PowerShell script checks although it should not.\n{Describe()}");
        }
        return this;
    }

    /// <summary>Errors, problems and the numbered script.</summary>
    public string Describe()
    {
        IEnumerable<string> lines = ParseErrors.Select(e => "parse error: " + e)
            .Concat(RuleProblems.Select(p => "New-NetFirewallRule: " + p))
            .Append("----- script -----")
            .Concat(Script.Split('\n').Select((l, i) => (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(4) + ": " + l.TrimEnd('\r')));
        return string.Join('\n', lines);
    }

    /// <summary>Parses <paramref name="script"/> in-process with System.Management.Automation.Language.Parser.</summary>
    public static PowerShellScriptCheck Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        ScriptBlockAst ast = Parser.ParseInput(script, out _, out ParseError[] errors);
        var parseErrors = errors
            .Select(e => $"{e.Extent.StartLineNumber.ToString(CultureInfo.InvariantCulture)}:{e.Extent.StartColumnNumber.ToString(CultureInfo.InvariantCulture)}: {e.Message} ({e.ErrorId})")
            .ToList();
        var rules = ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), "New-NetFirewallRule", StringComparison.OrdinalIgnoreCase), searchNestedScriptBlocks: true)
            .Cast<CommandAst>()
            .Select(Read)
            .ToList();
        var problems = rules.SelectMany(NetFirewallRuleParameters.Check).ToList();
        return new PowerShellScriptCheck(script, parseErrors, rules, problems);
    }

    private static NetFirewallRuleCommand Read(CommandAst command)
    {
        var parameters = new List<NetFirewallRuleParameter>();
        var shape = new List<string>();
        System.Collections.ObjectModel.ReadOnlyCollection<CommandElementAst> elements = command.CommandElements;
        for (int i = 1; i < elements.Count; i++)
        {
            switch (elements[i])
            {
                case CommandParameterAst parameter:
                    string? name = NetFirewallRuleParameters.Resolve(parameter.ParameterName);
                    ExpressionAst? argument = parameter.Argument; // -Name:value
                    if (argument is null && !(name is not null && NetFirewallRuleParameters.IsSwitch(name))
                        && i + 1 < elements.Count && elements[i + 1] is ExpressionAst next)
                    {
                        argument = next;
                        i++;
                    }
                    parameters.Add(argument is null
                        ? new NetFirewallRuleParameter(parameter.ParameterName, [], true, "")
                        : Value(parameter.ParameterName, argument));
                    break;
                case VariableExpressionAst { Splatted: true } splat:
                    shape.Add($"splatted parameters ({splat.Extent.Text}) cannot be checked");
                    break;
                default:
                    shape.Add($"positional argument {elements[i].Extent.Text} (New-NetFirewallRule takes none)");
                    break;
            }
        }
        return new NetFirewallRuleCommand(command.Extent.StartLineNumber, command.Extent.Text, parameters, shape);
    }

    private static NetFirewallRuleParameter Value(string name, ExpressionAst argument)
    {
        var values = new List<string>();
        bool literal = Literal(argument, values);
        return new NetFirewallRuleParameter(name, literal ? values : [], literal, argument.Extent.Text);
    }

    private static bool Literal(ExpressionAst expression, List<string> values)
    {
        switch (expression)
        {
            case StringConstantExpressionAst s:
                values.Add(s.Value);
                return true;
            case ConstantExpressionAst c:
                values.Add(Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? "");
                return true;
            case ArrayLiteralAst array:
                return array.Elements.All(e => Literal(e, values));
            case ParenExpressionAst { Pipeline: PipelineAst { PipelineElements: [CommandExpressionAst inner] } }:
                return Literal(inner.Expression, values);
            case ArrayExpressionAst { SubExpression.Statements: [PipelineAst { PipelineElements: [CommandExpressionAst inner] }] }:
                return Literal(inner.Expression, values);
            default:
                return false; // variables, $(...), "..$x..", method calls
        }
    }
}
