"""Shell reader: rc files and scripts -> assignments, commands, exports, `set -a` regions.

The text is parsed with tree-sitter-bash, which is forgiving: a file that does not parse
(zsh syntax in a `.zshrc`, an unterminated quote) still yields a tree whose good parts are
meaningful, so ERROR nodes are walked like any other.

Choices that shape what rules see:

* zsh-only syntax can put tree-sitter-bash off track for the rest of the file. When that
  happens the offending line is left out of the parse (tree-sitter `included_ranges`, so
  offsets stay those of the file) and the file is parsed again, a bounded number of times.
  An unterminated quote is never skipped: the shell itself reads the rest of the file into
  that string, so statements after it are not real. It is reported as a Problem on the
  opening quote; other syntax errors are not reported.
* Values are what bash would see. A `\\r` before the line break (a CRLF file) is part of the
  last word of the line, exactly as bash keeps it in `KEY=value\\r`: raw texts, values,
  command names and spans include it. A value whose quote never closes stops at the end of
  its line (bash would read on to the end of the file), so rules can point at that line.
* Words are what bash reads as one word: only a blank ends one. tree-sitter-bash also ends
  a word where an escape follows an expansion (`$KEY\\$`) or at a `\\`+newline line
  continuation; such pieces are joined again (`_Walker._glued_run`).
* A declaration builtin given words that are neither assignments, names nor options
  (`export KEY = value`, `local KEY = value`, a name with a zero-width space in it) is also
  recorded as a command, the one bash runs and fails on.
* Non-ASCII characters are word characters, as in bash (tree-sitter reads ASCII stand-ins,
  see `_ASCII_STAND_INS`), except a leading byte-order mark, which is skipped as tree-sitter
  does; bash would run `\\ufeffexport` as a command, so flagging the BOM is a rule's job.
* `nested` means "may not run, or not in this shell": inside a function, if/case/loop,
  `( )`, `{ }`, `$( )`, or after `&&`/`||`.

Tree-sitter counts UTF-8 bytes; the model counts code points. `_Offsets` converts. The walk
is the hot path (an rc file is read again as its user types), so it visits statements
only and reads each word's subtree once.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from tree_sitter import Language, Node, Parser, Point, Range, Tree

from keylint.core import shift
from keylint.core.document import Document
from keylint.core.model import (
    Assignment,
    Command,
    ExportMark,
    ParsedFile,
    Problem,
    Redirect,
    Span,
    Word,
)
from keylint.core.parse.reuse import Reread, common_prefix, common_suffix

# Whatever runs inside these may not run, or runs in another shell process.
_NESTING = frozenset(
    {
        "function_definition",
        "if_statement",
        "case_statement",
        "for_statement",
        "c_style_for_statement",
        "while_statement",
        "subshell",
        "compound_statement",
        "command_substitution",
        "process_substitution",
    }
)
_EXPANSIONS = frozenset({"simple_expansion", "expansion"})
# Parts of a word whose value is only known when the shell runs: kept as written.
_DYNAMIC = _EXPANSIONS | {"command_substitution", "arithmetic_expansion", "process_substitution"}
# Nodes whose children are statements (or hold some): the walk goes into them. Any other
# node is a word, test or arithmetic, only scanned for expansions and substitutions.
_STATEMENTS = _NESTING | {
    "program",
    "elif_clause",
    "else_clause",
    "do_group",
    "case_item",
    "negated_command",
    "variable_assignments",
    "heredoc_redirect",
}
# Inside a word these hold statements, or bad syntax, that the tree walk must visit.
_WALKED_INSIDE_WORDS = frozenset({"command_substitution", "process_substitution", "ERROR"})
_NOT_WORDS = frozenset({"comment", "file_redirect", "heredoc_redirect", "herestring_redirect"})
_QUOTES = {"string": '"', "translated_string": '"', "raw_string": "'", "ansi_c_string": "'"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# `\\x` is `x`, and `\\` + newline a line continuation: removed (the group is then unmatched).
_UNQUOTED_ESCAPE = re.compile(r"\\(?:\n|(.))", re.DOTALL)
_DOUBLE_QUOTED_ESCAPE = re.compile(r'\\([$`"\\\n])')
_ANSI_C_ESCAPE = re.compile(
    r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)", re.DOTALL
)
_ANSI_C_SIMPLE = {
    "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
    "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}  # fmt: skip

_ALLEXPORT_COMMANDS = frozenset({"set", "setopt", "unsetopt"})

# Re-parsing after zsh syntax: at most this many rounds, and no more bytes than the budget
# in total, so a 10 MB file of junk costs one parse, not minutes.
_MAX_ROUNDS = 64
_REPARSE_BUDGET = 2 * 1024 * 1024

# What tree-sitter reads instead of each byte of a non-ASCII character. The bash grammar's
# scanner calls C `isalpha()` on code points, which reads out of bounds (and can crash the
# process) for large ones, such as U+C9AC0 after `{`. ASCII stand-ins keep every byte offset
# and line the same; "." is a plain word character in bash, as every non-ASCII one is (even
# U+00A0, which tree-sitter would otherwise take for a space). Values and names are always
# read from the real text.
_ASCII_STAND_INS = bytes(range(128)) + b"." * 128
_BOM = "\ufeff".encode()

_BLOCK_BITS = 6  # byte -> code point lookups scan at most 64 bytes
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)
_NON_ASCII = re.compile(rb"[\x80-\xff]")

# (start, end, row, column): the contents of one line (or its end) left out of the parse, in
# bytes, and where they start.
_Line = tuple[int, int, int, int]
_Toggle = tuple[int, int, bool]  # (line, column, allexport on?): a `set -a` or `set +a`
# `export KEY = value` (or `local`, `readonly`...): blanks around `=`. bash runs the builtin
# with the words `KEY`, `=` and the value. When what follows `=` derails the grammar
# (`a#b`, `(a)`), only that part of the line is left out of the parse, so the declaration
# and its stray `=` stay for rules to see.
_SPLIT_DECLARATION = re.compile(
    rb"[ \t]*(?:export|local|readonly|declare|typeset)(?:[ \t]+[-+][A-Za-z]+)*"
    rb"[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]+="
)
# (node, nested, pipe_to, wrapper): one pending step of the tree walk. `pipe_to` and the
# `redirected_statement` wrapper only ever apply to the command node they are pushed with.
_Visit = tuple[Node, bool, tuple[str, ...], Node | None]


@functools.cache
def _language() -> Language:
    """The bash grammar, loaded once per process on first use (not at import time)."""
    return Language(_bash_binding().language())


def _bash_binding() -> ModuleType:
    """tree-sitter-bash's compiled grammar module, loaded without running the package.

    The package's `__init__` imports `importlib.resources` (and with it tempfile, shutil,
    random, zlib...) for highlight queries keylint never reads: that was a tenth of the
    start-up time of `keylint check`. The extension module is loaded from the package's
    folder directly, and registered under its own name, so a later `import tree_sitter_bash`
    reuses it. Any surprise in the package's layout falls back to the plain import.
    """
    name = "tree_sitter_bash._binding"
    if name in sys.modules:
        return sys.modules[name]
    try:
        from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
        from importlib.util import find_spec, module_from_spec, spec_from_file_location

        package = find_spec("tree_sitter_bash")  # finds the package without importing it
        folders = package.submodule_search_locations if package else None
        paths = [os.path.join(folder, "_binding" + suffix)
                 for folder in folders or () for suffix in EXTENSION_SUFFIXES]
        path = next(p for p in paths if os.path.isfile(p))
        spec = spec_from_file_location(name, path, loader=ExtensionFileLoader(name, path))
        assert spec is not None and spec.loader is not None
        module = module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception:
        import tree_sitter_bash._binding as module
    sys.modules[name] = module
    return module


def parse_shell(doc: Document) -> ParsedFile:
    """Read a shell file. Never raises on bad input: what cannot be read is skipped."""
    return read_shell(doc).parsed


@dataclass(frozen=True, slots=True)
class _Chunk:
    """What one top-level statement yields, on lines [line, end_line), from byte `column`
    of its first line, `size` bytes long (positions an edit on other lines leaves alone)."""

    line: int
    end_line: int
    column: int
    size: int
    assignments: tuple[Assignment, ...]
    commands: tuple[Command, ...]
    exports: tuple[ExportMark, ...]
    references: frozenset[str]
    toggles: tuple[_Toggle, ...]
    open_quotes: bool  # walking it met a quote that never closes


@dataclass(frozen=True)
class ShellRead:
    """One version's reading, kept so that the next version can reuse what did not change."""

    parsed: ParsedFile
    reread: Reread | None = None  # None: the whole text was read
    text: str = ""
    data: bytes = b""  # the text in UTF-8, as tree-sitter counts
    line_count: int = 0
    chunks: tuple[_Chunk, ...] | None = None  # None: this reading cannot be built on
    quotes: tuple[int, int] = (-1, -1)  # offsets of the last `'` and last unescaped `"`
    tree: Tree | None = None  # to parse the next version incrementally


def read_shell(doc: Document, previous: ShellRead | None = None) -> ShellRead:
    """Read `doc`, reusing `previous` (the reading of an earlier version) where it can.

    tree-sitter parses the whole text (a millisecond for a long rc file); walking the tree
    is what costs, and a top-level statement on lines the edit did not touch is walked to
    the same result as before, so that result is reused (moved down when lines were added
    above it). The text around the edit is walked afresh, and the whole tree when the
    reading is unusual (a quote that never closes, carriage returns, zsh lines left out to
    recover) or when the edit moved the last quote of the text, which is what tells a
    statement with a syntax error whether its quote closes.
    """
    source = _Source(doc)
    edit: _Edit | None = None
    if previous is not None and previous.chunks is not None:
        edit = _Edit.between(previous.text, doc.text)
    old_tree = previous.tree if previous is not None and edit is not None else None
    if old_tree is not None and edit is not None and previous is not None:
        old_tree = edit.applied(old_tree, previous.data, source)
    tree, recovered = _parse(source, old_tree)
    if old_tree is not None and (recovered or tree.root_node.has_error):
        # tree-sitter's error recovery may go another way when it re-parses: a tree with
        # errors is built afresh, so that it is the one reading the whole text gives
        tree, recovered = _parse(source)
    root = tree.root_node
    walker = _Walker(source)
    if recovered or source.has_cr:
        walker.walk(root)
        return ShellRead(walker.result())
    statements = [c for c in root.children if c.child_count or c.is_error]
    reread: Reread | None = None
    chunks: list[_Chunk] | None = None
    if previous is not None and edit is not None:
        reused = _reuse(doc, source, statements, previous, walker, edit, not root.has_error)
        if reused is not None:
            chunks, reread = reused
    if chunks is None:
        chunks = [walker.chunk(node) for node in statements]
    if any(c.open_quotes for c in chunks):  # the shell's view ends there: read it whole
        walker = _Walker(source)
        walker.walk(root)
        return ShellRead(walker.result())
    parsed = _parsed(chunks, source, doc.line_count)
    quotes = _quotes(source)
    return ShellRead(
        parsed, reread, doc.text, source.data, doc.line_count, tuple(chunks), quotes, tree
    )


@dataclass(frozen=True)
class _Edit:
    """What changed between two versions: the text before `head` and the last `tail`
    characters are the same in both."""

    head: int
    tail: int

    @classmethod
    def between(cls, old: str, new: str) -> _Edit:
        head = common_prefix(old, new)
        return cls(head, common_suffix(old, new, min(len(old), len(new)) - head))

    def applied(self, tree: Tree, old: bytes, source: _Source) -> Tree:
        """A copy of the previous version's tree told about the edit, so that tree-sitter
        re-parses only around it (in bytes and rows, as tree-sitter counts)."""
        text, new = source.text, source.data
        if source.ascii:
            start, tail = self.head, self.tail
        else:
            start = len(text[: self.head].encode("utf-8", "replace"))
            tail = len(text[len(text) - self.tail :].encode("utf-8", "replace"))
        old_end, new_end = len(old) - tail, len(new) - tail
        edited = tree.copy()
        edited.edit(
            start_byte=start,
            old_end_byte=old_end,
            new_end_byte=new_end,
            start_point=_point(new, start),
            old_end_point=_point(old, old_end),
            new_end_point=_point(new, new_end),
        )
        return edited


def _point(data: bytes, offset: int) -> Point:
    """tree-sitter's (row, byte column) of a byte offset."""
    return Point(data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1))


def _quotes(source: _Source) -> tuple[int, int]:
    """Where the last `'` and the last unescaped `"` are (-1: none), in code points."""
    single, double = source.last_single, source.last_double
    return (source.cp(single) if single >= 0 else -1, source.cp(double) if double >= 0 else -1)


def _reuse(
    doc: Document,
    source: _Source,
    statements: list[Node],
    previous: ShellRead,
    walker: _Walker,
    edit: _Edit,
    clean: bool,
) -> tuple[list[_Chunk], Reread] | None:
    """The chunks of `statements`, walking only those on lines the edit touched; None when
    the statements outside those lines are not the previous ones (then all are walked)."""
    text, old = doc.text, previous.text
    old_chunks = previous.chunks or ()
    if text == old:
        return list(old_chunks), Reread.nothing(doc.line_count)
    head, tail = edit.head, edit.tail
    moved_by = len(text) - len(old)
    for before, now in zip(previous.quotes, _quotes(source), strict=True):
        if before >= len(old) - tail:
            before += moved_by
        elif before >= head:
            return None  # the edit changed where the last quote is
        if before != now:
            return None
    first = doc.position(max(head - 1, 0))[0]
    last = doc.position(len(text) - tail)[0] + 1  # [first, last): the lines edited
    lines = doc.line_count - previous.line_count
    while True:  # widen the lines to every statement on them, in both versions
        start, end, first, last = _edited(statements, first, last)
        old_last = last - lines
        kept = bisect.bisect_right(old_chunks, first, key=_chunk_end)
        moved = bisect.bisect_left(old_chunks, old_last, key=_chunk_line)
        if kept >= moved:
            break
        widened = (
            min(first, old_chunks[kept].line),
            max(old_last, old_chunks[moved - 1].end_line) + lines,
        )
        if widened == (first, last):
            break
        first, last = widened
    if old_last < first or start != kept or len(statements) - end != len(old_chunks) - moved:
        return None
    before, after = old_chunks[:kept], old_chunks[moved:]
    # The statements outside the edited lines must be the previous ones, moved down. Each is
    # compared when the tree has errors; in a clean tree the two next to the edit suffice
    # (the text before them and after them is the same, and so is how it parses).
    if clean:
        pairs = [(statements[start - 1], before[-1], 0)] if start else []
        if end < len(statements):
            pairs.append((statements[end], after[0], lines))
    else:
        pairs = [(n, c, 0) for n, c in zip(statements[:start], before, strict=True)]
        pairs += [(n, c, lines) for n, c in zip(statements[end:], after, strict=True)]
    for node, chunk, down in pairs:
        if (chunk.line + down, chunk.column, chunk.size) != _place(node, node.start_point.row):
            return None
    fresh = [walker.chunk(node) for node in statements[start:end]]
    moved_after = [_moved(c, lines) for c in after] if lines else list(after)
    chunks = [*before, *fresh, *moved_after]
    removed = old_chunks[kept:moved]
    return chunks, Reread(first, last, lines, _statements(fresh), _statements(removed))


def _edited(statements: list[Node], first: int, last: int) -> tuple[int, int, int, int]:
    """The statements with text on lines [first, last) as statements[start:end], and those
    lines widened to all of theirs (again, until no other statement shares one)."""
    while True:
        start = bisect.bisect_left(statements, first, key=_last_row)
        end = bisect.bisect_left(statements, last, key=_first_row)
        if start >= end:
            return start, end, first, last
        widened = (
            min(first, statements[start].start_point.row),
            max(last, _last_row(statements[end - 1]) + 1),
        )
        if widened == (first, last):
            return start, end, first, last
        first, last = widened


def _first_row(node: Node) -> int:
    return node.start_point.row


def _chunk_line(chunk: _Chunk) -> int:
    return chunk.line


def _chunk_end(chunk: _Chunk) -> int:
    return chunk.end_line


def _last_row(node: Node) -> int:
    """The last line a node has text on (a node may end just after a line break)."""
    end = node.end_point
    return max(node.start_point.row, end.row if end.column else end.row - 1)


def _place(node: Node, line: int) -> tuple[int, int, int]:
    """(line, byte column, byte length) of a top-level statement."""
    return line, node.start_point.column, node.end_byte - node.start_byte


def _moved(chunk: _Chunk, lines: int) -> _Chunk:
    """`chunk`, `lines` lines further down."""
    if not lines:
        return chunk
    return _Chunk(
        chunk.line + lines,
        chunk.end_line + lines,
        chunk.column,
        chunk.size,
        tuple(shift.assignment(a, lines) for a in chunk.assignments),
        tuple(shift.command(c, lines) for c in chunk.commands),
        tuple(shift.export_mark(e, lines) for e in chunk.exports),
        chunk.references,
        tuple((line + lines, column, on) for line, column, on in chunk.toggles),
        chunk.open_quotes,
    )


def _statements(chunks: Sequence[_Chunk]) -> ParsedFile:
    """What the chunks hold, without the facts of the whole file (`set -a` regions...)."""
    return ParsedFile(
        assignments=tuple(a for c in chunks for a in c.assignments),
        commands=tuple(x for c in chunks for x in c.commands),
        exports=tuple(e for c in chunks for e in c.exports),
    )


def _parsed(chunks: list[_Chunk], source: _Source, line_count: int) -> ParsedFile:
    """The chunks' contents as one ParsedFile, as a walk of the whole tree gives it."""
    toggles = [t for c in chunks for t in c.toggles]
    references: set[str] = set()
    for c in chunks:
        references |= c.references
    return ParsedFile(
        assignments=tuple(a for c in chunks for a in c.assignments),
        commands=tuple(x for c in chunks for x in c.commands),
        exports=tuple(e for c in chunks for e in c.exports),
        allexport_lines=_allexport_ranges(toggles, line_count) if toggles else (),
        references=frozenset(references),
    )


class _Offsets:
    """Byte offsets (tree-sitter) -> code-point offsets (spans), cheap for any file size.

    A code point begins at every byte that is not a UTF-8 continuation byte, so the code-point
    offset of byte `b` is `b` minus the continuation bytes before it. Their count is kept per
    64-byte block, so memory stays small for 10 MB of emoji and a lookup scans at most one
    block, and only when that block holds non-ASCII text. ASCII text needs no table at all.
    """

    def __init__(self, data: bytes) -> None:
        match = _NON_ASCII.search(data)
        self._data = data
        self._ascii_until = len(data) if match is None else match.start()
        self._before: list[int] = []
        if match is None:
            return
        block = 1 << _BLOCK_BITS
        count = 0
        for index in range((len(data) >> _BLOCK_BITS) + 2):  # + a sentinel past the end
            start = index << _BLOCK_BITS
            self._before.append(count)
            count += len(data[start : start + block].translate(None, _NOT_CONTINUATION))

    def __call__(self, offset: int) -> int:
        if offset <= self._ascii_until:
            return offset
        block = offset >> _BLOCK_BITS
        before = self._before[block]
        if self._before[block + 1] == before:  # no multi-byte character in this block
            return offset - before
        start = block << _BLOCK_BITS
        tail = len(self._data[start:offset].translate(None, _NOT_CONTINUATION))
        return offset - before - tail


class _Source:
    """The document with its UTF-8 bytes: slicing and spans by byte offset, and quote facts."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = doc.line_starts
        try:
            self.data = doc.text.encode("utf-8")
            self.exact = True  # decoding a byte slice gives back the text
        except UnicodeEncodeError:  # lone surrogates: each becomes "?", keeping offsets aligned
            self.data = doc.text.encode("utf-8", "replace")
            self.exact = False
        self.cp = _Offsets(self.data)
        self.ascii = self.data.isascii()  # then byte offsets are code-point offsets
        self.parsed = self.data if self.ascii else self.data.translate(_ASCII_STAND_INS)
        if self.data.startswith(_BOM):  # skipped, as tree-sitter itself does (bash would not)
            self.parsed = b"   " + self.parsed[3:]
        self.has_cr = b"\r" in self.data
        self.last_single = self.data.rfind(b"'")
        self.last_double = _last_unescaped_double_quote(self.data)

    def slice(self, start: int, end: int) -> str:
        """The text between two byte offsets."""
        if self.ascii:
            return self.text[start:end]
        if self.exact:
            return self.data[start:end].decode()
        return self.text[self.cp(start) : self.cp(end)]

    def node_text(self, node: Node) -> str:
        """The source text of a node (never `node.text`: that copies bytes to decode)."""
        return self.slice(node.start_byte, node.end_byte)

    def span(self, start: int, end: int) -> Span:
        """The span between two byte offsets."""
        return self.cp_span(self.cp(start), self.cp(end))

    def cp_span(self, start: int, end: int) -> Span:
        """`doc.span` for code-point offsets known to lie in the text, one bisect per line."""
        starts = self.starts
        line = bisect.bisect_right(starts, start) - 1
        end_line = line
        if line + 1 < len(starts) and end >= starts[line + 1]:
            end_line = bisect.bisect_right(starts, end, line + 1) - 1
        column, end_column = start - starts[line], end - starts[end_line]
        if self.has_cr and end_line + 1 < len(starts) and end > starts[end_line + 1] - 3:
            # a word that ends with the \r bash keeps: the LSP line ends before the \r
            end_column = min(end_column, self.doc.line_end(end_line) - starts[end_line])
        if self.has_cr and line + 1 < len(starts) and start > starts[line + 1] - 3:
            # an empty command between \r and \n (`case \r\n|}`): as `Document.position`
            column = min(column, self.doc.line_end(line) - starts[line])
        return Span(line, column, end_line, end_column)

    def cr_end(self, end: int) -> int:
        """Extend `end` over `\\r`s that precede a line break: bash keeps them in the word."""
        if not self.has_cr:
            return end
        data = self.data
        stop = end
        while stop < len(data) and data[stop] == 0x0D:
            stop += 1
        if stop > end and (stop == len(data) or data[stop] == 0x0A):
            return stop
        return end

    def line_end(self, offset: int) -> int:
        """Byte offset of the next `\\n` at or after `offset` (or the end of the text)."""
        found = self.data.find(b"\n", offset)
        return len(self.data) if found < 0 else found

    def line_start(self, offset: int) -> int:
        """Byte offset just after the `\\n` before `offset` (bash ends lines at `\\n` only)."""
        return self.data.rfind(b"\n", 0, offset) + 1

    def glued(self, start: int, end: int) -> bool:
        """Nothing but backslash escapes between two byte offsets (`\\$`, `\\ `, `\\` and a
        newline): bash reads what is on both sides as one word."""
        if start == end:
            return True
        gap = self.data[start:end]
        return len(gap) % 2 == 0 and gap[::2] == b"\\" * (len(gap) // 2)

    def blank_between(self, start: int, end: int) -> bool:
        """Only spaces and tabs between two byte offsets: the same statement goes on."""
        return start <= end and not self.data[start:end].strip(b" \t")

    def opens_unclosed_quote(self, offset: int) -> bool:
        """True when the quote at `offset` never closes.

        tree-sitter only fails to pair a quote when no closing one follows, so such a quote
        is the last `'` (or last unescaped `"`) of the file; checking that keeps zsh syntax
        that merely confuses the grammar from being reported as a quote problem.
        """
        if not 0 <= offset < len(self.data):
            return False
        char = self.data[offset]
        if char == 0x27:
            return offset == self.last_single
        return char == 0x22 and offset == self.last_double


def _last_unescaped_double_quote(data: bytes) -> int:
    """Offset of the last `"` that no backslash escapes (-1 if none)."""
    index = data.rfind(b'"')
    while index >= 0:
        first = index
        while first > 0 and data[first - 1] == 0x5C:
            first -= 1
        if (index - first) % 2 == 0:
            return index
        index = data.rfind(b'"', 0, index)
    return -1


# --- parsing, with recovery from zsh-only syntax ------------------------------------------


def _parse(source: _Source, old: Tree | None = None) -> tuple[Tree, bool]:
    """Parse (reusing `old`, the previous version's tree edited to match, if given), then
    re-parse without each line that derails the grammar (bounded); and whether any line
    was left out."""
    parser = Parser(_language())  # per call: parsers hold included ranges and are not shared
    data = source.parsed
    tree = parser.parse(data, old) if old is not None else parser.parse(data)
    rounds = min(_MAX_ROUNDS, _REPARSE_BUDGET // max(len(data), 1))
    excluded: list[_Line] = []
    for _ in range(rounds):
        if not tree.root_node.has_error:
            break
        error = _first_error(tree.root_node)
        if error is None or error.is_missing or _quote_in_error(source, error) is not None:
            break  # an unterminated quote swallows the rest of the file: nothing to recover
        line_start = source.line_start(error.start_byte)
        end = source.line_end(error.start_byte)
        split = _SPLIT_DECLARATION.match(data, line_start, end)
        start = split.end() if split else line_start
        row = data.count(b"\n", 0, line_start)
        line = (start, end, row, start - line_start)
        if split and (line in excluded or start >= end):  # not enough: leave out the line
            line = (line_start, end, row, 0)
        if line[1] <= line[0] or line in excluded:
            break
        excluded.append(line)
        parser.included_ranges = _included_ranges(data, excluded)
        tree = parser.parse(data, tree)  # incremental: only the changed ranges are re-read
    return tree, bool(excluded)


def _first_error(root: Node) -> Node | None:
    """Where the grammar first went off track: the first top-level ERROR's innermost error.

    Only ERROR nodes at the top level matter: there tree-sitter lost track of statements,
    and what follows may be read as words. An error inside an otherwise good statement
    (`cmd > a <<< b`) was repaired on the spot, and skipping its line would only lose it.
    """
    regions = [root] if root.is_error else [c for c in root.children if c.is_error]
    for region in regions:
        found = _innermost_error(region)
        if found is not None:
            return found
    return None


def _innermost_error(region: Node) -> Node | None:
    """The first ERROR without ERRORs inside (or MISSING `"`), in document order.

    A missing `;`, `fi` or `done` is skipped: tree-sitter already repaired the tree.
    """
    stack: list[tuple[Node, Iterator[Node]]] = [(region, iter(region.children))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if node.is_error:
                return node
            continue
        if child.is_missing:
            if child.type == '"':
                return child
            continue
        if child.has_error:
            stack.append((child, iter(child.children)))
    return None


def _included_ranges(data: bytes, excluded: list[_Line]) -> list[Range]:
    """The whole text minus the excluded lines' contents (their `\\n` stays), for tree-sitter."""
    ranges: list[Range] = []
    position, point = 0, Point(0, 0)
    for start, end, row, column in sorted(excluded):
        if start > position:
            ranges.append(Range(point, Point(row, column), position, start))
        position, point = end, Point(row, column + end - start)
    if len(data) > position:
        end_point = Point(data.count(b"\n"), len(data) - data.rfind(b"\n") - 1)
        ranges.append(Range(point, end_point, position, len(data)))
    return ranges or [Range(point, point, position, position)]


def _quote_in_error(source: _Source, error: Node) -> int | None:
    """Offset of an unterminated quote that an ERROR node starts with or holds directly."""
    candidates = [error] if error.child_count == 0 else error.children
    for node in candidates:
        if node.child_count or node.is_missing or node.type in _QUOTES:
            continue
        if source.opens_unclosed_quote(node.start_byte):
            return node.start_byte
    return None


# --- walking the tree -------------------------------------------------------------------


class _Walker:
    """One pass over the tree, collecting everything a ParsedFile holds.

    Statement-level nodes are dispatched to handlers; anything else (a word, a `[[ ]]` test,
    arithmetic) is only scanned for the variables it expands and the command substitutions it
    holds, which are then walked like any other statements.
    """

    def __init__(self, source: _Source) -> None:
        self.src = source
        self.assignments: list[Assignment] = []
        self.commands: list[Command] = []
        self.exports: list[ExportMark] = []
        self.references: set[str] = set()
        self.open_quotes: list[int] = []  # byte offsets of quotes that never close
        self.toggles: list[_Toggle] = []
        self.pending: list[Node] = []  # substitutions/ERRORs found by `_scan`, still to walk
        self.handlers = {
            "variable_assignment": self._visit_assignment,
            "declaration_command": self._visit_declaration,
            "command": self._visit_command,
            "redirected_statement": self._visit_redirected,
            "pipeline": self._visit_pipeline,
            "list": self._visit_list,
            "ERROR": self._visit_error,
        }

    def walk(self, root: Node) -> None:
        """Depth first, in document order, without recursion (trees can be very deep)."""
        handlers = self.handlers
        stack: list[_Visit] = [(root, False, (), None)]
        while stack:
            node, nested, pipe_to, wrapper = stack.pop()
            kind = node.type
            handler = handlers.get(kind)
            if handler is not None:
                visits = handler(node, nested, pipe_to, wrapper)
            elif kind in _STATEMENTS:
                visits = _children(node.children, nested or kind in _NESTING)
            else:
                self._scan([node])
                visits = self._take_pending(nested)
            if visits:
                stack.extend(reversed(visits))

    def chunk(self, node: Node) -> _Chunk:
        """Walk one top-level statement; what it yields, kept apart from the rest."""
        self.assignments, self.commands, self.exports = [], [], []
        self.references, self.toggles = set(), []
        quotes = len(self.open_quotes)
        self.walk(node)
        line, column, size = _place(node, node.start_point.row)
        return _Chunk(
            line,
            _last_row(node) + 1,
            column,
            size,
            tuple(sorted(self.assignments, key=_value_position)),
            tuple(sorted(self.commands, key=_command_position)),
            tuple(self.exports),
            frozenset(self.references),
            tuple(self.toggles),
            len(self.open_quotes) > quotes,
        )

    def result(self) -> ParsedFile:
        """Everything found, in document order."""
        problems: tuple[Problem, ...] = ()
        if self.open_quotes:  # only one quote can really be open: the shell's view ends there
            problems = (_unterminated(self.src, min(self.open_quotes)),)
        return ParsedFile(
            assignments=tuple(sorted(self.assignments, key=_value_position)),
            commands=tuple(sorted(self.commands, key=_command_position)),
            exports=tuple(self.exports),
            allexport_lines=_allexport_ranges(self.toggles, self.src.doc.line_count),
            references=frozenset(self.references),
            problems=problems,
        )

    # handlers: each records what its node means and returns the nodes still to visit

    def _visit_assignment(
        self, node: Node, nested: bool, _pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        self._assignment(node, nested)
        return self._take_pending(nested)

    def _visit_declaration(
        self, node: Node, nested: bool, pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        """`export A=1 B`, `declare -x A=1`, `local A`: assignments and export marks.

        A word that is neither an assignment, a name nor an option (`export KEY = v` gives
        `=`; a zero-width space inside the name of `export OPENAI_API_KEY=x` makes it one)
        is an error bash reports at run time ("not a valid identifier"). Such a declaration
        is also recorded as a command named after its keyword, with every word but the
        assignments as arguments, so rules can see it.
        """
        keyword, exported = self._declaration_flags(node)
        children = node.children[1:]
        rest: list[Node] = []
        words: list[list[Node]] = []
        index = 0
        while index < len(children):
            child = children[index]
            glued = self._glued_run(children, index)
            index += 1 + len(glued)
            if child.type == "variable_assignment":
                self._assignment(
                    child, nested, keyword=keyword, exported=exported, start=node.start_byte,
                    more=glued,
                )
                continue
            rest.append(child)
            if child.is_named and child.type != "comment":
                words.append([child, *glued])
            if exported and child.type in ("variable_name", "word") and not glued:
                name = self.src.node_text(child)
                if _NAME.match(name):
                    span = self.src.span(child.start_byte, child.end_byte)
                    self.exports.append(ExportMark(name, span))
        args = [self._word(*group) for group in words]
        if any(not _NAME.match(a.value) and not a.value.startswith(("-", "+")) for a in args):
            self._keyword_command(node, args, nested, pipe_to)
        return self._take_pending(nested) + _children(rest, nested)

    def _keyword_command(
        self, node: Node, args: list[Word], nested: bool, pipe_to: tuple[str, ...]
    ) -> None:
        """A declaration (`export`, `local`...) recorded as the command bash runs."""
        src = self.src
        keyword = node.children[0]
        start, end = src.cp(node.start_byte), src.cp(src.cr_end(node.end_byte))
        self.commands.append(
            Command(
                name=src.node_text(keyword),
                name_span=src.span(keyword.start_byte, keyword.end_byte),
                args=tuple(args),
                span=src.cp_span(start, end),
                pipe_to=pipe_to,
                nested=nested,
            )
        )

    def _glued_run(self, nodes: Sequence[Node], index: int) -> list[Node]:
        """The nodes after nodes[index] that bash reads as part of the same word.

        tree-sitter-bash ends a word after an expansion when an escape follows (`$KEY\\$`
        is two nodes, `K=a\\`+newline+`b` an assignment and a command), though only a blank
        ends a word in bash: nodes with nothing but backslash escapes between them are glued.
        """
        glued: list[Node] = []
        end = nodes[index].end_byte
        data = self.src.data
        for following in nodes[index + 1 :]:
            start = following.start_byte
            if start != end and data[end] != 0x5C:  # the usual case: a blank in between
                break
            # `\\$` after an expansion is an unnamed `$` token; redirects are not words
            if following.type in _NOT_WORDS or not (following.is_named or following.type == "$"):
                break
            if not self.src.glued(end, start):
                break
            glued.append(following)
            end = following.end_byte
        return glued

    def _visit_command(
        self, node: Node, nested: bool, pipe_to: tuple[str, ...], wrapper: Node | None
    ) -> list[_Visit]:
        children = node.children
        if children and children[0].type == "command_name":  # the usual case: no `NAME=v`
            self._command(node, children[0], nested, pipe_to, wrapper)
            return self._take_pending(nested)
        name_node = node.child_by_field_name("name")
        words: list[Node] = []
        if name_node is not None:
            words = [name_node, *node.children_by_field_name("argument")]
        # An assignment glued to the next word is one word (`K=$KEY\\$`, see `_glued_run`):
        # that word is then part of the value, not the command's name.
        assignments: list[tuple[Node, list[Node]]] = []
        for index, child in enumerate(children):
            if child.type == "variable_assignment":
                glued = self._glued_run(children, index)
                assignments.append((child, glued))
                if glued:
                    taken = {(n.start_byte, n.end_byte) for n in glued}
                    words = [w for w in words if (w.start_byte, w.end_byte) not in taken]
        for child, glued in assignments:
            self._assignment(child, nested, prefix=bool(words), more=glued)
        if words:
            self._command(node, words[0], nested, pipe_to, wrapper, words[1:])
            return self._take_pending(nested)
        # Assignments and redirects only (`A=1 > f`): the redirects are walked as they are.
        used = {(n.start_byte, n.end_byte) for _, glued in assignments for n in glued}
        rest = [
            child for child in children if child.type != "variable_assignment"
            and (child.start_byte, child.end_byte) not in used
        ]
        if wrapper is not None:
            rest += wrapper.children_by_field_name("redirect")
        return self._take_pending(nested) + _children(rest, nested)

    def _visit_redirected(
        self, node: Node, nested: bool, pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        """A command reads its own redirects, so they are handed to it, not walked here."""
        body = node.child_by_field_name("body")
        if body is not None and body.type == "command":
            return [(body, nested, pipe_to, node)]
        return _children(node.children, nested)

    def _visit_pipeline(
        self, node: Node, nested: bool, _pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        """Each element learns the names of the commands that read its output."""
        elements = [child for child in node.children if child.type not in ("|", "|&")]
        names = [self._element_name(element) for element in elements]
        visits: list[_Visit] = []
        for index, element in enumerate(elements):
            after = tuple(name for name in names[index + 1 :] if name is not None)
            visits.append((element, nested, after, None))
        return visits

    def _visit_list(
        self, node: Node, nested: bool, _pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        """`a && b || c`: `a` runs whenever the list does; what follows an operator may not."""
        visits: list[_Visit] = []
        conditional = nested
        for child in node.children:
            if child.type in ("&&", "||"):
                conditional = True
            elif child.child_count or child.is_error:
                visits.append((child, conditional, (), None))
        return visits

    def _visit_error(
        self, node: Node, nested: bool, _pipe_to: tuple[str, ...], _wrapper: Node | None
    ) -> list[_Visit]:
        """What tree-sitter could not parse: an unclosed quote, or statements worth keeping."""
        quote = _quote_in_error(self.src, node)
        if quote is not None:
            self.open_quotes.append(quote)
        children = node.children
        for index in range(len(children) - 1):
            if children[index].type == "variable_name" and children[index + 1].type == "=":
                self._unclosed_assignment(node, index, nested)
        return _children(children, nested)

    # assignments and declarations

    def _declaration_flags(self, node: Node) -> tuple[str, bool]:
        """(keyword, exported) of `export`/`declare -x`/`typeset -gx`/`local`/`readonly`."""
        children = node.children
        if not children:
            return "", False
        keyword = self.src.node_text(children[0])
        on: set[str] = set()
        off: set[str] = set()
        for child in children[1:]:
            if child.type == "word":
                flag = self.src.node_text(child)
                if flag.startswith("-"):
                    on.update(flag[1:])
                elif flag.startswith("+"):
                    off.update(flag[1:])
        if keyword == "export":  # `export -n` un-exports, `export -f` exports functions
            return keyword, not on & {"n", "f"}
        exported = keyword in ("declare", "typeset", "local") and "x" in on and "x" not in off
        return keyword, exported

    def _assignment(
        self,
        node: Node,
        nested: bool,
        *,
        keyword: str = "",
        exported: bool = False,
        start: int | None = None,
        prefix: bool = False,
        more: Sequence[Node] = (),
    ) -> None:
        """`more`: nodes glued to the value (see `_glued_run`), part of it."""
        name_node = node.child_by_field_name("name")
        operator = next((c for c in node.children if c.type in ("=", "+=")), None)
        if name_node is None or operator is None:
            return
        src = self.src
        value_node = node.child_by_field_name("value")
        value_start = value_end = operator.end_byte
        value, quote, closed, dynamic = "", "", True, operator.type == "+="
        if more:
            parts: list[Node] = []
            nodes = [value_node, *more] if value_node is not None else list(more)
            value, _, closed = self._joined(nodes, value_start, more[-1].end_byte, parts)
            quote = _leading_quote(nodes[0])
            dynamic = dynamic or self._scan(parts)[1]
            dynamic = dynamic or (
                any(n.has_error for n in nodes) and _looks_dynamic(value)
            )
            value_end = more[-1].end_byte
        elif value_node is None and node.end_byte > value_start:
            # tree-sitter could not name the value (zsh `${(%):-%x}`): keep it as written
            value_end = node.end_byte
            value = src.slice(value_start, value_end)
            dynamic = dynamic or _looks_dynamic(value)
            self.pending.extend(child for child in node.children if child.is_error)
        elif value_node is not None:
            parts: list[Node] = []
            value, _, closed = self._decode(value_node, parts)
            quote = _leading_quote(value_node)
            dynamic = dynamic or self._scan(parts)[1] or value_node.type == "array"
            dynamic = dynamic or (value_node.has_error and _looks_dynamic(value))
            value_end = value_node.end_byte
        raw_end = src.cr_end(value_end)
        if closed:
            value += "\r" * (raw_end - value_end)
        else:  # stop at the end of the line: see the module docstring
            raw_end = src.line_end(value_start)
            value = _decode_line(src.slice(value_start, raw_end), raw_end < len(src.data))
        self.assignments.append(
            self._make_assignment(
                name_node,
                (value_start, raw_end),
                value,
                statement_start=name_node.start_byte if start is None else start,
                quote=quote,
                closed=closed,
                exported=exported,
                keyword=keyword,
                dynamic=dynamic,
                nested=nested,
                prefix=prefix,
            )
        )

    def _unclosed_assignment(self, error: Node, index: int, nested: bool) -> None:
        """`NAME='never closed`: tree-sitter leaves `NAME`, `=` and an ERROR behind."""
        children = error.children
        name_node, equals = children[index], children[index + 1]
        if equals.start_byte != name_node.end_byte:
            return
        value_start = equals.end_byte
        value_end = self.src.line_end(value_start)
        raw = self.src.slice(value_start, value_end)
        quote_at = next((i for i, char in enumerate(raw) if char in "'\""), None)
        if quote_at is None:
            return
        quote_byte = value_start + len(raw[:quote_at].encode("utf-8", "replace"))
        if not self.src.opens_unclosed_quote(quote_byte):
            return
        keyword, exported, start = "", False, name_node.start_byte
        before = children[index - 1] if index else error.prev_sibling
        if (
            before is not None
            and before.type == "declaration_command"
            and self.src.blank_between(before.end_byte, name_node.start_byte)
        ):
            keyword, exported = self._declaration_flags(before)
            start = before.start_byte
        self.assignments.append(
            self._make_assignment(
                name_node,
                (value_start, value_end),
                _decode_line(raw, value_end < len(self.src.data)),
                statement_start=start,
                quote='"' if raw.startswith('"') else "'" if raw.startswith(("'", "$'")) else "",
                closed=False,
                exported=exported,
                keyword=keyword,
                dynamic=_looks_dynamic(raw),
                nested=nested,
                prefix=False,
            )
        )

    def _make_assignment(
        self,
        name_node: Node,
        value_range: tuple[int, int],
        value: str,
        *,
        statement_start: int,
        quote: str,
        closed: bool,
        exported: bool,
        keyword: str,
        dynamic: bool,
        nested: bool,
        prefix: bool,
    ) -> Assignment:
        src = self.src
        value_start, value_end = src.cp(value_range[0]), src.cp(value_range[1])
        return Assignment(
            name=src.node_text(name_node),
            name_span=src.span(name_node.start_byte, name_node.end_byte),
            raw=src.text[value_start:value_end],
            value=value,
            value_span=src.cp_span(value_start, value_end),
            statement_span=src.cp_span(src.cp(statement_start), value_end),
            quote=quote,
            closed=closed,
            exported=exported,
            keyword=keyword,
            dynamic=dynamic,
            nested=nested,
            prefix=prefix,
        )

    # commands

    def _command(
        self,
        node: Node,
        name_node: Node,
        nested: bool,
        pipe_to: tuple[str, ...],
        wrapper: Node | None,
        arg_nodes: list[Node] | None = None,
    ) -> None:
        """`arg_nodes`: the argument nodes, when not those of the node's `argument` field."""
        src = self.src
        outer = wrapper or node
        redirect_nodes = node.children_by_field_name("redirect")
        if wrapper is not None:
            redirect_nodes += wrapper.children_by_field_name("redirect")
        if name_node.type == "command_name" and name_node.child_count == 1:
            name_node = name_node.children[0]  # same extent; lets a plain name go the fast way
        if arg_nodes is None:
            arg_nodes = node.children_by_field_name("argument")
        words = [name_node, *arg_nodes]
        groups: list[list[Node]] = []
        index = 0
        while index < len(words):
            glued = self._glued_run(words, index) if len(words) > index + 1 else []
            groups.append([words[index], *glued])
            index += 1 + len(glued)
        name = self._word(*groups[0])
        args = [self._word(*group) for group in groups[1:]]
        redirects: list[Redirect] = []
        if redirect_nodes:
            redirects, stray, heredoc_pipe = self._redirects(redirect_nodes)
            pipe_to += heredoc_pipe
            if stray:
                args = sorted(args + stray, key=_word_position)
        # The span covers the redirects, and a `\r` ending the line as the last word does.
        start, end = src.cp(outer.start_byte), src.cp(src.cr_end(outer.end_byte))
        self.commands.append(
            Command(
                name=name.value,
                name_span=name.span,
                args=tuple(args),
                span=src.cp_span(start, end),
                redirects=tuple(redirects),
                pipe_to=pipe_to,
                nested=nested,
            )
        )
        if name.value in _ALLEXPORT_COMMANDS:
            toggle = _allexport_toggle(name.value, [arg.value for arg in args])
            if toggle is not None:
                self.toggles.append((*src.doc.position(src.cp(outer.start_byte)), toggle))

    def _redirects(
        self, nodes: Sequence[Node]
    ) -> tuple[list[Redirect], list[Word], tuple[str, ...]]:
        """Redirects, words tree-sitter misfiled as targets (`> f arg`), heredoc pipe names."""
        redirects: list[Redirect] = []
        stray: list[Word] = []
        pipe: tuple[str, ...] = ()
        queue = sorted(nodes, key=lambda n: n.start_byte)
        while queue:
            node = queue.pop(0)
            if node.type == "file_redirect":
                targets = node.children_by_field_name("destination")
                if targets:
                    redirects.append(self._redirect(node, targets[0]))
                    stray.extend(self._word(extra) for extra in targets[1:])
            elif node.type == "herestring_redirect":
                target = next((c for c in node.children if c.is_named), None)
                if target is not None:
                    redirects.append(self._redirect(node, target))
            elif node.type == "heredoc_redirect":
                start = next((c for c in node.children if c.type == "heredoc_start"), None)
                if start is not None:
                    redirects.append(self._redirect(node, start))
                queue.extend(node.children_by_field_name("redirect"))
                for child in node.children:
                    if child.type == "pipeline":
                        pipe += tuple(filter(None, map(self._element_name, child.children)))
                    if child.type in ("pipeline", "heredoc_body"):
                        self.pending.append(child)  # commands after the `|`, $X in the body
            else:
                self.pending.append(node)
        redirects.sort(key=lambda r: (r.span.line, r.span.column))
        return redirects, stray, pipe

    def _redirect(self, node: Node, target_node: Node) -> Redirect:
        """`2>` is the descriptor and operator joined; the span ends with the target."""
        descriptor = node.child_by_field_name("descriptor")
        operator = next((c for c in node.children if not c.is_named), None)
        text = self.src.node_text(operator) if operator is not None else ""
        if descriptor is not None:
            text = self.src.node_text(descriptor) + text
        target = self._word(target_node)
        start = self.src.cp(node.start_byte)
        span = self.src.cp_span(start, self.src.doc.start(target.span) + len(target.text))
        return Redirect(operator=text, target=target, span=span)

    def _element_name(self, element: Node) -> str | None:
        """The command name of one pipeline element (None for loops, subshells, `|`...)."""
        if element.type == "redirected_statement":
            element = element.child_by_field_name("body") or element
        if element.type != "command":
            return None
        name_node = element.child_by_field_name("name")
        if name_node is None:
            return None
        end = self.src.cr_end(name_node.end_byte)
        return self._decode(name_node, [])[0] + "\r" * (end - name_node.end_byte)

    # words

    def _word(self, node: Node, *glued: Node) -> Word:
        """A command name, argument or redirect target, as written and as bash reads it;
        `glued`: the nodes that continue it (see `_glued_run`)."""
        src = self.src
        node_end = glued[-1].end_byte if glued else node.end_byte
        end = src.cr_end(node_end) if src.has_cr else node_end
        if src.ascii:
            start, stop = node.start_byte, end
        else:
            start, stop = src.cp(node.start_byte), src.cp(end)
        text = src.text[start:stop]
        span = src.cp_span(start, stop)
        if not glued and not node.child_count and node.type == "word":  # the common case
            return Word(text, span, _unquoted(text))
        parts: list[Node] = []
        if glued:
            nodes = [node, *glued]
            value, quote, _closed = self._joined(nodes, node.start_byte, node_end, parts)
        else:
            nodes = [node]
            value, quote, _closed = self._decode(node, parts)
        names, dynamic = self._scan(parts)
        dynamic = dynamic or (any(n.has_error for n in nodes) and _looks_dynamic(value))
        value += "\r" * (end - node_end)
        return Word(text, span, value, quote, names, dynamic)

    def _decode(self, node: Node, parts: list[Node]) -> tuple[str, str, bool]:
        """(value after quote removal, quote kind, closed?) of a word-like node.

        Parts kept as written (expansions, substitutions, anything unusual) are added to
        `parts`, for `_scan` to find the variables they expand.
        """
        kind = node.type
        if kind in ("word", "number"):
            return _unquoted(self.src.node_text(node)), "", True
        if kind == "raw_string":
            raw = self.src.node_text(node)
            closed = len(raw) >= 2 and raw.endswith("'")
            return (raw[1:-1] if closed else raw[1:]), "'", closed
        if kind == "ansi_c_string":
            raw = self.src.node_text(node)
            closed = len(raw) >= 3 and raw.endswith("'")
            return _ansi_c(raw[2:-1] if closed else raw[2:]), "'", closed
        if kind == "string":
            return self._double_quoted(node, parts)
        if kind == "translated_string":
            inner = next((c for c in node.children if c.type == "string"), None)
            if inner is not None:
                return self._double_quoted(inner, parts)
        if kind in ("concatenation", "command_name"):
            return self._concatenation(node, parts)
        parts.append(node)
        text = self.src.node_text(node)
        if not node.is_named and not node.child_count:
            return _unquoted(text), "", True  # a literal token, such as `\\$` after `$KEY`
        return text, "", True

    def _double_quoted(self, node: Node, parts: list[Node]) -> tuple[str, str, bool]:
        """Inside "...": `\\$ \\` \\" \\\\` and `\\<newline>` are escapes; expansions stay."""
        children = node.children
        last = children[-1] if children else None
        closed = last is not None and last.type == '"' and not last.is_missing
        closed = closed and last.start_byte > node.start_byte
        if not closed:
            self.open_quotes.append(node.start_byte)
        end = node.end_byte
        if last is not None and last.type == '"':
            end = last.start_byte
            if closed and self.src.data[last.end_byte - 1 : last.end_byte] == b'"':
                # tree-sitter's closing-quote token starts with the blanks before the quote
                # (`"$X "`, `" "`): they belong to the value
                end = last.end_byte - 1
        values: list[str] = []
        position = node.start_byte + 1
        for child in children:
            if child.type in _DYNAMIC or child.is_error:
                gap = self.src.slice(position, child.start_byte)
                values.append(_DOUBLE_QUOTED_ESCAPE.sub(_double_quoted_char, gap))
                values.append(self.src.node_text(child))
                parts.append(child)
                position = child.end_byte
        gap = self.src.slice(position, max(position, end))
        values.append(_DOUBLE_QUOTED_ESCAPE.sub(_double_quoted_char, gap))
        return "".join(values), '"', closed

    def _concatenation(self, node: Node, parts: list[Node]) -> tuple[str, str, bool]:
        """`"a"'b'c$X`: the parts' values joined; "mixed" when their quotes differ."""
        return self._joined(node.children, node.start_byte, node.end_byte, parts)

    def _joined(
        self, nodes: Sequence[Node], start: int, end: int, parts: list[Node]
    ) -> tuple[str, str, bool]:
        """The value of the word from `start` to `end` made of `nodes` and the unquoted text
        between them (escapes, such as `\\ `), as `_decode` gives it."""
        values: list[str] = []
        quotes: set[str] = set()
        closed = True
        position = start
        for child in [*nodes, None]:
            gap_end = end if child is None else child.start_byte
            if gap_end > position:
                values.append(_unquoted(self.src.slice(position, gap_end)))
                quotes.add("")
            if child is None:
                break
            value, quote, child_closed = self._decode(child, parts)
            values.append(value)
            quotes.add(quote)
            closed = closed and child_closed
            position = child.end_byte
        quote = quotes.pop() if len(quotes) == 1 else "mixed" if quotes else ""
        return "".join(values), quote, closed

    def _scan(self, nodes: list[Node]) -> tuple[tuple[str, ...], bool]:
        """Variables expanded anywhere inside `nodes`, and whether any part is dynamic.

        The same pass records references and unclosed strings, and queues the outermost
        command substitutions and ERROR nodes, whose statements the walk then visits.
        """
        names: list[str] = []
        dynamic = False
        stack = [(node, False) for node in reversed(nodes)]
        while stack:
            node, queued = stack.pop()
            kind = node.type
            if kind in _DYNAMIC:
                dynamic = True
                if kind in _EXPANSIONS:
                    name = self._expanded_name(node)
                    if name is not None and name not in names:
                        names.append(name)
                        self.references.add(name)
            if not queued:
                if kind in _WALKED_INSIDE_WORDS:
                    self.pending.append(node)
                    queued = True
                elif kind == "string" and node.child_count and node.children[-1].is_missing:
                    self.open_quotes.append(node.start_byte)
            if node.child_count:
                stack.extend((c, queued) for c in reversed(node.children) if c.child_count)
        return tuple(names), dynamic

    def _expanded_name(self, node: Node) -> str | None:
        """`X` of `$X`, `${X}`, `${X:-d}`, `${#X}`, `${X[0]}` (None for `$1`, `$@`...)."""
        for child in node.children:
            if child.type == "subscript":
                child = child.child_by_field_name("name") or child
            if child.type == "variable_name":
                name = self.src.node_text(child)
                return None if name[:1].isdigit() else name  # `$1` is no variable
        return None

    def _take_pending(self, nested: bool) -> list[_Visit]:
        if not self.pending:
            return []
        pending, self.pending = self.pending, []
        return _children(pending, nested)


def _command_position(command: Command) -> tuple[int, int]:
    return command.span.line, command.span.column


def _word_position(word: Word) -> tuple[int, int]:
    return word.span.line, word.span.column


def _value_position(assignment: Assignment) -> tuple[int, int]:
    return assignment.value_span.line, assignment.value_span.column


def _children(children: Iterable[Node], nested: bool) -> list[_Visit]:
    """Visits for the nodes that can hold anything: leaves are skipped, unless ERROR."""
    return [(c, nested, (), None) for c in children if c.child_count or c.is_error]


def _looks_dynamic(text: str) -> bool:
    """For text tree-sitter could not parse (zsh `${(%):-%x}`): would the shell expand it?"""
    return "$" in text or "`" in text


def _unquoted(text: str) -> str:
    """An unquoted word's value: each backslash escapes the next character."""
    return _UNQUOTED_ESCAPE.sub(r"\1", text) if "\\" in text else text


def _leading_quote(node: Node) -> str:
    """Quote of the value's first part: `"a"b` is double-quoted for an assignment."""
    while node.type == "concatenation" and node.child_count:
        node = node.children[0]
    return _QUOTES.get(node.type, "")


def _double_quoted_char(match: re.Match[str]) -> str:
    char = match.group(1)
    return "" if char == "\n" else char


def _ansi_c(text: str) -> str:
    """Decode the escapes of bash `$'...'` (`\\n`, `\\x41`, `\\u00e9`, `\\101`, `\\cA`...)."""

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        head = escape[0]
        if head in "xuU" and len(escape) > 1:
            code = int(escape[1:], 16)
            return chr(code) if code <= 0x10FFFF else match.group(0)
        if head in "01234567":
            return chr(int(escape, 8) & 0xFF)
        if head == "c" and len(escape) == 2:
            return chr(ord(escape[1]) & 0x1F)
        return _ANSI_C_SIMPLE.get(escape, match.group(0))

    return _ANSI_C_ESCAPE.sub(replace, text)


def _decode_line(raw: str, continued: bool) -> str:
    """Best-effort quote removal for one line whose quote never closes (no tree to trust).

    `continued`: a line break follows, so a last unescaped backslash outside single quotes
    is a line continuation, not part of the value.
    """
    out: list[str] = []
    state = ""
    index = 0
    while index < len(raw):
        char = raw[index]
        nxt = raw[index + 1] if index + 1 < len(raw) else ""
        if char == "\\" and not nxt and continued and state != "'":
            break  # `\` + newline: a line continuation
        if state == "'":
            if char == "'":
                state = ""
            else:
                out.append(char)
        elif state == '"':
            if char == '"':
                state = ""
            elif char == "\\" and nxt and nxt in '$`"\\':
                out.append(nxt)
                index += 1
            else:
                out.append(char)
        elif char in "'\"":
            state = char
        elif char == "$" and nxt == "'":
            state = "'"
            index += 1
        elif char == "\\" and nxt:
            out.append(nxt)
            index += 1
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _unterminated(source: _Source, offset: int) -> Problem:
    quote = "double" if source.data[offset : offset + 1] == b'"' else "single"
    return Problem(
        kind="unterminated-quote",
        span=source.span(offset, offset + 1),
        message=(
            f"This {quote} quote is never closed: the shell reads the rest of the file "
            "into the string."
        ),
    )


# --- set -a / set -o allexport ----------------------------------------------------------


def _allexport_toggle(name: str, args: Sequence[str]) -> bool | None:
    """True for `set -a`/`set -o allexport`/`setopt allexport`, False for the `+`/un- forms."""
    if name == "set":
        return _set_toggle(args)
    if name not in ("setopt", "unsetopt"):
        return None
    result: bool | None = None
    for arg in args:
        option = arg.lower().replace("_", "")
        on = name == "setopt"
        if option == "noallexport":
            option, on = "allexport", not on
        if option == "allexport":
            result = on
    return result


def _set_toggle(args: Sequence[str]) -> bool | None:
    result: bool | None = None
    option_sign: bool | None = None  # after `-o`/`+o`: the sign that option name gets
    for arg in args:
        if option_sign is not None:
            if arg == "allexport":
                result = option_sign
            option_sign = None
            continue
        if len(arg) < 2 or arg[0] not in "-+" or arg == "--":
            break
        on = arg[0] == "-"
        if "a" in arg[1:]:
            result = on
        if "o" in arg[1:]:
            option_sign = on
    return result


def _allexport_ranges(toggles: list[_Toggle], line_count: int) -> tuple[tuple[int, int], ...]:
    """[start, end) line ranges from a `set -a` line through its `set +a` line.

    The `set +a` line is included so `set -a; . ./.env; set +a` on one line is a range.
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for line, _column, on in sorted(toggles):
        if on and start is None:
            start = line
        elif not on and start is not None:
            ranges.append((start, line + 1))
            start = None
    if start is not None:
        ranges.append((start, line_count))
    return tuple(ranges)
