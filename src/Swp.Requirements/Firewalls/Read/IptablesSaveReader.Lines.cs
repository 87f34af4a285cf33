using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The file's syntax: its tables, chains and rules, its lines (table headers, chain declarations, commands), and the words of a line as iptables-restore splits them.</content>
internal static partial class IptablesSaveReader
{
    /// <summary>A word of a line, as iptables-restore splits it (double quotes group words).</summary>
    private readonly struct Token
    {
        public Token(string text, int column, bool quoted)
        {
            Text = text;
            Column = column;
            Quoted = quoted;
        }

        public string Text { get; }

        /// <summary>0-based column of the token's first character.</summary>
        public int Column { get; }

        public bool Quoted { get; }

        public bool IsBang => !Quoted && Text == "!";

        public bool IsOption => !Quoted && Text.Length >= 2 && Text[0] == '-' && (Text[1] < '0' || Text[1] > '9');
    }

    /// <summary>A table of the file (<c>*filter</c> to <c>COMMIT</c>): its own chains, by name.</summary>
    private sealed class Table
    {
        public Table(string name, int line)
        {
            Name = name;
            Line = line;
        }

        public string Name { get; }

        public int Line { get; }

        public Dictionary<string, Chain> Chains { get; } = new(StringComparer.Ordinal);

        public List<Chain> Order { get; } = [];
    }

    private sealed class Chain
    {
        public Chain(Table table, string name, int line, int column, string? policy)
        {
            Table = table;
            Name = name;
            Line = line;
            Column = column;
            Policy = policy;
        }

        public Table Table { get; }

        public string Name { get; }

        /// <summary>The name in messages: <c>INPUT</c> for the filter table's, <c>mangle PREROUTING</c> for another table's.</summary>
        public string DisplayName => Table.Name == "filter" ? Name : Table.Name + " " + Name;

        /// <summary>1-based line of the declaration; 0 for a built-in chain the file does not declare.</summary>
        public int Line { get; }

        public int Column { get; }

        /// <summary>ACCEPT or DROP for built-in chains; null for user chains and undeclared built-ins.</summary>
        public string? Policy { get; set; }

        public int PolicyLine { get; set; }

        public int PolicyColumn { get; set; } = 1;

        public List<RawRule> Rules { get; } = [];

        /// <summary>The directions whose base chains reach this chain: <see cref="Ingress"/>, <see cref="Egress"/>, both, or 0 (as the <see cref="ChainGraph"/> finds them).</summary>
        public int Directions { get; set; }

        public bool Reachable => Directions != 0;

        /// <summary>The chain's index in the reader's <see cref="ChainGraph"/>.</summary>
        public int Index { get; set; } = -1;
    }

    private sealed class RawRule
    {
        public RawRule(int line, int column, string text, List<Token> tokens, Chain chain)
        {
            Line = line;
            Column = column;
            Text = text;
            Tokens = tokens;
            Chain = chain;
        }

        public int Line { get; }

        /// <summary>1-based column of the <c>-A</c>.</summary>
        public int Column { get; }

        /// <summary>The rule as written, with <c>-t TABLE</c> before it for a table other than filter.</summary>
        public string Text { get; }

        /// <summary>The tokens after <c>-A CHAIN</c>.</summary>
        public List<Token> Tokens { get; }

        public Chain Chain { get; }

        public string? TargetName { get; set; }

        public Token TargetToken { get; set; }

        public bool IsGoto { get; set; }

        public Chain? TargetChain { get; set; }

        public SourceLocation Location => new(Line, Column);
    }

    private sealed partial class Reader
    {
        private void ReadLines()
        {
            string? table = null;
            int tableLine = 0;
            int lineNumber = 0;
            int start = 0;
            int lastLength = 0;
            while (start <= _text.Length)
            {
                int end = _text.IndexOf('\n', start);
                int next = end < 0 ? _text.Length + 1 : end + 1;
                if (end < 0)
                {
                    end = _text.Length;
                }

                lineNumber++;
                string line = _text.Substring(start, end - start);
                if (line.Length > 0 && line[line.Length - 1] == '\r')
                {
                    line = line.Substring(0, line.Length - 1);
                }

                lastLength = line.Length;
                start = next;
                int s = 0;
                while (s < line.Length && (line[s] == ' ' || line[s] == '\t'))
                {
                    s++;
                }

                if (s == line.Length || line[s] == '#')
                {
                    continue;
                }

                if (line[s] == '*')
                {
                    if (table is not null)
                    {
                        throw new FirewallReadException(lineNumber, s + 1, "table " + table + " (line " + Num(tableLine) + ") has no COMMIT before this next table");
                    }

                    table = line.Substring(s + 1).Trim();
                    tableLine = lineNumber;
                    _table = StartTable(table, lineNumber, s);
                    continue;
                }

                if (IsWord(line, s, "COMMIT"))
                {
                    if (table is null)
                    {
                        throw new FirewallReadException(lineNumber, s + 1, "COMMIT outside a table: no *table line starts one");
                    }

                    table = null;
                    _table = null;
                    continue;
                }

                if (table is null)
                {
                    throw new FirewallReadException(lineNumber, s + 1, "'" + FirstWord(line, s) + "' outside a table: iptables-save output starts each table with a line such as *filter");
                }

                if (_table is null)
                {
                    continue;
                }

                if (line[s] == ':')
                {
                    DeclareChain(line, lineNumber, s);
                    continue;
                }

                List<Token> tokens = Tokenize(line, s, lineNumber);
                int first = 0;
                if (tokens[0].Text.Length > 1 && tokens[0].Text[0] == '[' && !tokens[0].Quoted)
                {
                    first = 1; // packet and byte counters: [12:3456] -A ...
                }

                if (first >= tokens.Count)
                {
                    throw new FirewallReadException(lineNumber, tokens[0].Column + 1, "counters without a rule");
                }

                Command(line, lineNumber, tokens, first);
            }

            if (table is not null)
            {
                throw new FirewallReadException(lineNumber, lastLength + 1, "table " + table + " (line " + Num(tableLine) + ") has no COMMIT: the file is truncated");
            }
        }

        /// <summary>Starts a table; null (and a note) for one iptables does not have, whose lines are then skipped.</summary>
        private Table? StartTable(string name, int lineNumber, int column)
        {
            if (name.Length == 0)
            {
                throw new FirewallReadException(lineNumber, column + 1, "'*' without a table name");
            }

            if (_tables.TryGetValue(name, out Table? existing))
            {
                throw new FirewallReadException(lineNumber, column + 1, "a second *" + name + " table (the first is at line " + Num(existing.Line) + "): which one the kernel holds depends on how the file is restored");
            }

            if (NetfilterHooks.IptablesBuiltIns(name) is null)
            {
                _log.Note(new SourceLocation(lineNumber, column + 1), "table " + name + " ignored: iptables has no such table (filter, nat, mangle, raw, security)");
                return null;
            }

            var table = new Table(name, lineNumber);
            _tables[name] = table;
            _tableOrder.Add(table);
            return table;
        }

        private void DeclareChain(string line, int lineNumber, int s)
        {
            Table table = _table!;
            List<Token> tokens = Tokenize(line, s + 1, lineNumber);
            if (tokens.Count < 2 || tokens[0].Text.Length == 0)
            {
                throw new FirewallReadException(lineNumber, s + 1, "a chain line is ':NAME POLICY [packets:bytes]'");
            }

            string name = tokens[0].Text;
            string policy = tokens[1].Text;
            if (table.Chains.TryGetValue(name, out Chain? existing))
            {
                throw new FirewallReadException(lineNumber, s + 1, "chain " + name + " is declared twice (first at line " + Num(existing.Line) + ")");
            }

            bool builtIn = NetfilterHooks.IsIptablesBuiltIn(table.Name, name);
            if (builtIn && policy is not ("ACCEPT" or "DROP"))
            {
                throw new FirewallReadException(lineNumber, tokens[1].Column + 1, "the policy of built-in chain " + name + " is ACCEPT or DROP, not '" + policy + "'");
            }

            if (!builtIn && policy != "-")
            {
                throw new FirewallReadException(lineNumber, tokens[1].Column + 1, "user chain " + name + " has no policy ('-'), not '" + policy + "'");
            }

            var chain = new Chain(table, name, lineNumber, s + 1, builtIn ? policy : null) { PolicyLine = lineNumber, PolicyColumn = s + 1 };
            table.Chains[name] = chain;
            table.Order.Add(chain);
        }

        private void Command(string line, int lineNumber, List<Token> tokens, int first)
        {
            Table table = _table!;
            Token command = tokens[first];
            string name = command.Quoted ? "" : command.Text;
            if (first + 1 >= tokens.Count)
            {
                throw new FirewallReadException(lineNumber, command.Column + 1, "'" + command.Text + "' needs a chain name");
            }

            Token chainToken = tokens[first + 1];
            bool builtIn = NetfilterHooks.IsIptablesBuiltIn(table.Name, chainToken.Text);
            switch (name)
            {
                case "-A" or "--append":
                    if (!table.Chains.TryGetValue(chainToken.Text, out Chain? chain))
                    {
                        if (!builtIn)
                        {
                            throw new FirewallReadException(lineNumber, chainToken.Column + 1, "chain " + chainToken.Text + " is not declared (a line ':" + chainToken.Text + " - [0:0]' declares it)");
                        }

                        chain = BuiltIn(table, chainToken.Text);
                    }

                    var rest = tokens.GetRange(first + 2, tokens.Count - first - 2);
                    string text = line.Substring(command.Column).TrimEnd();
                    var rule = new RawRule(lineNumber, command.Column + 1, table.Name == "filter" ? text : "-t " + table.Name + " " + text, rest, chain);
                    chain.Rules.Add(rule);
                    _rules.Add(rule);
                    break;
                case "-N" or "--new-chain":
                    if (table.Chains.ContainsKey(chainToken.Text) || builtIn)
                    {
                        throw new FirewallReadException(lineNumber, chainToken.Column + 1, "chain " + chainToken.Text + " already exists");
                    }

                    var created = new Chain(table, chainToken.Text, lineNumber, command.Column + 1, null);
                    table.Chains[chainToken.Text] = created;
                    table.Order.Add(created);
                    break;
                case "-P" or "--policy":
                    if (!builtIn || first + 2 >= tokens.Count || tokens[first + 2].Text is not ("ACCEPT" or "DROP"))
                    {
                        throw new FirewallReadException(lineNumber, command.Column + 1, "-P takes a built-in chain and ACCEPT or DROP");
                    }

                    Chain target = BuiltIn(table, chainToken.Text);
                    target.Policy = tokens[first + 2].Text;
                    target.PolicyLine = lineNumber;
                    target.PolicyColumn = command.Column + 1;
                    break;
                default:
                    throw new FirewallReadException(lineNumber, command.Column + 1, "'" + command.Text + "' is not a command iptables-save writes (-A, or -N and -P)");
            }
        }

        private static List<Token> Tokenize(string line, int start, int lineNumber)
        {
            var tokens = new List<Token>();
            var word = new System.Text.StringBuilder();
            int i = start;
            while (i < line.Length)
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
                {
                    i++;
                }

                if (i >= line.Length)
                {
                    break;
                }

                int column = i;
                bool quoted = false;
                word.Clear();
                while (i < line.Length && line[i] != ' ' && line[i] != '\t')
                {
                    if (line[i] != '"')
                    {
                        word.Append(line[i++]);
                        continue;
                    }

                    quoted = true;
                    int open = i++;
                    while (true)
                    {
                        if (i >= line.Length)
                        {
                            throw new FirewallReadException(lineNumber, open + 1, "a quote that is not closed on its line");
                        }

                        char c = line[i];
                        if (c == '"')
                        {
                            i++;
                            break;
                        }

                        if (c == '\\' && i + 1 < line.Length && (line[i + 1] == '"' || line[i + 1] == '\\'))
                        {
                            c = line[i + 1];
                            i++;
                        }

                        word.Append(c);
                        i++;
                    }
                }

                tokens.Add(new Token(word.ToString(), column, quoted));
            }

            return tokens;
        }

        private static bool IsWord(string line, int start, string word) =>
            string.CompareOrdinal(line, start, word, 0, word.Length) == 0
            && (start + word.Length == line.Length || line[start + word.Length] is ' ' or '\t');

        private static string FirstWord(string line, int start)
        {
            int end = start;
            while (end < line.Length && line[end] != ' ' && line[end] != '\t')
            {
                end++;
            }

            return ReadLog.Shorten(line.Substring(start, end - start));
        }

        private static string Num(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
