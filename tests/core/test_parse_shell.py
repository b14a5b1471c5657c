"""The shell reader: what bash would assign, export and run, with exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import corpus_or_skip
from keylint.core.document import Document
from keylint.core.model import Assignment, Command, FileKind, ParsedFile, Span, Word
from keylint.core.parse.shell import parse_shell


def parse(text: str, path: str = ".bashrc") -> tuple[Document, ParsedFile]:
    """Parse and check every span against the text before any test looks at it."""
    doc = Document(path, text, FileKind.SHELL)
    parsed = parse_shell(doc)
    check_spans(doc, parsed)
    return doc, parsed


def assignment(text: str, name: str) -> Assignment:
    _, parsed = parse(text)
    found = [a for a in parsed.assignments if a.name == name]
    assert len(found) == 1, parsed.assignments
    return found[0]


def command(text: str, name: str) -> Command:
    _, parsed = parse(text)
    found = [c for c in parsed.commands if c.name == name]
    assert len(found) == 1, parsed.commands
    return found[0]


def check_spans(doc: Document, parsed: ParsedFile) -> None:
    """Spans lie in the document and agree with the offsets and the text they claim."""

    def inside(span: Span) -> None:
        assert 0 <= span.line <= span.end_line < doc.line_count
        assert doc.offset(span.line, span.column) <= doc.offset(span.end_line, span.end_column)
        line_length = len(doc.text) - doc.line_starts[-1]
        if span.end_line + 1 < doc.line_count:
            line_length = doc.line_starts[span.end_line + 1] - doc.line_starts[span.end_line]
        assert 0 <= span.end_column <= line_length

    def word(w: Word) -> None:
        start = doc.start(w.span)
        assert doc.text[start : start + len(w.text)] == w.text
        assert w.span == doc.span(start, start + len(w.text))
        inside(w.span)

    for a in parsed.assignments:
        start = doc.start(a.value_span)
        end = start + len(a.raw)
        assert doc.text[start:end] == a.raw
        assert a.value_span == doc.span(start, end)
        name_start = doc.line_starts[a.name_span.line] + a.name_span.column
        assert doc.text[name_start : name_start + len(a.name)] == a.name
        for span in (a.name_span, a.value_span, a.statement_span):
            inside(span)
        assert (a.statement_span.line, a.statement_span.column) <= (
            a.name_span.line,
            a.name_span.column,
        )
        assert (a.statement_span.end_line, a.statement_span.end_column) == (
            a.value_span.end_line,
            a.value_span.end_column,
        )
    for c in parsed.commands:
        assert c.span == doc.span(doc.start(c.span), doc.end(c.span))
        inside(c.span)
        inside(c.name_span)
        for w in c.args:
            word(w)
        for r in c.redirects:
            word(r.target)
            inside(r.span)
    for mark in parsed.exports:
        inside(mark.span)
        start = doc.line_starts[mark.span.line] + mark.span.column
        assert doc.text[start : start + len(mark.name)] == mark.name
    for problem in parsed.problems:
        inside(problem.span)
    for start, end in parsed.allexport_lines:
        assert 0 <= start < end <= doc.line_count


# --- assignments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword", "exported"),
    [
        ("OPENAI_API_KEY=sk-test-abc123\n", "", False),
        ("export OPENAI_API_KEY=sk-test-abc123\n", "export", True),
        ("declare -x OPENAI_API_KEY=sk-test-abc123\n", "declare", True),
        ("declare -rx OPENAI_API_KEY=sk-test-abc123\n", "declare", True),
        ("declare OPENAI_API_KEY=sk-test-abc123\n", "declare", False),
        ("declare +x OPENAI_API_KEY=sk-test-abc123\n", "declare", False),
        ("typeset -x OPENAI_API_KEY=sk-test-abc123\n", "typeset", True),
        ("typeset -gx OPENAI_API_KEY=sk-test-abc123\n", "typeset", True),
        ("readonly OPENAI_API_KEY=sk-test-abc123\n", "readonly", False),
        ("local OPENAI_API_KEY=sk-test-abc123\n", "local", False),
        ("local -x OPENAI_API_KEY=sk-test-abc123\n", "local", True),
        ("export -n OPENAI_API_KEY=sk-test-abc123\n", "export", False),
    ],
)
def test_keywords_and_export(text: str, keyword: str, exported: bool) -> None:
    a = assignment(text, "OPENAI_API_KEY")
    assert (a.keyword, a.exported, a.value) == (keyword, exported, "sk-test-abc123")
    assert a.statement_span == Span(0, 0, 0, len(text) - 1)
    assert a.name_span == Span(0, text.index("OPENAI"), 0, text.index("="))
    assert not (a.nested or a.prefix or a.dynamic)


def test_export_of_several_assignments_on_one_line() -> None:
    _, parsed = parse("export A=1 B=two\n")
    a, b = parsed.assignments
    assert (a.name, a.value, b.name, b.value) == ("A", "1", "B", "two")
    assert a.exported and b.exported
    assert a.statement_span == Span(0, 0, 0, 10)
    assert b.statement_span == Span(0, 0, 0, 16)  # from `export` to the end of this value


@pytest.mark.parametrize(
    ("text", "raw", "value", "quote"),
    [
        ("K=abc\n", "abc", "abc", ""),
        ('K="a b"\n', '"a b"', "a b", '"'),
        ("K='a b'\n", "'a b'", "a b", "'"),
        (r'K="q\"uote \\ \$HOME \`x\` \n"' "\n", r'"q\"uote \\ \$HOME \`x\` \n"',
         r'q"uote \ $HOME `x` \n', '"'),
        (r"K='single $HOME \n \"'" "\n", r"'single $HOME \n \"'", r"single $HOME \n \"", "'"),
        (r"K=a\ b\$c" "\n", r"a\ b\$c", "a b$c", ""),
        ("K=\"a\"'b'c\n", "\"a\"'b'c", "abc", '"'),
        ("K='a'\"b\"\n", "'a'\"b\"", "ab", "'"),
        (r"K=$'tab\there\x41\u00e9\101'" "\n", r"$'tab\there\x41\u00e9\101'", "tab\thereAéA",
         "'"),
        ("K=\"multi\nline\"\n", '"multi\nline"', "multi\nline", '"'),
        ("K=12345\n", "12345", "12345", ""),
    ],
)  # fmt: skip
def test_quotes_and_decoded_values(text: str, raw: str, value: str, quote: str) -> None:
    a = assignment(text, "K")
    assert (a.raw, a.value, a.quote, a.closed, a.dynamic) == (raw, value, quote, True, False)
    assert (a.value_span.line, a.value_span.column) == (0, 2)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("K=$(cat ~/.key)\n", "$(cat ~/.key)"),
        ("K=`cat ~/.key`\n", "`cat ~/.key`"),
        ("K=${HOME}/x\n", "${HOME}/x"),
        ('K="$HOME/x"\n', "$HOME/x"),
        ('K="Bearer ${TOKEN:-none}"\n', "Bearer ${TOKEN:-none}"),
        ("K=$((1 + 2))\n", "$((1 + 2))"),
        ("K+=more\n", "more"),
        ("K=(a b c)\n", "(a b c)"),
    ],
)
def test_dynamic_values_keep_expansions_as_written(text: str, value: str) -> None:
    a = assignment(text, "K")
    assert a.dynamic
    assert a.value == value


def test_command_substitution_in_a_value_is_walked() -> None:
    _, parsed = parse("export OPENAI_API_KEY=$(cat ~/.openai_key)\n")
    (cat,) = parsed.commands
    assert (cat.name, [w.value for w in cat.args], cat.nested) == ("cat", ["~/.openai_key"], True)


def test_empty_value_has_an_empty_span_after_the_equals_sign() -> None:
    a = assignment("export OPENAI_API_KEY=\n", "OPENAI_API_KEY")
    assert (a.raw, a.value, a.quote, a.closed) == ("", "", "", True)
    assert a.value_span == Span(0, 22, 0, 22)


def test_prefix_assignment_is_environment_for_one_command() -> None:
    _, parsed = parse("OPENAI_API_KEY=sk-test-abc123 python app.py\n")
    (a,) = parsed.assignments
    assert a.prefix and not a.exported
    (python,) = parsed.commands
    assert (python.name, [w.text for w in python.args]) == ("python", ["app.py"])


@pytest.mark.parametrize(
    "text",
    [
        "if true; then K=1; fi\n",
        "if true; then :; elif false; then K=1; fi\n",
        "if true; then :; else K=1; fi\n",
        "load() {\n  export K=1\n}\n",
        "function load { local K=1; }\n",
        "true && K=1\n",
        "false || export K=1\n",
        "a && b || K=1\n",
        "(K=1)\n",
        "{ K=1; }\n",
        "case $x in a) K=1;; esac\n",
        "for f in a b; do K=1; done\n",
        "while true; do K=1; done\n",
        "until true; do K=1; done\n",
        "X=$(K=1; echo)\n",
    ],
)
def test_nested_assignments(text: str) -> None:
    assert assignment(text, "K").nested


@pytest.mark.parametrize("text", ["K=1\n", "K=1 && true\n", "K=1; echo\n", "! K=1\n"])
def test_top_level_assignments_are_not_nested(text: str) -> None:
    assert not assignment(text, "K").nested


# --- exports and set -a ------------------------------------------------------------------


def test_export_of_an_earlier_assignment() -> None:
    text = "OPENAI_API_KEY=sk-test-abc123\nexport OPENAI_API_KEY\n"
    _, parsed = parse(text)
    (a,) = parsed.assignments
    assert not a.exported
    (mark,) = parsed.exports
    assert (mark.name, mark.span) == ("OPENAI_API_KEY", Span(1, 7, 1, 21))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("export A B C\n", ["A", "B", "C"]),
        ("declare -x A\n", ["A"]),
        ("typeset -x A B\n", ["A", "B"]),
        ("export A=1 B\n", ["B"]),
        ("declare A\n", []),
        ("export -n A\n", []),
        ("readonly A\n", []),
        ("typeset -U path\n", []),
    ],
)
def test_export_marks(text: str, names: list[str]) -> None:
    _, parsed = parse(text)
    assert [mark.name for mark in parsed.exports] == names


def test_allexport_ranges() -> None:
    text = (
        "A=1\n"  # 0
        "set -a\n"  # 1
        "B=2\n"  # 2
        "set +a\n"  # 3
        "C=3\n"  # 4
        "set -o allexport\n"  # 5
        "D=4\n"  # 6
    )
    doc, parsed = parse(text)
    assert parsed.allexport_lines == ((1, 4), (5, doc.line_count))


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("set -a; . ./.env; set +a\nK=1\n", ((0, 1),)),
        ("set -euo pipefail\nK=1\n", ()),
        ("set -ae\nK=1\nset +o allexport\n", ((0, 3),)),
        ("set +a\nK=1\n", ()),
        ("setopt ALL_EXPORT\nK=1\nunsetopt allexport\n", ((0, 3),)),
        ("setopt noallexport\nK=1\n", ()),
        ("set -- -a\nK=1\n", ()),
    ],
)
def test_allexport_forms(text: str, ranges: tuple[tuple[int, int], ...]) -> None:
    _, parsed = parse(text)
    assert parsed.allexport_lines == ranges


# --- commands ----------------------------------------------------------------------------


def test_echo_appending_to_a_file() -> None:
    text = 'echo "OPENAI_API_KEY=$OPENAI_API_KEY" >> ~/.env\n'
    echo = command(text, "echo")
    (arg,) = echo.args
    assert (arg.value, arg.quote, arg.expansions, arg.dynamic) == (
        "OPENAI_API_KEY=$OPENAI_API_KEY",
        '"',
        ("OPENAI_API_KEY",),
        True,
    )
    (redirect,) = echo.redirects
    assert (redirect.operator, redirect.target.value) == (">>", "~/.env")
    assert redirect.span == Span(0, 38, 0, 47)
    assert echo.span == Span(0, 0, 0, len(text) - 1)  # the redirect included


@pytest.mark.parametrize(
    ("text", "operators"),
    [
        ("echo $K > f\n", [">"]),
        ("echo $K >| f 2> err\n", [">|", "2>"]),
        ("echo $K &> f\n", ["&>"]),
        ("echo $K &>> f\n", ["&>>"]),
        ("echo $K > f 2>&1\n", [">", "2>&"]),
        ("cat <<< $K\n", ["<<<"]),
        ("cat <<EOF >> ~/.bashrc\nexport K=$V\nEOF\n", ["<<", ">>"]),
    ],
)
def test_redirect_operators(text: str, operators: list[str]) -> None:
    _, parsed = parse(text)
    assert [r.operator for r in parsed.commands[0].redirects] == operators


def test_heredoc_body_expansions_are_references() -> None:
    _, parsed = parse("cat <<EOF >> ~/.bashrc\nexport K=$OPENAI_API_KEY\nEOF\n")
    assert "OPENAI_API_KEY" in parsed.references
    assert parsed.assignments == ()  # the body is text for cat, not a statement


def test_word_misfiled_as_a_redirect_target_is_an_argument() -> None:
    echo = command("echo > out hello\n", "echo")
    assert [w.value for w in echo.args] == ["hello"]
    assert [r.target.value for r in echo.redirects] == ["out"]


@pytest.mark.parametrize(
    ("text", "pipes"),
    [
        ("echo $K | pbcopy\n", {"echo": ("pbcopy",), "pbcopy": ()}),
        ("echo $K | base64 | pbcopy\n", {"echo": ("base64", "pbcopy"), "base64": ("pbcopy",)}),
        ('echo "$K" | tee -a ~/.bashrc\n', {"echo": ("tee",), "tee": ()}),
        ("echo $K 2>&1 | xclip -sel c\n", {"echo": ("xclip",)}),
        ("echo $K |& tee log\n", {"echo": ("tee",)}),
        ("cat <<EOF | pbcopy\n$K\nEOF\n", {"cat": ("pbcopy",), "pbcopy": ()}),
    ],
)
def test_pipelines(text: str, pipes: dict[str, tuple[str, ...]]) -> None:
    _, parsed = parse(text)
    by_name = {c.name: c.pipe_to for c in parsed.commands}
    for name, after in pipes.items():
        assert by_name[name] == after


def test_tee_arguments_in_a_pipeline() -> None:
    tee = command('echo "$K" | tee -a ~/.bashrc\n', "tee")
    assert [w.value for w in tee.args] == ["-a", "~/.bashrc"]
    assert tee.span == Span(0, 12, 0, 28)


def test_curl_with_a_bearer_header() -> None:
    text = (
        'curl -sS -H "Authorization: Bearer $OPENAI_API_KEY" \\\n'
        "  -H 'X-Literal: $NOT_EXPANDED' https://api.openai.com/v1/models\n"
    )
    curl = command(text, "curl")
    values = [w.value for w in curl.args]
    assert values == [
        "-sS",
        "-H",
        "Authorization: Bearer $OPENAI_API_KEY",
        "-H",
        "X-Literal: $NOT_EXPANDED",
        "https://api.openai.com/v1/models",
    ]
    bearer, literal = curl.args[2], curl.args[4]
    assert (bearer.quote, bearer.expansions, bearer.dynamic) == ('"', ("OPENAI_API_KEY",), True)
    assert bearer.span == Span(0, 12, 0, 51)
    assert (literal.quote, literal.expansions, literal.dynamic) == ("'", (), False)
    assert literal.span.line == 1
    assert curl.span == Span(0, 0, 1, len(text.splitlines()[1]))


def test_word_quote_kinds() -> None:
    echo = command("echo plain \"dq\" 'sq' \"a\"'b' $'c' ${X}\n", "echo")
    assert [w.quote for w in echo.args] == ["", '"', "'", "mixed", "'", ""]
    assert [w.value for w in echo.args] == ["plain", "dq", "sq", "ab", "c", "${X}"]


def test_commands_everywhere_with_nesting() -> None:
    text = (
        "top\n"
        "if grep -q x f; then inner; fi\n"
        "f() { infunc; }\n"
        "true && after_and\n"
        "echo $(in_subst)\n"
        "(in_subshell)\n"
    )
    _, parsed = parse(text)
    nested = {c.name: c.nested for c in parsed.commands}
    assert nested == {
        "top": False,
        "grep": True,
        "inner": True,
        "infunc": True,
        "true": False,
        "after_and": True,
        "echo": False,
        "in_subst": True,
        "in_subshell": True,
    }


def test_declarations_and_assignments_are_not_commands() -> None:
    _, parsed = parse("export A=1\nB=2\ndeclare -x C=3\nlocal D\nset -a\n")
    assert [c.name for c in parsed.commands] == ["set"]


def test_references() -> None:
    text = (
        "echo \"$A ${B} ${C:-$D} ${#E} ${F[0]}\" '$NOT_SINGLE' $1 $@\n"
        'G=$(printf %s "$H")\n'
        "[[ -n $I ]] && for x in $J; do :; done\n"
    )
    _, parsed = parse(text)
    assert parsed.references == frozenset("ABCDEFHIJ")


def test_command_name_after_quote_removal() -> None:
    _, parsed = parse("\\echo y\n'printf' %s x\n")
    assert [c.name for c in parsed.commands] == ["echo", "printf"]


# --- broken input ------------------------------------------------------------------------


def test_unterminated_double_quote_at_end_of_file() -> None:
    _, parsed = parse('export OPENAI_API_KEY="sk-abc')
    (a,) = parsed.assignments
    assert (a.raw, a.value, a.quote) == ('"sk-abc', "sk-abc", '"')
    assert (a.closed, a.exported) == (False, True)
    (problem,) = parsed.problems
    assert problem.kind == "unterminated-quote"
    assert problem.span == Span(0, 22, 0, 23)


def test_unterminated_double_quote_followed_by_lines() -> None:
    _, parsed = parse('A="abc\nexport B=2\necho hi\n')
    (a,) = parsed.assignments  # the rest of the file is inside the string
    assert (a.raw, a.value, a.closed) == ('"abc', "abc", False)
    assert a.value_span == Span(0, 2, 0, 6)  # stops at the end of the line
    (problem,) = parsed.problems
    assert problem.span == Span(0, 2, 0, 3)


def test_unterminated_single_quote_followed_by_lines() -> None:
    _, parsed = parse("export A=1\nexport FOO='bar\nexport X=1\n")
    assert [a.name for a in parsed.assignments] == ["A", "FOO"]
    foo = parsed.assignments[1]
    assert (foo.raw, foo.value, foo.quote, foo.closed) == ("'bar", "bar", "'", False)
    assert (foo.keyword, foo.exported) == ("export", True)
    assert foo.statement_span == Span(1, 0, 1, 15)
    (problem,) = parsed.problems
    assert problem.span == Span(1, 11, 1, 12)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("FOO='bar", Span(0, 4, 0, 5)),
        ("echo 'abc\necho x\n", Span(0, 5, 0, 6)),
        ('echo "abc\necho x\n', Span(0, 5, 0, 6)),
        ('curl -H "Authorization: Bearer $K', Span(0, 8, 0, 9)),
        ("A=$'abc", Span(0, 3, 0, 4)),
    ],
)
def test_unterminated_quote_spans(text: str, span: Span) -> None:
    _, parsed = parse(text)
    assert [(p.kind, p.span) for p in parsed.problems] == [("unterminated-quote", span)]


@pytest.mark.parametrize(
    "text",
    [
        "# it's fine\nA=1\n",
        'echo "don\'t"\n',
        "echo 'say \"hi\"'\n",
        "echo it\\'s\n",
        "cat <<'EOF'\nit's\nEOF\n",
    ],
)
def test_lone_quote_characters_that_are_not_open_quotes(text: str) -> None:
    _, parsed = parse(text)
    assert parsed.problems == ()


ZSHRC = """\
typeset -U path
autoload -Uz compinit && compinit
zstyle ':completion:*' menu select
setopt HIST_IGNORE_DUPS
SCRIPT_DIR=${${(%):-%x}:A:h}
bindkey '^R' history-incremental-search-backward
[[ -o interactive ]] && echo interactive
for f in ~/.zsh/*.zsh(N); do source $f; done
path=(~/bin $path)
alias -g G='| grep'
if [[ -f ~/.p10k.zsh ]] then source ~/.p10k.zsh; fi
export OPENAI_API_KEY=sk-test-abc123
"""


def test_zsh_syntax_does_not_hide_later_exports() -> None:
    _, parsed = parse(ZSHRC, ".zshrc")
    key = [a for a in parsed.assignments if a.name == "OPENAI_API_KEY"]
    assert len(key) == 1
    assert (key[0].value, key[0].exported, key[0].nested) == ("sk-test-abc123", True, False)
    assert key[0].name_span == Span(11, 7, 11, 21)
    assert parsed.problems == ()
    names = {c.name for c in parsed.commands}
    assert {"autoload", "zstyle", "setopt", "bindkey", "alias"} <= names
    # Never a false empty or literal value: the line is skipped, or its value is dynamic.
    assert all(a.dynamic for a in parsed.assignments if a.name == "SCRIPT_DIR")


@pytest.mark.parametrize(
    "text", ["A=${(%):-x}\n", "export A=${${(%):-%x}:A:h}\n", "A=${arr[(i)x]}\n"]
)
def test_zsh_expansions_are_dynamic_values_as_written(text: str) -> None:
    a = assignment(text + "echo after\n", "A")
    written = text[text.index("$") : -1]
    assert (a.raw, a.value, a.dynamic) == (written, written, True)


def test_zsh_setopt_is_not_allexport() -> None:
    _, parsed = parse(ZSHRC, ".zshrc")
    assert parsed.allexport_lines == ()


# --- text encodings and sizes ------------------------------------------------------------


def test_columns_count_code_points_after_non_ascii_text() -> None:
    text = (
        "# 😀 café \u200b\n"
        'X="a\u00a0b"; export K1=v1 # 😀\n'
        "Y=\u200b; Z=😀😀 run; export K2=v2\n"
    )  # fmt: skip
    _, parsed = parse(text)
    by_name = {a.name: a for a in parsed.assignments}
    line1, line2 = text.splitlines()[1:3]
    k1 = by_name["K1"]
    assert k1.name_span == Span(1, line1.index("K1"), 1, line1.index("K1") + 2)
    assert k1.value_span == Span(1, line1.index("v1"), 1, line1.index("v1") + 2)
    k2 = by_name["K2"]
    assert k2.value_span == Span(2, line2.index("v2"), 2, line2.index("v2") + 2)
    assert by_name["X"].value == "a\u00a0b"
    assert by_name["Y"].value == "\u200b"
    assert by_name["Z"].raw == "😀😀"
    assert k2.prefix is False and by_name["Z"].prefix is True


def test_non_ascii_in_command_words() -> None:
    echo = command('echo "naïve 😀" >> "~/ünï"\n', "echo")
    assert echo.args[0].span == Span(0, 5, 0, 14)
    assert echo.redirects[0].target.value == "~/ünï"
    assert echo.span == Span(0, 0, 0, 25)


def test_non_ascii_characters_are_word_characters_as_in_bash() -> None:
    _, parsed = parse("K=a\u00a0b run\nexport K2=😀x\n")
    k, k2 = parsed.assignments
    assert (k.raw, k.value, k.prefix) == ("a\u00a0b", "a\u00a0b", True)  # NBSP is no space
    assert (k2.raw, k2.value_span) == ("😀x", Span(1, 10, 1, 12))


@pytest.mark.parametrize("code_point", [0x80000, 0xC9AC0, 0x10FFFF, 0x1F600, 0x100])
@pytest.mark.parametrize("before", ["{", "$", "[[ -", "cat <<E\n$", "x=", "${"])
def test_large_code_points_do_not_crash_the_grammar(before: str, code_point: int) -> None:
    # tree-sitter-bash calls C isalpha() on code points: without ASCII stand-ins, U+C9AC0
    # after `{` read out of bounds and killed the process (a segfault, not an exception).
    for _ in range(5):
        parse(before + chr(code_point) + "x\n")


def test_crlf_keeps_the_carriage_return_as_bash_does() -> None:
    text = 'export A=abc\r\nexport B="x"\r\nC=\r\necho hi >> f\r\n'
    _, parsed = parse(text)
    a, b, c = parsed.assignments
    assert (a.raw, a.value) == ("abc\r", "abc\r")
    assert a.value_span == Span(0, 9, 0, 12)  # the LSP line ends before the \r
    assert (b.raw, b.value, b.quote) == ('"x"\r', "x\r", '"')
    assert (c.raw, c.value) == ("\r", "\r")
    (echo,) = parsed.commands
    assert [w.value for w in echo.args] == ["hi"]
    assert echo.redirects[0].target.value == "f\r"
    assert echo.span == Span(3, 0, 3, 12)


def test_byte_order_mark_at_the_start() -> None:
    _, parsed = parse("\ufeffexport OPENAI_API_KEY=sk-test-abc123\n")
    (a,) = parsed.assignments
    assert a.statement_span == Span(0, 1, 0, 37)
    assert a.value == "sk-test-abc123"


def test_a_100k_character_line() -> None:
    long_value = "a" * 100_000
    text = f"# {'x' * 100_000}\nexport K={long_value}\necho '{'y' * 100_000}' | pbcopy\nB=2\n"
    _, parsed = parse(text)
    k, b = parsed.assignments
    assert (k.value, k.value_span) == (long_value, Span(1, 9, 1, 100_009))
    assert (b.name, b.value) == ("B", "2")
    echo = parsed.commands[0]
    assert echo.pipe_to == ("pbcopy",)
    assert len(echo.args[0].value) == 100_000


def test_a_long_line_of_quotes_and_junk() -> None:
    parse("'\"$(" * 25_000 + "\nexport K=1\n")


def test_empty_and_blank_files() -> None:
    for text in ("", "\n", "   \n\t\n", "#!/bin/sh\n"):
        _, parsed = parse(text)
        assert parsed == ParsedFile()


def test_lone_surrogate_does_not_break_offsets() -> None:
    _, parsed = parse("X='\udc80'\nexport K=v\n")
    k = next(a for a in parsed.assignments if a.name == "K")
    assert k.value_span == Span(1, 9, 1, 10)


SHELLISH = st.sampled_from(
    [
        "export ", "declare -x ", "K=", "=", " ", "\t", "\n", "\r\n", "\r", "'", '"', "$", "${",
        "}", "$(", ")", "(", "`", "\\", ";", "|", "&&", "||", ">", ">>", "<<", "EOF", "#", "if ",
        "then ", "fi", "for ", "do ", "done", "case ", "esac", "[[ ", " ]]", "a", "sk-test-1",
        "😀", "\u00a0", "\u200b", "\ufeff", "\x00", "é", "set -a", "\\\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(SHELLISH, max_size=60).map("".join))
def test_shell_like_junk_never_raises(text: str) -> None:
    parse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\"'$`\\\r\n")))
def test_random_text_never_raises(text: str) -> None:
    parse(text)


# --- the real corpus ---------------------------------------------------------------------


def test_real_rc_files_parse() -> None:
    root = corpus_or_skip() / "shellrc"
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    assert len(paths) > 20
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        _, parsed = parse(text, path.name)
        assert not [p for p in parsed.problems if p.kind == "unterminated-quote"], path


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        (
            "Wxh16144__dotfiles/backup/.oh-my-zsh/custom/private_env.desensitized.zsh",
            "OFFICIAL_OPENAI_TOKEN",
            "sk-xxxxxx",
        ),
        ("0kate__dotfiles/.bashrc", "WASI_SDK_PATH", "$HOME/lib/wasi-sdk-14.0"),
        ("deedy__dotfiles/.zshrc", "MALTPARSERHOME", "/Users/deedy/nltk_data"),
    ],
)
def test_known_exports_in_real_files(path: str, name: str, value: str) -> None:
    file = corpus_or_skip() / "shellrc" / path
    _, parsed = parse(file.read_text(encoding="utf-8"), file.name)
    found = [a for a in parsed.assignments if a.name == name]
    assert [(a.value, a.exported) for a in found] == [(value, True)]


def test_known_export_mark_in_a_real_file() -> None:
    file = corpus_or_skip() / "shellrc" / "0kate__dotfiles" / ".bashrc"
    _, parsed = parse(file.read_text(encoding="utf-8"), file.name)
    assert "GPG_TTY" in {mark.name for mark in parsed.exports}


def test_zsh_with_errors_in_a_real_file() -> None:
    file = corpus_or_skip() / "shellrc" / "decisivedevops__dotfiles" / ".zshrc"
    _, parsed = parse(file.read_text(encoding="utf-8"), file.name)
    names = {a.name for a in parsed.assignments}
    assert {"PATH", "ZINIT_HOME", "HISTSIZE", "HISTFILE"} <= names


# --- regressions: what bash reads, where tree-sitter-bash reads otherwise ----------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('export K="$(cat f) "\n', "$(cat f) "),
        ('K="abc $X "\n', "abc $X "),
        ('K="abc $X  \t"\n', "abc $X  \t"),
        ('K="${X} y "\n', "${X} y "),
        ('K=" $X"\n', " $X"),
    ],
)
def test_blanks_after_an_expansion_inside_double_quotes_stay(text: str, value: str) -> None:
    # tree-sitter's closing-quote token starts with the blanks before the quote
    assert assignment(text, "K").value == value


@pytest.mark.parametrize(("text", "value"), [('K=" "\n', " "), ('K="  "\n', "  ")])
def test_double_quoted_blanks_alone_are_the_value(text: str, value: str) -> None:
    a = assignment(text, "K")
    assert (a.value, a.quote, a.closed, a.dynamic) == (value, '"', True, False)


def test_echo_argument_keeps_its_trailing_blank() -> None:
    (echo,) = parse('echo "Bearer $KEY "\n')[1].commands
    assert [w.value for w in echo.args] == ["Bearer $KEY "]


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("echo $KEY\\$ z\n", [("$KEY\\$", "$KEY$"), ("z", "z")]),
        ("echo ${KEY}\\$\n", [("${KEY}\\$", "${KEY}$")]),
        ("echo $KEY\\x\n", [("$KEY\\x", "$KEYx")]),
        ("echo $A\\ b\n", [("$A\\ b", "$A b")]),
        ("echo a\\\nb\n", [("a\\\nb", "ab")]),  # a line continuation joins the word
        ("echo a \\\n  b\n", [("a", "a"), ("b", "b")]),
    ],
)
def test_a_word_is_split_by_blanks_only(text: str, args: list[tuple[str, str]]) -> None:
    (echo,) = parse(text)[1].commands
    assert [(w.text, w.value) for w in echo.args] == args


def test_an_escape_after_an_expansion_stays_in_the_word() -> None:
    (echo,) = parse("echo $KEY\\$\n")[1].commands
    (word,) = echo.args
    assert (word.text, word.value, word.expansions, word.dynamic) == (
        "$KEY\\$", "$KEY$", ("KEY",), True
    )


@pytest.mark.parametrize(
    ("text", "raw", "value", "command"),
    [
        ("K=$KEY\\$\n", "$KEY\\$", "$KEY$", None),
        ("export K=$KEY\\$\n", "$KEY\\$", "$KEY$", None),
        ("local K=$A\\x\n", "$A\\x", "$Ax", None),
        ("K=$KEY\\$ cmd a\n", "$KEY\\$", "$KEY$", ("cmd", ["a"])),
        ("K=a\\\nb\n", "a\\\nb", "ab", None),
    ],
)
def test_an_escape_after_an_expansion_stays_in_the_value(
    text: str, raw: str, value: str, command: tuple[str, list[str]] | None
) -> None:
    _, parsed = parse(text)
    (a,) = parsed.assignments
    assert (a.raw, a.value, a.prefix) == (raw, value, command is not None)
    assert [(c.name, [w.value for w in c.args]) for c in parsed.commands] == (
        [command] if command else []
    )


def test_unquoted_line_continuation_is_not_part_of_a_value() -> None:
    a = assignment("K=ab\\\ncd\n", "K")
    assert (a.raw, a.value) == ("ab\\\ncd", "abcd")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('K="abc\\\n', "abc"),  # `\` + newline at the end of the file: a line continuation
        ('K="abc\\\nNEXT=1\n', "abc"),
        ("K=\"abc\\", "abc\\"),  # no newline after it: bash keeps the backslash
        ("K='abc\\\n", "abc\\"),  # inside single quotes a backslash is a backslash
    ],
)
def test_backslash_newline_after_an_unclosed_quote(text: str, value: str) -> None:
    a = assignment(text, "K")
    assert not a.closed
    assert a.value == value


def test_invalid_name_in_export_is_a_command() -> None:
    # bash runs `export` with the word `OPENAI\u200b_API_KEY=x`: "not a valid identifier"
    text = "export OPENAI\u200b_API_KEY=x\n"
    _, parsed = parse(text)
    assert parsed.assignments == ()
    (export,) = parsed.commands
    assert (export.name, [w.value for w in export.args]) == (
        "export", ["OPENAI\u200b_API_KEY=x"]
    )
    assert export.name_span == Span(0, 0, 0, 6)
    assert export.args[0].span == Span(0, 7, 0, len(text) - 1)


@pytest.mark.parametrize(
    ("text", "keyword", "words", "marks"),
    [
        ("export KEY = v\n", "export", ["KEY", "=", "v"], ["KEY", "v"]),
        ("local KEY = v\n", "local", ["KEY", "=", "v"], []),
        ("readonly KEY = v\n", "readonly", ["KEY", "=", "v"], []),
        ("declare -x KEY = v\n", "declare", ["-x", "KEY", "=", "v"], ["KEY", "v"]),
        ("typeset KEY =v\n", "typeset", ["KEY", "=v"], []),
        # what follows `=` derails tree-sitter (`#` is no comment inside a word; `(` a bash
        # syntax error): the declaration up to `=` is still read
        ("export KEY = a#b\n", "export", ["KEY", "="], ["KEY"]),
        ("export KEY = (a)\n", "export", ["KEY", "="], ["KEY"]),
        ("local KEY = a#b\n", "local", ["KEY", "="], []),
    ],
)
def test_declaration_with_blanks_around_equals_is_a_command(
    text: str, keyword: str, words: list[str], marks: list[str]
) -> None:
    _, parsed = parse(text)
    assert parsed.assignments == ()
    (command,) = parsed.commands
    assert (command.name, [w.value for w in command.args]) == (keyword, words)
    assert [m.name for m in parsed.exports] == marks


def test_a_derailed_declaration_line_leaves_the_next_lines_alone() -> None:
    _, parsed = parse("export KEY = a#b\nexport OPENAI_API_KEY=sk-x\nB=(a)\n")
    assert [(a.name, a.value, a.exported) for a in parsed.assignments] == [
        ("OPENAI_API_KEY", "sk-x", True), ("B", "(a)", False)
    ]


@pytest.mark.parametrize(
    "text", ["export A=1 B\n", "local A B=2\n", "declare -x A\n", "readonly -p\n"]
)
def test_ordinary_declarations_are_not_commands(text: str) -> None:
    assert parse(text)[1].commands == ()


def test_an_empty_command_between_cr_and_lf_has_a_span_in_the_line() -> None:
    # tree-sitter recovers from `case` with a nameless command after the `\r`
    _, parsed = parse("case \r\n|}")  # `parse` checks every span against the document
    assert [c.name for c in parsed.commands] == ["", "}"]
