"""Read YAML safely and keep the line of every key and item.

PyYAML's fast C composer builds the node tree (with marks); we turn nodes into
plain Python values ourselves so that we can refuse what plan data never
needs and a hostile file could abuse: tags that build objects, anchors and
aliases (the "billion laughs" bomb), duplicate keys, very deep nesting.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from graph_build.core.errors import PlanError, Problem, excerpt, printable

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a quicker tag resolver for the common case.

    The C composer calls ``resolve`` (Python) for every scalar, and most
    plan-file scalars are keys and text that no implicit resolver could
    claim: a quoted scalar, or a plain one whose first character starts no
    YAML int/float/bool/null/timestamp/merge form.
    """

    _CLAIMED_FIRST = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)

    def resolve(self, kind, value, implicit):
        if (
            kind is yaml.ScalarNode
            and value
            and (not implicit[0] and implicit[1] or implicit[0] and value[0] not in self._CLAIMED_FIRST)
        ):
            return _STR_TAG
        return super().resolve(kind, value, implicit)


_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.constructor.SafeConstructor()
#: Characters refused anywhere in the raw text: Unicode category Cc (C0 and C1 controls) but
#: tab, line feed and carriage return, and the line/paragraph separators U+2028/U+2029 (YAML
#: reads them and U+0085 as line breaks that editors do not show, so lines would not agree).
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
#: Characters refused in a parsed text value or key, however they were written (a YAML escape
#: such as "\\e", "\\0", "\\x85", "\\u2028" makes them from plain ASCII): the same set plus
#: carriage return; tab and line feed stay (a block scalar holds line feeds).
_VALUE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n|\r|\n")
#: What a path names when it is not a regular file, as a user would say it.
_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_READ_CHUNK = 1 << 16


class YMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def read_text(path: Path, *, follow_symlinks: bool = True) -> str:
    """The file as NFC text, or a located error for kind, size and encoding faults.

    The kind and size are checked before reading (a FIFO would block, ``/dev/zero`` never
    ends, a sparse file can claim gigabytes), and at most ``MAX_FILE_BYTES + 1`` bytes are
    read whatever the file does meanwhile. ``follow_symlinks=False`` is for a path whose
    symlinks the caller has already resolved: a link put there since is refused, not followed.
    """
    data = _read_bounded(path, follow_symlinks)
    if data.startswith(b"\xef\xbb\xbf"):
        raise PlanError(Problem("file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM", path, 1))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError(Problem("file is UTF-16; save it as UTF-8", path, 1))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            Problem(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path, line)
        ) from None
    return nfc(text)


def _refuse_kind(mode: int, path: Path) -> None:
    for is_kind, kind in _FILE_KINDS:
        if is_kind(mode):
            message = "is a folder, not a file" if kind == "a folder" else f"is {kind}, not a regular file"
            raise PlanError(Problem(message, path))
    if not stat.S_ISREG(mode):
        raise PlanError(Problem("is not a regular file", path))


def _refuse_size(size: int, path: Path) -> None:
    if size > MAX_FILE_BYTES:
        raise PlanError(Problem(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", path, 1))


def _read_bounded(path: Path, follow_symlinks: bool) -> bytes:
    if "\0" in os.fspath(path):
        raise PlanError(Problem("the path contains a NUL character", printable(os.fspath(path))))
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        raise PlanError(Problem("file not found", path)) from None
    except OSError as exc:
        raise PlanError(Problem(f"cannot read file: {exc.strerror}", path)) from None
    _refuse_kind(info.st_mode, path)  # before open(): opening a FIFO or a device has effects
    _refuse_size(info.st_size, path)
    # O_NONBLOCK: a FIFO swapped in after the check does not block open() or read();
    # O_NOFOLLOW: nor is a symlink swapped in followed, when the caller resolved the path.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise PlanError(Problem(f"cannot read file: {exc.strerror}", path)) from None
    try:
        opened = os.fstat(fd)  # what was opened is what counts
        _refuse_kind(opened.st_mode, path)
        _refuse_size(opened.st_size, path)
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, _READ_CHUNK))
            except BlockingIOError:
                raise PlanError(Problem("is not a regular file (reading it would wait)", path)) from None
            except OSError as exc:
                raise PlanError(Problem(f"cannot read file: {exc.strerror}", path)) from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:  # it grew after the size was checked
        raise PlanError(
            Problem(f"file is more than {MAX_FILE_BYTES:,} bytes; the limit is {MAX_FILE_BYTES:,}", path, 1)
        )
    return data


def load_yaml(path: Path) -> Any:
    """Parse one YAML file into YMap/YList/scalars with line numbers."""
    text = read_text(path)
    bad = _RAW_CONTROL.search(text)
    if bad is not None:
        line = len(_LINE_BREAK.findall(text, 0, bad.start())) + 1
        raise PlanError(Problem(f"control character U+{ord(bad.group()):04X} in the text", path, line))
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or alias (the check parses twice)
            _refuse_anchors(text, path)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # Report where the broken construct starts (e.g. an unclosed '['), and
        # where the parser noticed, when that is a later line.
        flow = exc.context_mark is not None and "flow" in (exc.context or "")
        mark = exc.context_mark if flow else (exc.problem_mark or exc.context_mark)
        error_line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        if "\t" in problem or "tab" in problem.lower():
            problem += " (indent with spaces, not tabs)"
        if flow and exc.problem_mark and exc.context_mark and exc.problem_mark.line != exc.context_mark.line:
            problem += f" (noticed at line {exc.problem_mark.line + 1})"
        raise PlanError(Problem(f"YAML syntax error: {problem}", path, error_line)) from None
    except yaml.YAMLError as exc:
        raise PlanError(Problem(f"YAML error: {exc}", path)) from None
    if node is None:
        raise PlanError(Problem("file is empty", path, 1))
    return _convert(node, path, set(), 0)


def _refuse_control(text: str, path: Path, line: int, where: str) -> None:
    bad = _VALUE_CONTROL.search(text)
    if bad is not None:
        raise PlanError(
            Problem(
                f"control character U+{ord(bad.group()):04X} in the text (YAML escapes such as "
                "\\e, \\0, \\x85 or \\u2028 cannot be used to write one)",
                path,
                line,
                where or None,
            )
        )


def _refuse_anchors(text: str, path: Path) -> None:
    """Refuse anchors and aliases where they are written (the composed nodes
    only know the anchor's position), before anything is expanded."""
    for event in yaml.parse(text, Loader=_Loader):
        if getattr(event, "anchor", None) is not None:
            raise PlanError(
                Problem(
                    "YAML anchors and aliases (&, *) are not allowed in plan files",
                    path,
                    event.start_mark.line + 1 if event.start_mark is not None else None,
                )
            )


def _convert(
    node: yaml.Node, path: Path, seen: set[int], depth: int, at_line: int | None = None, where: str = ""
) -> Any:
    """``where`` is the dotted path of keys down to this node, to name the field in messages."""
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise PlanError(Problem(f"nested more than {MAX_DEPTH} levels deep", path, line))
    if id(node) in seen:  # an alias: the node's own mark is the anchor's, so prefer the key's line
        raise PlanError(Problem("YAML anchors and aliases (&, *) are not allowed in plan files", path, at_line or line))
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        _refuse_control(node.value, path, line, where)
        if node.tag == _STR_TAG:  # most scalars: the composer's text is the value
            return nfc(node.value)
        if node.tag not in _SCALAR_TAGS:
            raise PlanError(Problem(f"YAML tag {node.tag!r} is not allowed in plan files", path, line))
        if node.tag == "tag:yaml.org,2002:timestamp":
            return nfc(node.value)  # dates stay text: the loader checks them and says which is wrong
        value = _constructor.construct_object(node)
        return nfc(value) if isinstance(value, str) else value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise PlanError(Problem(f"YAML tag {node.tag!r} is not allowed in plan files", path, line))
        items = YList(_convert(item, path, seen, depth + 1, where=where) for item in node.value)
        items.line, items.item_lines = line, [item.start_mark.line + 1 for item in node.value]
        return items
    if node.tag != "tag:yaml.org,2002:map":
        raise PlanError(Problem(f"YAML tag {node.tag!r} is not allowed in plan files", path, line))
    out = YMap()
    out.line, out.key_lines = line, {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge" or getattr(key_node, "value", None) == "<<":
            raise PlanError(Problem("YAML merge keys (<<) are not allowed in plan files", path, key_line))
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
            raise PlanError(Problem("mapping keys must be plain words", path, key_line))
        _refuse_control(key_node.value, path, key_line, where)
        key = key_node.value if key_node.tag == _STR_TAG else str(_constructor.construct_object(key_node))
        if key in out:
            raise PlanError(
                Problem(f"duplicate key {excerpt(key)} (first at line {out.key_lines[key]})", path, key_line, key)
            )
        out[key] = _convert(value_node, path, seen, depth + 1, key_line, f"{where}.{key}" if where else key)
        out.key_lines[key] = key_line
    return out
