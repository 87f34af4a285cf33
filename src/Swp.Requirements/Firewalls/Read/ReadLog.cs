using System.Collections.Generic;
using System.Text;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// What a reader collects while it reads: the rules that take part in chains (their index is
/// their ID) and the notes. A rule that was not evaluated gets its note here, so none is missed.
/// </summary>
internal sealed class ReadLog
{
    /// <summary>The longest rule text kept for messages; longer texts end with "…".</summary>
    public const int MaxTextLength = 240;

    private readonly List<ObservedRule> _rules = [];
    private readonly List<ReaderNote> _notes = [];

    public IReadOnlyList<ObservedRule> Rules => _rules;

    public IReadOnlyList<ReaderNote> Notes => _notes;

    /// <summary>Adds a rule and returns its ID; a not-evaluated rule also gets a note "rule not evaluated: ...".</summary>
    public int AddRule(SourceLocation location, string chain, string text, RuleAction action, string? notEvaluatedReason, string? target = null, bool isGoto = false)
    {
        int id = _rules.Count;
        _rules.Add(new ObservedRule(id, location, chain, Shorten(text), notEvaluatedReason is null ? action : RuleAction.NotEvaluated, notEvaluatedReason, target, isGoto));
        if (notEvaluatedReason is not null)
        {
            Note(location, "rule not evaluated: " + notEvaluatedReason);
        }

        return id;
    }

    public void Note(SourceLocation location, string text) => _notes.Add(new ReaderNote(location, text));

    /// <summary>The text cut to <see cref="MaxTextLength"/> characters.</summary>
    public static string Shorten(string text) =>
        text.Length <= MaxTextLength ? text : new StringBuilder(MaxTextLength).Append(text, 0, MaxTextLength - 1).Append('…').ToString();
}
