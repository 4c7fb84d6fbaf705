"""Read a YAML file (a charter, an activities library, …) into plain Python values, remembering
where each key and value was written. Every YAML file copkit reads goes through :func:`read_document`.

PyYAML's own constructors lose positions, keep the last of two equal keys without a word, crash on
an impossible date such as 2027-02-30 and read an unquoted 12:30 as the number 750. So we let
libyaml (or PyYAML's pure-Python parser) compose the node tree, and build the values ourselves:

- plain scalars are resolved as YAML 1.1 does, except that times (``12:30``) and dates stay the
  text the coach wrote; the model parses them and explains what is wrong with an impossible one;
- numbers keep the text they were written as, so ``target: 010`` reads back as ``010``;
- every problem points at the line and column as written, and every duplicate key is reported;
- size, nesting depth and alias expansion are bounded, so no file can exhaust memory.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import yaml
from yaml import SafeLoader as _PureLoader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from copkit.diagnostics import LINE_BREAKS, Diagnostic, Severity
from copkit.errors import CopkitError
from copkit.files import kind_of as file_kind
from copkit.rules import catalogue as rules

_Loader: type[_PureLoader] | type[yaml.CSafeLoader]
try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PureLoader


class _RememberedTags(yaml.resolver.Resolver):
    """The resolver with the tag of each short plain scalar remembered (``name``, ``12:30``, ``yes``):
    YAML 1.1's regular expressions ran for every key and value again, 6 % of checking a charter.
    A plain scalar's tag follows from its text alone: the safe loaders have no path resolvers."""

    _tags: dict[str, str] = {}  # shared by every document read, bounded below

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or not implicit[0] or len(value) > 100:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        tag = self._tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(self._tags) < 4096:
                self._tags[value] = tag
        return tag


_Reader = type("_Reader", (_RememberedTags, _Loader), {})

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 20_000
# A list this many times longer than its format allows is refused as the file is read, not item by item
# (a list just over the limit is explained by validation, at its key, with its length).
LIST_BOUND = 10
# The text of every value and key, counted in UTF-8 bytes as often as aliases repeat it: the same bound
# as the file's own size, so an anchored text used thousands of times cannot swell a check or a handout.
MAX_TEXT_BYTES = MAX_BYTES

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_COMMENT_GLUED = re.compile(r"[ \t]+#\S")  # '#general', not '# a comment'

_TRUE = {"yes", "true", "on", "y"}
_FALSE = {"no", "false", "off", "n"}
_FOREIGN_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


class SourceInt(int):
    """An integer that remembers how it was written, for fields that want the text."""

    source: str


class SourceFloat(float):
    """A float that remembers how it was written, for fields that want the text."""

    source: str


def _with_source(cls: type, value: Any, text: str) -> Any:
    result = cls(value)
    result.source = text
    return result


@dataclass(frozen=True)
class FileKind:
    """One kind of YAML file copkit reads: the shape of its top level, and the words for it in the
    problems about the file as a whole ("file is empty: a charter needs at least a name")."""

    noun: str  # 'a charter', 'an activities file': "… is far smaller", "… needs far fewer"
    root: type  # dict or list: what the top level holds
    shape: str  # what the top level must be: "the file holds a list; a charter is a mapping of keys"
    one: str  # what a file holds once: "keep one charter per file"
    empty: str | None  # why an empty file is refused; None when an empty file holds an empty root
    max_items: int = 100  # the longest list the format allows; far longer ones are refused unread


CHARTER = FileKind(
    noun="a charter",
    root=dict,
    shape="a mapping of keys",
    one="one charter",
    empty="a charter needs at least a name",
)


@dataclass
class Document:
    """Plain values plus, for every path into them, the node it came from, and the text they were read from."""

    data: Any
    nodes: dict[Path, Node] = field(default_factory=dict)
    key_nodes: dict[Path, Node] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    # Paths of the plain values a ' #…' cut short; rule W114 reports them (copkit.rules.coaching).
    cut_by_comment: list[Path] = field(default_factory=list)

    def written(self, path: Path) -> Path:
        """A model path as written in the file: the steps the model added to shorthand are dropped,
        such as the ``0`` of one person written for a list, or the ``name`` of a plain-string person."""
        result: Path = ()
        for part in path:
            node = self.nodes.get(result)
            stepped_into_shorthand = (
                isinstance(part, int) and node is not None and not isinstance(node, SequenceNode)
            ) or (isinstance(part, str) and isinstance(node, ScalarNode))
            if not stepped_into_shorthand:
                result += (part,)
        return result

    def positions(self) -> dict[Path, tuple[int, int]]:
        """The 1-based line and column of every value as written, by its path."""
        return {path: _mark(node) for path, node in self.nodes.items()}

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``path``, or of its key where it has one; for a
        path that was never written, such as a missing key, the key of its nearest written ancestor."""
        path = self.written(path)
        node = (key and self.key_nodes.get(path)) or self.nodes.get(path)
        while node is None and path:
            path = path[:-1]
            # a key's own line; an item of a list has no key, so the item itself
            node = (
                (self.key_nodes.get(path) or (self.nodes.get(path) if isinstance(path[-1], int) else None))
                if path
                else self.nodes.get(path)
            )
        return _mark(node) if node is not None else (1, 1)


class LoadError(CopkitError):
    """The file cannot be read as one YAML document of its kind; ``problems`` (also its
    ``diagnostics``) says why and where, and ``text`` is the file's text once it was decoded
    (``None`` before), to show the lines around them."""

    def __init__(self, problems: list[Diagnostic], text: str | None = None):
        super().__init__(problems[0].message, problems)
        self.problems = problems
        self.text = text


def read_document(path: os.PathLike[str] | str, shown: str | None = None, *, kind: FileKind = CHARTER) -> Document:
    """Read, decode and parse one YAML file of ``kind`` with every bound and check: at most
    :data:`MAX_BYTES`, UTF-8, one document, the right top level, no duplicate keys, bounded nesting and
    aliases. Problems name the file as ``shown`` (the path as given by default); an unreadable,
    undecodable or unparsable file raises :class:`LoadError`, whose problems are errors only. The
    document's own ``problems`` are those that still let its values be used (duplicate keys, W114)."""
    shown = str(path) if shown is None else shown
    try:
        raw = _read_regular(path, shown)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LoadError([_problem(shown, 1, 1, rules.FILE_UNREADABLE, f"cannot read the file: {reason}")]) from None
    return _document(raw, shown, kind)


def read_stream(stream: BinaryIO, shown: str, *, kind: FileKind = CHARTER) -> Document:
    """:func:`read_document` for a stream (``copkit check -`` reads the standard input): the same
    bounds, reading no more than :data:`MAX_BYTES` + 1 bytes of it."""
    try:
        raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LoadError([_problem(shown, 1, 1, rules.FILE_UNREADABLE, f"cannot read the input: {reason}")]) from None
    return _document(raw, shown, kind)


def _document(raw: bytes, shown: str, kind: FileKind) -> Document:
    text = decode(raw, shown, kind)  # kept apart from parsing, so a syntax error still shows its line
    try:
        return parse(text, shown, kind)
    except LoadError as exc:
        exc.text = text
        raise


def _read_regular(path: os.PathLike[str] | str, shown: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file. Anything else (a FIFO, a device, a folder) is
    refused before it is opened, and the file is opened without blocking in case it changed since.

    It asks for the file's size and one byte more, not for MAX_BYTES + 1 (a 1 MiB buffer for every
    2 KiB charter); a file that grew since, or says it is empty as /proc's do, is read on up to the bound."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        status = os.fstat(handle)
        mode = status.st_mode
        if stat.S_ISREG(mode):
            with os.fdopen(handle, "rb") as stream:
                raw = stream.read(min(status.st_size, MAX_BYTES) + 1)
                if status.st_size < len(raw) <= MAX_BYTES:  # more than it said: read on, as far as the bound
                    raw += stream.read(MAX_BYTES + 1 - len(raw))
                return raw
        os.close(handle)  # pragma: no cover - replaced between the two looks
    reason = f"not a regular file: it is {file_kind(mode)}; copkit reads only regular files"
    raise LoadError([_problem(shown, 1, 1, rules.FILE_UNREADABLE, reason)])


class _Limit(Exception):
    def __init__(self, node: Node, message: str):
        super().__init__(message)
        self.node = node


def decode(raw: bytes, path: str, kind: FileKind = CHARTER) -> str:
    """The text of a file: UTF-8, with or without a byte-order mark."""
    if len(raw) > MAX_BYTES:
        raise LoadError(
            [
                _problem(
                    path, 1, 1, rules.TOO_LARGE, f"file is larger than {MAX_BYTES:,} bytes; {kind.noun} is far smaller"
                )
            ]
        )
    for bom, name in _FOREIGN_BOMS.items():
        if raw.startswith(bom):
            raise LoadError([_problem(path, 1, 1, rules.NOT_UTF8, f"file is {name}: save it as UTF-8")])
    if wide := _wide_encoding(raw):
        raise LoadError(
            [
                _problem(
                    path, 1, 1, rules.NOT_UTF8, f"file looks like {wide} without a byte-order mark: save it as UTF-8"
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8"))
        raise LoadError(
            [
                _problem(
                    path,
                    line,
                    column,
                    rules.NOT_UTF8,
                    f"byte 0x{raw[exc.start]:02X} is not UTF-8: save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes have the NUL bytes in alternating places that text in those
    encodings has (every other byte of Latin text is NUL), else ``None``. UTF-8 text has no NUL bytes."""
    sample = raw[:4096]
    if len(sample) < 8 or sample.count(0) * 4 < len(sample):  # fewer than a quarter NUL bytes: not wide text
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for offset in range(width):
            text = sample[offset::width]
            others = [byte for index, byte in enumerate(sample) if index % width != offset]
            if text.count(0) * 2 < len(text) and others.count(0) * 10 >= len(others) * 9:
                return name  # the text's own bytes, with NUL bytes (nearly) everywhere else
    return None


def parse(text: str, path: str, kind: FileKind = CHARTER) -> Document:
    """Compose exactly one YAML document from ``text`` and build its values."""
    loader = _Reader(text)
    root: Node | None = None
    try:
        if loader.check_node():
            root = loader.get_node()
            if loader.check_node():
                second = loader.get_node()
                assert second is not None  # check_node() said there is one
                line, column = _mark(second)
                raise LoadError(
                    [
                        _problem(
                            path,
                            line,
                            column,
                            rules.ONE_DOCUMENT,
                            f"a second YAML document starts here: keep {kind.one} per file",
                        )
                    ]
                )
    except yaml.YAMLError as exc:
        raise LoadError([_syntax_problem(exc, text, path)]) from None
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at 1,000 levels itself
        raise LoadError(
            [_problem(path, 1, 1, rules.YAML_LIMITS, f"nesting is deeper than {MAX_DEPTH} levels")]
        ) from None
    finally:
        loader.dispose()

    if root is None or (
        isinstance(root, ScalarNode) and root.tag == _TAG + "null" and not root.value
    ):  # only '---' or '...'
        if kind.empty is not None:
            raise LoadError([_problem(path, 1, 1, rules.ONE_DOCUMENT, f"file is empty: {kind.empty}")])
        return Document(data=kind.root(), text=text)
    document = Document(data=None, text=text)
    try:
        if _may_expand(text):
            _refuse_expansion_early(root, kind)
        document.data = _Builder(document, path, text, kind).build(root, (), 0)
    except _Limit as exc:
        line, column = _mark(exc.node)
        raise LoadError([_problem(path, line, column, rules.YAML_LIMITS, str(exc))]) from None
    if not isinstance(document.data, kind.root):
        line, column = _mark(root)
        held = (
            "a list"
            if isinstance(root, SequenceNode)
            else "a mapping"
            if isinstance(root, MappingNode)
            else "a single value"
        )
        raise LoadError(
            [_problem(path, line, column, rules.NOT_A_MAPPING, f"the file holds {held}; {kind.noun} is {kind.shape}")]
        )
    return document


def _may_expand(text: str) -> bool:
    """Whether a document might pass a bound only by expanding aliases, so that
    :func:`_refuse_expansion_early` is worth its walk (a quarter of the reading of a charter).

    Without an alias (no ``*`` anywhere) the node tree is a tree: the builder counts every value in
    the order that walk would, and stops at the same node. Nor can it pass the texts' bound first:
    each character written gives at most one character of a value, of at most 4 bytes."""
    return "*" in text or 4 * len(text) > MAX_TEXT_BYTES


def _refuse_expansion_early(root: Node, kind: FileKind) -> None:
    """Refuse an alias bomb without building it. Aliases make the node tree a graph, so the values a
    node expands to are counted once per node (memoised), however often it is used; when the total
    passes MAX_VALUES, the walk that finds where the builder would have stopped skips every subtree
    that still fits. The builder then never spends its time on 20,000 values it would throw away.
    Documents with merge keys or deeper than MAX_DEPTH are left to the builder, which counts both."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:  # post-order without recursion: children are sized before their parent
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children is None:
            return  # a merge key: the builder's own counting applies
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            heights[id(node)] = 1 + max((heights[id(child)] for child in children), default=0)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
        if len(stack) > 4 * MAX_VALUES:
            return
    if sizes[id(root)] <= MAX_VALUES or heights[id(root)] > MAX_DEPTH + 1:
        return  # within the bound, or too deep: the builder says which comes first
    count, node = 0, root
    while True:  # the builder's order: a node, then its children in turn
        count += 1
        if count > MAX_VALUES:
            break
        for child in _children(node) or []:
            if count + sizes[id(child)] <= MAX_VALUES:
                count += sizes[id(child)]
                continue
            node = child
            break
        else:  # pragma: no cover - the sizes say some child passes the bound
            return
    raise _Limit(node, f"the file holds more than {MAX_VALUES:,} values, aliases expanded; {kind.noun} needs far fewer")


def _children(node: Node) -> list[Node] | None:
    """The value nodes the builder builds under ``node`` (mapping keys are not values), or None for a
    mapping with a merge key or a key that is not plain text, whose counting is the builder's own."""
    if isinstance(node, ScalarNode):
        return []
    if isinstance(node, SequenceNode):
        return list(node.value)
    values: list[Node] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if key_node.tag == _TAG + "merge" or not isinstance(key_node, ScalarNode):
            return None
        if key_node.value not in seen:  # a duplicate key is reported, not built
            seen.add(key_node.value)
            values.append(value_node)
    return values


def _overridden(
    merged: list[tuple[Node, Node, bool]], own: list[tuple[Node, Node, bool]]
) -> list[tuple[Node, Node, bool]]:
    """Merged pairs, less those whose key the mapping gives itself, then its own pairs."""
    own_keys = {key.value for key, _, _ in own if isinstance(key, ScalarNode)}
    return [pair for pair in merged if not (isinstance(pair[0], ScalarNode) and pair[0].value in own_keys)] + own


class _Builder:
    """Turn a node tree into dicts, lists and scalars, recording nodes by path."""

    def __init__(self, document: Document, path: str, text: str, kind: FileKind = CHARTER):
        self.document = document
        self.path = path
        self.text = text
        self.kind = kind
        self.count = 0
        self.text_bytes = 0
        self._units: dict[int, int] = {}  # merged mappings' value counts, by node
        self._sizing: set[int] = set()  # the mappings being counted now, to see a cycle
        self._merges: dict[int, list[tuple[Node, Node, bool]]] = {}  # what merging a mapping brings in

    def _tally(self, node: Node, values: int) -> None:
        self.count += values
        if self.count > MAX_VALUES:
            raise _Limit(
                node,
                f"the file holds more than {MAX_VALUES:,} values, aliases expanded; {self.kind.noun} needs far fewer",
            )

    def _tally_text(self, node: ScalarNode) -> None:
        text = node.value
        self.text_bytes += len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
        if self.text_bytes > MAX_TEXT_BYTES:
            raise _Limit(
                node,
                f"the file's texts add up to more than {MAX_TEXT_BYTES:,} bytes, aliases expanded;"
                f" {self.kind.noun} is far smaller",
            )

    def build(self, node: Node, where: Path, depth: int) -> Any:
        self._tally(node, 1)
        if depth > MAX_DEPTH:
            raise _Limit(node, f"nesting is deeper than {MAX_DEPTH} levels")
        self.document.nodes[where] = node
        if isinstance(node, ScalarNode):
            self._tally_text(node)
            self._note_if_cut_by_comment(node, where)
            return _scalar(node)
        if isinstance(node, SequenceNode):
            if len(node.value) > LIST_BOUND * self.kind.max_items:  # refused before building any of it
                raise _Limit(
                    node,
                    f"a list of {len(node.value):,} items; {self.kind.noun} keeps each list to at most"
                    f" {self.kind.max_items:,}",
                )
            return [self.build(item, where + (index,), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)  # the third kind of node
        result: dict[str, Any] = {}
        explicit: dict[str, Node] = {}
        for key_node, value_node, merged in self._entries(node, depth):
            if not isinstance(key_node, ScalarNode):
                self._report(key_node, rules.WRONG_TYPE, "a key must be plain text, not a list or a mapping")
                continue
            key = key_node.value
            self._tally_text(key_node)
            if merged:
                if key in result:  # the first of several merged mappings wins, as YAML's merge key says
                    continue
            elif key in explicit:
                line, _ = _mark(explicit[key])
                self._report(key_node, rules.DUPLICATE_KEY, f"duplicate key '{key}' (first at line {line}): keep one")
                continue
            else:
                explicit[key] = key_node
            self.document.key_nodes[where + (key,)] = key_node
            result[key] = self.build(value_node, where + (key,), depth + 1)
        return result

    def _entries(self, node: MappingNode, depth: int) -> list[tuple[Node, Node, bool]]:
        """Key-value pairs, with those brought in by YAML merge keys (``<<: *anchor``) first."""
        if depth > MAX_DEPTH:
            raise _Limit(node, f"nesting is deeper than {MAX_DEPTH} levels")
        sources, own = self._split(node, merged=False)
        merged: list[tuple[Node, Node, bool]] = []
        for source in sources:
            # A merge-key bomb meets the bound an alias bomb meets: every mapping merged in counts,
            # however deep, as if each were read again; but each is read only once.
            units = self._merged_units(source, depth + 1)
            if self.count + units > MAX_VALUES:
                self._locate_merge_limit(source, depth + 1)  # raises where the count passes the bound
            self.count += units
            merged.extend(self._merged_entries(source))
        return _overridden(merged, own)

    def _split(self, node: MappingNode, *, merged: bool) -> tuple[list[MappingNode], list[tuple[Node, Node, bool]]]:
        """A mapping's merge sources (``<<: *a`` or ``<<: [*a, *b]``) and its own pairs, marked as
        ``merged`` when the mapping is itself merged into another."""
        sources: list[MappingNode] = []
        own: list[tuple[Node, Node, bool]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _TAG + "merge":
                own.append((key_node, value_node, merged))
                continue
            for source in value_node.value if isinstance(value_node, SequenceNode) else [value_node]:
                if isinstance(source, MappingNode):
                    sources.append(source)
                else:
                    self._report(source, rules.WRONG_TYPE, "a merge key (<<) takes a mapping or a list of mappings")
        return sources, own

    def _merged_units(self, source: MappingNode, depth: int) -> int:
        """What merging ``source`` adds to the value count: its own entries and, through its merge
        keys, theirs; counted once per node, so nine levels of nine aliases cost 81 steps, not 9**9."""
        key = id(source)
        if key in self._units:
            return self._units[key]
        if depth > MAX_DEPTH or key in self._sizing:
            return MAX_VALUES + 1  # a cycle or too deep: let the builder report it where it happens
        self._sizing.add(key)
        sources, _ = self._split(source, merged=True)
        total = len(source.value) + sum(self._merged_units(inner, depth + 1) for inner in sources)
        self._sizing.discard(key)
        self._units[key] = min(total, MAX_VALUES + 1)
        return self._units[key]

    def _merged_entries(self, source: MappingNode) -> list[tuple[Node, Node, bool]]:
        """The pairs merging ``source`` brings in: its own keys over those it merges itself, the first
        of equal keys winning, as YAML's merge key says. Worked out once per mapping; only called once
        :meth:`_merged_units` has found the whole merge within the bounds (so no cycle)."""
        key = id(source)
        if key not in self._merges:
            sources, own = self._split(source, merged=True)
            pairs = _overridden([pair for inner in sources for pair in self._merged_entries(inner)], own)
            seen: set[str] = set()
            kept: list[tuple[Node, Node, bool]] = []
            for pair in pairs:
                if isinstance(pair[0], ScalarNode):
                    if pair[0].value in seen:
                        continue  # the first of equal keys wins
                    seen.add(pair[0].value)
                kept.append(pair)
            self._merges[key] = kept
        return self._merges[key]

    def _locate_merge_limit(self, source: MappingNode, depth: int) -> None:
        """Count as the builder would, skipping every merged mapping that still fits, down to the one
        that passes the bound, and raise there."""
        if depth > MAX_DEPTH:
            raise _Limit(source, f"nesting is deeper than {MAX_DEPTH} levels")
        self._tally(source, len(source.value))
        for inner in self._split(source, merged=True)[0]:
            units = self._merged_units(inner, depth + 1)
            if self.count + units <= MAX_VALUES:
                self.count += units
            else:
                self._locate_merge_limit(inner, depth + 1)

    def _note_if_cut_by_comment(self, node: ScalarNode, where: Path) -> None:
        """``how_to_join: Ask in #general`` keeps only 'Ask in': YAML reads `` #…`` as a comment."""
        if node.style or not node.value:  # quoted or block scalars keep their "#"; libyaml says "" for plain
            return
        if _COMMENT_GLUED.match(self.text, node.end_mark.index):  # marks count characters, as str does
            self.document.cut_by_comment.append(where)

    def _report(self, node: Node, rule: rules.Rule, message: str) -> None:
        line, column = _mark(node)
        self.document.problems.append(_problem(self.path, line, column, rule, message))


def _scalar(node: ScalarNode) -> Any:
    """A scalar's value as YAML 1.1 resolves it, but keeping times, dates and number texts as written."""
    tag, text = node.tag, node.value
    if not tag.startswith(_TAG) or tag in (_TAG + "str", _TAG + "timestamp", _TAG + "binary"):
        return text
    kind = tag[len(_TAG) :]
    if kind == "null":
        return None
    if kind == "bool":
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if kind in ("int", "float") and ":" not in text:  # 12:30 is a time of day, not base 60
        try:
            if kind == "int":
                number = _SAFE.construct_yaml_int(node)
                str(number)  # ValueError past Python's int digit limit, which 0x/0o/0b texts skip: keep the text
                return _with_source(SourceInt, number, text)
            return _with_source(SourceFloat, _SAFE.construct_yaml_float(node), text)
        except Exception:  # noqa: BLE001 - PyYAML's own constructors fail on '!!int ""' with IndexError: keep the text
            return text
    return text


_SAFE = yaml.constructor.SafeConstructor()


def source_lines(text: str) -> list[str]:
    """The file's lines as YAML counts them, so that line numbers in problems match."""
    return LINE_BREAKS.split(text)


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    lines = source_lines(before)
    return len(lines), len(lines[-1]) + 1


def kind_of(value: Any) -> str:
    """What a value read from YAML is, in a coach's words: 'text', 'a list', 'a mapping', …"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - the loaders only build the kinds above


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _problem(path: str, line: int, column: int, rule: rules.Rule, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, rule.code, message)


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str) -> Diagnostic:
    """Reword a PyYAML/libyaml error as one line that says where and what."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif (
        getattr(exc, "position", None) is not None
    ):  # ReaderError: libyaml gives a byte offset, PyYAML a character index
        position: int = exc.position  # type: ignore[attr-defined]
        before = (
            text.encode("utf-8")[:position].decode("utf-8", "ignore") if _Loader is not _PureLoader else text[:position]
        )
        line, column = _line_column(before)
    else:
        line, column = 1, 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context += f" that starts at line {context_mark.line + 1}"  # e.g. a '[' list a '#' cut short
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    lines = source_lines(text)
    last = len(lines)
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    if line > last:  # at the end of the file: point just past its last written character, not into the void
        line, column = last, len(lines[last - 1]) + 1
    if "\t" in lines[line - 1][: column + 1]:
        message += "; indent with spaces, not tabs"
    if context and context.startswith("found duplicate anchor") and context_mark is not None:
        anchor = re.match(r"&[^\s,\[\]{}]+", lines[line - 1][column - 1 :])
        named = f" {anchor[0]}" if anchor else ""
        message = (
            f"the anchor{named} is defined a second time here (first at line {context_mark.line + 1}):"
            " give each anchor its own name"
        )
    if "maximum nesting depth" in message:  # libyaml's own bound, beyond ours
        return _problem(path, line, column, rules.YAML_LIMITS, f"nesting is deeper than {MAX_DEPTH} levels")
    return _problem(path, line, column, rules.YAML_SYNTAX, message)


def load(raw: bytes, path: str, kind: FileKind = CHARTER) -> tuple[Document, str]:
    """Decode and parse a file's bytes; raise :class:`LoadError` when that is impossible."""
    text = decode(raw, path, kind)
    return parse(text, path, kind), text
