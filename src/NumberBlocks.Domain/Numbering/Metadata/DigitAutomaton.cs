namespace NumberBlocks.Domain.Numbering.Metadata;

/// <summary>How the strings of one length under a prefix fare against a pattern.</summary>
internal enum Coverage : byte
{
    Unknown = 0,
    /// <summary>Every completion is accepted.</summary>
    All = 1,
    /// <summary>No completion is accepted.</summary>
    None = 2,
    /// <summary>Some are, some are not.</summary>
    Mixed = 3,
}

/// <summary>
/// A regular expression over the digits 0–9, matched against a whole string of digits, as a deterministic automaton
/// built lazily from a Thompson NFA. It reads the subset of regular-expression syntax libphonenumber's metadata is
/// written in (digits, classes such as [2-9], groups, alternation, ?, *, + and {n,m}); anything else is refused when
/// the pattern is compiled, so metadata the automaton cannot read fails loudly instead of matching wrongly.
/// <para>
/// Besides matching one number, it answers for a whole block of numbers at once: <see cref="Cover"/> says whether all,
/// none or only some of the k-digit completions of a state are accepted, memoised per state, so a range of ten
/// million numbers is judged by the prefixes it spans, not number by number.
/// </para>
/// Not thread-safe: the owner serialises access.
/// </summary>
internal sealed class DigitAutomaton
{
    public const int Dead = 0;
    private const int MaxSuffix = 16;

    private readonly Nfa _nfa;
    private readonly List<int[]> _sets = [];
    private readonly Dictionary<int[], int> _index = new(SetComparer.Instance);
    private readonly List<int[]> _next = [];
    private readonly List<bool> _accepting = [];
    private readonly List<Coverage[]> _cover = [];

    private DigitAutomaton(Nfa nfa)
    {
        _nfa = nfa;
        Intern([]);                                    // state 0: dead
        Start = Intern(nfa.Closure([nfa.Start]));
    }

    /// <summary>The state before any digit is read.</summary>
    public int Start { get; }

    /// <summary>How many deterministic states have been built so far.</summary>
    public int StateCount => _sets.Count;

    /// <summary>Compiles <paramref name="pattern"/>; when <paramref name="prefixOnly"/>, a string matches if any prefix of it does (libphonenumber's lookingAt).</summary>
    public static DigitAutomaton Compile(string pattern, bool prefixOnly = false)
    {
        var node = new Parser(pattern).ParseWhole();
        if (prefixOnly) node = new Node.Concat([node, new Node.Repeat(new Node.Digits(Node.AllDigits), 0, -1)]);
        return new DigitAutomaton(Nfa.Build(node));
    }

    public bool IsAccepting(int state) => _accepting[state];

    public int Step(int state, int digit)
    {
        var row = _next[state];
        var target = row[digit];
        if (target >= 0) return target;
        target = Intern(_nfa.Closure(_nfa.Move(_sets[state], digit)));
        _next[state][digit] = target;
        return target;
    }

    /// <summary>Whether the whole string of <paramref name="digits"/> (ASCII '0'–'9') matches.</summary>
    public bool Matches(ReadOnlySpan<char> digits)
    {
        var state = Start;
        foreach (var c in digits)
        {
            state = Step(state, c - '0');
            if (state == Dead) return false;
        }
        return IsAccepting(state);
    }

    /// <summary>Whether all, none or some of the <paramref name="length"/>-digit strings read from <paramref name="state"/> are accepted.</summary>
    public Coverage Cover(int state, int length)
    {
        if (state == Dead) return Coverage.None;
        if (length == 0) return _accepting[state] ? Coverage.All : Coverage.None;
        if (length >= MaxSuffix) throw new ArgumentOutOfRangeException(nameof(length), length, "A national number has fewer than 16 digits.");
        var memo = _cover[state];
        if (memo[length] != Coverage.Unknown) return memo[length];
        var answer = Cover(Step(state, 0), length - 1);
        for (var d = 1; d <= 9 && answer != Coverage.Mixed; d++)
            if (Cover(Step(state, d), length - 1) != answer) answer = Coverage.Mixed;
        _cover[state][length] = answer;
        return answer;
    }

    private int Intern(int[] set)
    {
        if (_index.TryGetValue(set, out var id)) return id;
        id = _sets.Count;
        _sets.Add(set);
        _index.Add(set, id);
        var row = new int[10];
        Array.Fill(row, set.Length == 0 ? Dead : -1);
        _next.Add(row);
        _accepting.Add(Array.BinarySearch(set, _nfa.Accept) >= 0);
        _cover.Add(new Coverage[MaxSuffix]);
        return id;
    }

    private sealed class SetComparer : IEqualityComparer<int[]>
    {
        public static readonly SetComparer Instance = new();
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var v in obj) hash.Add(v);
            return hash.ToHashCode();
        }
    }

    /// <summary>The syntax tree of a pattern.</summary>
    private abstract record Node
    {
        public const ushort AllDigits = 0x3FF;

        /// <summary>One digit out of a set (bit d set for digit d).</summary>
        public sealed record Digits(ushort Mask) : Node;
        public sealed record Concat(IReadOnlyList<Node> Items) : Node;
        public sealed record Alternation(IReadOnlyList<Node> Choices) : Node;
        /// <summary><see cref="Max"/> −1 for unbounded.</summary>
        public sealed record Repeat(Node Item, int Min, int Max) : Node;
    }

    private sealed class Parser(string pattern)
    {
        private int _at;

        public Node ParseWhole()
        {
            var node = ParseAlternation();
            if (_at != pattern.Length) throw Unsupported($"unexpected '{pattern[_at]}'");
            return node;
        }

        private Node ParseAlternation()
        {
            var choices = new List<Node> { ParseConcat() };
            while (Peek() == '|')
            {
                _at++;
                choices.Add(ParseConcat());
            }
            return choices.Count == 1 ? choices[0] : new Node.Alternation(choices);
        }

        private Node ParseConcat()
        {
            var items = new List<Node>();
            while (Peek() is { } c && c != '|' && c != ')') items.Add(ParseQuantified());
            return items.Count == 1 ? items[0] : new Node.Concat(items);
        }

        private Node ParseQuantified()
        {
            var atom = ParseAtom();
            while (true)
            {
                switch (Peek())
                {
                    case '?': _at++; atom = new Node.Repeat(atom, 0, 1); break;
                    case '*': _at++; atom = new Node.Repeat(atom, 0, -1); break;
                    case '+': _at++; atom = new Node.Repeat(atom, 1, -1); break;
                    case '{':
                        _at++;
                        var min = ReadNumber();
                        var max = min;
                        if (Peek() == ',')
                        {
                            _at++;
                            max = Peek() == '}' ? -1 : ReadNumber();
                        }
                        Expect('}');
                        if (max != -1 && max < min) throw Unsupported($"repetition {{{min},{max}}}");
                        atom = new Node.Repeat(atom, min, max);
                        break;
                    default: return atom;
                }
            }
        }

        private Node ParseAtom()
        {
            var c = Peek() ?? throw Unsupported("unexpected end");
            _at++;
            switch (c)
            {
                case >= '0' and <= '9': return new Node.Digits((ushort)(1 << (c - '0')));
                case '\\': return new Node.Digits(ReadEscape());
                case '[': return new Node.Digits(ReadClass());
                case '(':
                    if (Peek() == '?')
                    {
                        _at++;
                        Expect(':');
                    }
                    var inner = ParseAlternation();
                    Expect(')');
                    return inner;
                default: throw Unsupported($"'{c}'");
            }
        }

        private ushort ReadEscape()
        {
            var c = Peek() ?? throw Unsupported("trailing backslash");
            _at++;
            return c == 'd' ? Node.AllDigits : throw Unsupported($"escape \\{c}");
        }

        private ushort ReadClass()
        {
            var negated = Peek() == '^';
            if (negated) _at++;
            ushort mask = 0;
            while (Peek() != ']')
            {
                var c = Peek() ?? throw Unsupported("unclosed class");
                _at++;
                if (c == '\\') { mask |= ReadEscape(); continue; }
                if (c is < '0' or > '9') throw Unsupported($"'{c}' in a class");
                var last = c;
                if (Peek() == '-' && _at + 1 < pattern.Length && pattern[_at + 1] != ']')
                {
                    _at++;
                    last = pattern[_at++];
                    if (last is < '0' or > '9' || last < c) throw Unsupported($"class range {c}-{last}");
                }
                for (var d = c; d <= last; d++) mask |= (ushort)(1 << (d - '0'));
            }
            _at++;
            return negated ? (ushort)(~mask & Node.AllDigits) : mask;
        }

        private int ReadNumber()
        {
            var start = _at;
            while (Peek() is >= '0' and <= '9') _at++;
            if (_at == start) throw Unsupported("a repetition without a count");
            return int.Parse(pattern.AsSpan(start, _at - start), System.Globalization.CultureInfo.InvariantCulture);
        }

        private char? Peek() => _at < pattern.Length ? pattern[_at] : null;

        private void Expect(char c)
        {
            if (Peek() != c) throw Unsupported($"expected '{c}'");
            _at++;
        }

        private FormatException Unsupported(string what) =>
            new($"The digit pattern '{pattern}' uses syntax the numbering plan cannot read ({what} at {_at}).");
    }

    /// <summary>A Thompson NFA: each state has digit edges and epsilon edges; one accepting state.</summary>
    private sealed class Nfa
    {
        private readonly List<(ushort Mask, int To)>[] _edges;
        private readonly List<int>[] _epsilon;

        private Nfa(List<(ushort, int)>[] edges, List<int>[] epsilon, int start, int accept)
        {
            _edges = edges;
            _epsilon = epsilon;
            Start = start;
            Accept = accept;
        }

        public int Start { get; }
        public int Accept { get; }

        public static Nfa Build(Node root)
        {
            var edges = new List<List<(ushort, int)>>();
            var epsilon = new List<List<int>>();
            int NewState()
            {
                edges.Add([]);
                epsilon.Add([]);
                return edges.Count - 1;
            }
            (int Start, int End) Emit(Node node)
            {
                switch (node)
                {
                    case Node.Digits d:
                    {
                        var s = NewState();
                        var e = NewState();
                        edges[s].Add((d.Mask, e));
                        return (s, e);
                    }
                    case Node.Concat c:
                    {
                        var s = NewState();
                        var end = s;
                        foreach (var item in c.Items)
                        {
                            var f = Emit(item);
                            epsilon[end].Add(f.Start);
                            end = f.End;
                        }
                        return (s, end);
                    }
                    case Node.Alternation a:
                    {
                        var s = NewState();
                        var e = NewState();
                        foreach (var choice in a.Choices)
                        {
                            var f = Emit(choice);
                            epsilon[s].Add(f.Start);
                            epsilon[f.End].Add(e);
                        }
                        return (s, e);
                    }
                    case Node.Repeat r:
                    {
                        var s = NewState();
                        var end = s;
                        for (var i = 0; i < r.Min; i++)
                        {
                            var f = Emit(r.Item);
                            epsilon[end].Add(f.Start);
                            end = f.End;
                        }
                        if (r.Max == -1)
                        {
                            var loop = Emit(r.Item);
                            var after = NewState();
                            epsilon[end].Add(loop.Start);
                            epsilon[end].Add(after);
                            epsilon[loop.End].Add(loop.Start);
                            epsilon[loop.End].Add(after);
                            return (s, after);
                        }
                        var exit = NewState();
                        for (var i = r.Min; i < r.Max; i++)
                        {
                            var f = Emit(r.Item);
                            epsilon[end].Add(f.Start);
                            epsilon[end].Add(exit);
                            end = f.End;
                        }
                        epsilon[end].Add(exit);
                        return (s, exit);
                    }
                    default: throw new InvalidOperationException($"Unknown node {node}.");
                }
            }
            var (start, accept) = Emit(root);
            return new Nfa([.. edges], [.. epsilon], start, accept);
        }

        /// <summary>The states reachable from <paramref name="states"/> by epsilon edges, sorted.</summary>
        public int[] Closure(IEnumerable<int> states)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(states);
            while (stack.Count > 0)
            {
                var s = stack.Pop();
                if (!seen.Add(s)) continue;
                foreach (var t in _epsilon[s]) stack.Push(t);
            }
            // Only states with digit edges, and the accepting state, tell sets apart.
            var kept = seen.Where(s => _edges[s].Count > 0 || s == Accept).ToArray();
            Array.Sort(kept);
            return kept;
        }

        public IEnumerable<int> Move(int[] set, int digit)
        {
            var bit = 1 << digit;
            foreach (var s in set)
                foreach (var (mask, to) in _edges[s])
                    if ((mask & bit) != 0) yield return to;
        }
    }
}
