"""Where each key of a TOML document stands in its source text.

tomllib parses TOML but keeps no positions, yet the scenario checker must point every
problem at ``PATH:LINE:COL`` in the file an author edits by hand. This module re-scans
text that tomllib has already accepted and maps every key path to its line and column.
It only recognises structure (keys, headers, arrays, inline tables) and jumps over
everything else with regexes, so it costs a fraction of tomllib's own parse.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from itertools import accumulate, repeat

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # (line, column), both 1-based; column counts Unicode characters

# Whitespace, newlines and comments between statements and inside arrays. Atomic, so a
# failing pattern that embeds it cannot try every way of splitting "# a # b # c" into
# comments (exponential in the number of "#").
_BLANK = re.compile(r"(?>[ \t\r\n]*(?:#[^\n]*[ \t\r\n]*)*)")
# Whitespace within a line (TOML whitespace is only space and tab).
_WS = re.compile(r"[ \t]*")
# What may follow a statement on its line.
_LINE_TAIL = re.compile(r"[ \t]*(?:#[^\n]*)?")
_DOT = re.compile(r"[ \t]*\.[ \t]*")
# One key segment: bare (group 1), basic string (group 2) or literal string (group 3).
_KEY = re.compile(r"""([A-Za-z0-9_-]+)|"([^"\\\n]*(?:\\.[^"\\\n]*)*)"|'([^'\n]*)'""")
# String values. The loops are unrolled so a missing closing quote cannot backtrack badly.
_BASIC = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
# A multi-line string ends at the first run of three or more quotes not escaped; up to
# two of the run's quotes still belong to the content, hence the closing {3,5}.
_ML_BASIC = re.compile(r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"{3,5}')
_ML_LITERAL = re.compile(r"'''[^']*(?:'(?!'')[^']*)*'{3,5}")
# Numbers, booleans, dates and times; a date may be separated from its time by a space.
_SCALAR = re.compile(r"(?:\d{4}-\d{2}-\d{2} (?=\d{2}:))?[\w.:+\-]+")
# Fast paths. Most lines of a scenario are ``bare.key = <string, number, bool or date>``
# or a header of bare keys, and most array elements and inline-table members are just as
# plain; each of those costs one regex call, including the whitespace, comments and
# separator around it. Anything else falls through to the general, slower code.
_BARE_KEYS = r"([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)"  # no whitespace around dots
_PLAIN_VALUE = "|".join(p.pattern for p in (_ML_BASIC, _BASIC, _ML_LITERAL, _LITERAL, _SCALAR))
_LINE_END = r"[ \t]*(?:#[^\n]*)?(?![^\r\n])"
_PLAIN_PAIR = re.compile(
    _BLANK.pattern + _BARE_KEYS + r"[ \t]*=[ \t]*(?:" + _PLAIN_VALUE + ")" + _LINE_END
)
_PAIR_START = re.compile(_BARE_KEYS + r"[ \t]*=[ \t]*")
_PLAIN_HEADER = re.compile(r"\[(\[?)[ \t]*" + _BARE_KEYS + r"[ \t]*\](\]?)" + _LINE_END)
_PLAIN_ITEM = re.compile(_BLANK.pattern + "(" + _PLAIN_VALUE + ")" + _BLANK.pattern + "([,\\]])")
_PLAIN_MEMBER = re.compile(
    _BLANK.pattern
    + _BARE_KEYS
    + r"[ \t]*=[ \t]*(?:"
    + _PLAIN_VALUE
    + ")"
    + _BLANK.pattern
    + "([,}])"
)
# Paths are tuples, so a path of depth d costs d and nesting d deep costs d squared; past
# this depth (far beyond any scenario) nothing is recorded: every deeper path is this one
# object, which is never stored.
_MAX_DEPTH = 100
_TOO_DEEP: KeyPath = ("",) * (_MAX_DEPTH + 1)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.S)
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


def key_positions(text: str) -> dict[KeyPath, Position]:
    """Map every key path in TOML ``text`` to the (line, column) where it is written.

    Paths use the document's own key names (unquoted, escapes decoded) and 0-based
    indexes for array elements, so ``[[stages]]`` followed by ``[stages.question]``
    gives ``("stages", 0, "question")``. A key maps to its first character (the opening
    quote if quoted), each segment of a dotted key to that segment, an array element or
    inline table in an array to the value's first character, and a table header, or an
    element of an array of tables, to the header's ``[``. The array of tables itself
    maps to its first ``[[header]]``.

    When a path is named more than once the first explicit naming wins: a key in a
    key/value pair, the last key of a header, or the first ``[[header]]`` of an array.
    A path only implied by a header (``("a",)`` in ``[a.b]``) takes that header's
    ``[`` until a later header names it (``[a]``), which then replaces it.

    Meant for text tomllib has accepted. On anything else it still returns, with
    whatever it could make out; it never raises. Paths more than 100 levels deep are
    left out, so pathological nesting cannot cost quadratic time and memory.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark is not a column
    scanner = _Scanner(text)
    # The scanner is written not to raise on any input; this is only a last resort so a
    # position lookup can never be what breaks an error report.
    with contextlib.suppress(Exception):
        scanner.scan()
    return _to_positions(text, scanner.offsets)


def _to_positions(text: str, offsets: dict[KeyPath, int]) -> dict[KeyPath, Position]:
    """Turn character offsets into 1-based (line, column) pairs."""
    # starts[k] is the offset of line k + 1's first character, built without a Python loop.
    starts = [0, *accumulate(map((1).__add__, map(len, text.split("\n"))))]
    values = offsets.values()
    return {
        path: (line, offset - starts[line - 1] + 1)
        for path, line, offset in zip(
            offsets, map(bisect_right, repeat(starts), values), values, strict=True
        )
    }


def _child(path: KeyPath, part: str | int) -> KeyPath:
    """``path`` extended by ``part``, or _TOO_DEEP once it would pass _MAX_DEPTH."""
    return (*path, part) if len(path) < _MAX_DEPTH else _TOO_DEEP


def _unescape_one(match: re.Match[str]) -> str:
    """Decode one escape, so a quoted key is named as tomllib names it."""
    code = match.group(1) or match.group(2) or match.group(3)
    if code:
        value = int(code, 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)
    return _SIMPLE_ESCAPES.get(match.group(4), match.group(0))


class _Scanner:
    """One pass over the text, recording the offset at which each path is named."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[KeyPath, int] = {}
        self.implied: set[KeyPath] = set()  # paths whose offset came from a header's prefix
        self.arrays: dict[KeyPath, int] = {}  # array-of-tables path -> elements so far
        self.table: KeyPath = ()  # the table that the current key/value pairs belong to

    def define(self, path: KeyPath, offset: int) -> None:
        """Record an explicit naming of ``path`` unless an earlier one exists."""
        offsets = self.offsets
        if path is _TOO_DEEP:
            return
        if path in offsets:
            if path not in self.implied:
                return
            self.implied.discard(path)
        offsets[path] = offset

    def imply(self, path: KeyPath, offset: int) -> None:
        """Record a path that a header creates without naming it, if it is new."""
        if path not in self.offsets and path is not _TOO_DEEP:
            self.offsets[path] = offset
            self.implied.add(path)

    def scan(self) -> None:
        """Walk the document statement by statement."""
        text = self.text
        n = len(text)
        plain_pair = _PLAIN_PAIR.match
        define = self.define
        i = 0
        while True:
            m = plain_pair(text, i)
            if m:
                i = m.start(1)
                names = m.group(1)
                if "." in names:
                    self._define_dotted(self.table, names, i)
                else:
                    path = self.table
                    # _child(path, names), inlined on the hottest line
                    define((*path, names) if len(path) < _MAX_DEPTH else _TOO_DEEP, i)
                i = m.end()
                continue
            m = _BLANK.match(text, i)
            i = m.end() if m else i
            if i >= n:
                return
            if text[i] == "[":
                m = _PLAIN_HEADER.match(text, i)
                if m and len(m.group(1)) == len(m.group(3)):  # "[...]" or "[[...]]"
                    self._open_table(m.group(2).split("."), i, bool(m.group(1)))
                    i = m.end()
                    continue
                i = self._header(i)
            else:
                m = _PAIR_START.match(text, i)
                if m:
                    path = self._define_dotted(self.table, m.group(1), i)
                    i = self._value(m.end(), path)
                else:
                    i = self._key_value(i)
            m = _LINE_TAIL.match(text, i)
            i = m.end() if m else i
            if i < n and text[i] not in "\r\n":
                # Not a well-formed statement: resume on the next line.
                j = text.find("\n", i)
                i = n if j < 0 else j

    def _define_dotted(self, base: KeyPath, names: str, i: int) -> KeyPath:
        """Record each segment of the bare dotted key ``names`` written at ``i``."""
        path = base
        define = self.define
        for name in names.split("."):
            path = (*path, name) if len(path) < _MAX_DEPTH else _TOO_DEEP  # _child, inlined
            define(path, i)
            i += len(name) + 1
        return path

    def _key(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """Read a possibly dotted key at ``i``: its (name, offset) segments and its end."""
        text = self.text
        segments: list[tuple[str, int]] = []
        while True:
            m = _KEY.match(text, i)
            if m is None:
                return segments, i
            group = m.lastindex
            if group == 1:
                name = m.group(1)
            elif group == 2:
                name = m.group(2)
                if "\\" in name:
                    name = _ESCAPE.sub(_unescape_one, name)
            else:
                name = m.group(3)
            segments.append((name, i))
            i = m.end()
            m = _DOT.match(text, i)
            if m is None:
                return segments, i
            i = m.end()

    def _ws(self, i: int) -> int:
        m = _WS.match(self.text, i)
        return m.end() if m else i

    def _header(self, i: int) -> int:
        """Read ``[table]`` or ``[[array]]`` at ``i`` and make it the current table."""
        text = self.text
        is_array = text.startswith("[[", i)
        segments, j = self._key(self._ws(i + 2 if is_array else i + 1))
        if not segments:
            return i
        j = self._ws(j)
        close = "]]" if is_array else "]"
        if not text.startswith(close, j):
            return i
        self._open_table([name for name, _ in segments], i, is_array)
        return j + len(close)

    def _open_table(self, names: list[str], i: int, is_array: bool) -> None:
        """Record a header at ``i`` naming ``names`` and make it the current table."""
        if 2 * len(names) > _MAX_DEPTH:  # each name may add an array index
            self.table = _TOO_DEEP
            return
        path: KeyPath = ()
        arrays = self.arrays
        for name in names[:-1]:
            path += (name,)
            self.imply(path, i)
            count = arrays.get(path)
            if count:  # a header inside an array of tables extends its latest element
                path += (count - 1,)
                self.imply(path, i)
        path += (names[-1],)
        self.define(path, i)
        if is_array:
            index = arrays.get(path, 0)
            arrays[path] = index + 1
            path += (index,)
            self.define(path, i)
        self.table = path

    def _key_value(self, i: int) -> int:
        """Read ``key = value`` at ``i``, relative to the current table."""
        segments, j = self._key(i)
        if not segments:
            return i
        j = self._ws(j)
        if not self.text.startswith("=", j):
            return i
        path = self.table
        for name, offset in segments:
            path = _child(path, name)
            self.define(path, offset)
        return self._value(self._ws(j + 1), path)

    def _scalar(self, i: int, c: str) -> int:
        """Skip a string, number, boolean or date at ``i``; return ``i`` if there is none."""
        text = self.text
        if c == '"':
            if text.startswith('"""', i):
                m = _ML_BASIC.match(text, i)
                return m.end() if m else len(text)
            m = _BASIC.match(text, i)
        elif c == "'":
            if text.startswith("'''", i):
                m = _ML_LITERAL.match(text, i)
                return m.end() if m else len(text)
            m = _LITERAL.match(text, i)
        else:
            m = _SCALAR.match(text, i)
            return m.end() if m else i
        if m:
            return m.end()
        j = text.find("\n", i)  # unterminated string: give up on the rest of the line
        return len(text) if j < 0 else j

    def _value(self, i: int, path: KeyPath) -> int:
        """Skip the value at ``i``, recording the elements and keys of arrays and inline
        tables inside it. Nesting is kept on an explicit stack, so depth cannot overflow.
        """
        text = self.text
        n = len(text)
        define = self.define
        plain_item = _PLAIN_ITEM.match
        plain_member = _PLAIN_MEMBER.match
        parents: list[KeyPath] = []  # open arrays and inline tables, innermost last
        counts: list[int] = []  # next index of each open array; -1 marks an inline table
        while True:
            # Here a value for ``path`` starts at ``i``.
            c = text[i] if i < n else ""
            if c == "[" or c == "{":
                parents.append(path)
                counts.append(0 if c == "[" else -1)
                i += 1
                want_comma = False
            else:
                end = self._scalar(i, c)
                if end == i:
                    return i
                i = end
                want_comma = True
            # Find where the next value starts, closing finished containers on the way.
            while True:
                if not parents:
                    return i
                count = counts[-1]
                if not want_comma:
                    m = plain_item(text, i) if count >= 0 else plain_member(text, i)
                    if m:
                        if count >= 0:
                            define(_child(parents[-1], count), m.start(1))
                            counts[-1] = count + 1
                        else:
                            self._define_dotted(parents[-1], m.group(1), m.start(1))
                        i = m.end()
                        if m.group(2) == ",":
                            continue
                        parents.pop()
                        counts.pop()
                        want_comma = True
                        continue
                m = _BLANK.match(text, i)
                i = m.end() if m else i
                c = text[i] if i < n else ""
                closer = "]" if count >= 0 else "}"
                if want_comma:
                    if c == ",":
                        i += 1
                        want_comma = False
                        continue
                    if c != closer:
                        return i
                if c == closer:
                    parents.pop()
                    counts.pop()
                    i += 1
                    want_comma = True
                    continue
                if count >= 0:
                    counts[-1] = count + 1
                    path = _child(parents[-1], count)
                    define(path, i)
                    break
                segments, j = self._key(i)
                if not segments:
                    return i
                j = self._ws(j)
                if not text.startswith("=", j):
                    return i
                path = parents[-1]
                for name, offset in segments:
                    path = _child(path, name)
                    define(path, offset)
                i = self._ws(j + 1)
                break
