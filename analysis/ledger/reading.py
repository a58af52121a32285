"""Reading ledger files safely: regular files inside their folder, a size limit, UTF-8, strict YAML.

May import PyYAML and analysis.results only; never the checks, auditing or report (the loader of :mod:`.loading` uses it).

Every file the ledger reads (``sources.yaml``, ``studies/*.yaml``, the source texts) goes through
:func:`read_text`: it must be a regular file (no FIFO, device or folder, refused before it is
opened, so a FIFO cannot block the loader), it must not resolve outside its folder (a symbolic
link out of the ledger is refused), it must be at most :data:`MAX_FILE_BYTES`, and it must be
valid UTF-8. YAML is parsed by :func:`load_yaml` with libyaml (``yaml.CSafeLoader``, faster than the
pure-Python parser: benchmarks/README.md, ``bench_ledger.py``; ``$REANALYSIS_YAML=python`` forces the latter), safe
loading only, and two rules YAML itself does not have: a key may occur once per mapping (YAML
keeps the last ``n:`` without a word), and aliases are refused (``*a`` reuses a value; nested
aliases expand exponentially, the "billion laughs"). Both are checked while the document is
constructed, so they cost no second pass.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..results import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "FileRefused",
    "YamlRefused",
    "read_text",
    "load_yaml",
    "LIBYAML",
    "CLoader",
    "PyLoader",
    "DEFAULT_LOADER",
]

#: Largest file the ledger reads: 10 MB (the largest study file today is 9 kB; a corpus-scale study
#: file of 22 entries is about 6 kB, and a source text of a full paper well under 1 MB).
MAX_FILE_BYTES = 10 * 1024 * 1024

_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class FileRefused(InputError):
    """A file the ledger will not read; the message is the problem, without the path."""


class YamlRefused(InputError):
    """A YAML rule broken: ``path`` locates the mapping (keys and list indices from the root),
    ``key`` and ``value`` the offending item, ``problem`` says what is wrong."""

    def __init__(self, problem: str, path: tuple = (), key: Any = None, value: Any = None, mapping: dict | None = None):
        super().__init__(problem)
        self.problem, self.path, self.key, self.value = problem, path, key, value
        self.mapping = mapping or {}


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")


def read_text(path: str | os.PathLike, folder: str | os.PathLike, folder_name: str, limit: int = MAX_FILE_BYTES) -> str:
    """The text of ``path``, a regular UTF-8 file inside ``folder`` of at most ``limit`` bytes.

    Raises
    ------
    FileRefused
        Naming the problem: a link or path leading outside ``folder``, not a regular file,
        too large, not UTF-8, unreadable.

    Examples
    --------
    >>> read_text("/dev/zero", "/dev", "device folder")
    Traceback (most recent call last):
    ...
    analysis.ledger.reading.FileRefused: not a regular file (a character device): refused
    """
    path, folder = Path(path), Path(folder)
    try:
        lst = os.lstat(path)
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            how = "a symbolic link to" if stat.S_ISLNK(lst.st_mode) else "resolves to"
            raise FileRefused(f"{how} {target}, outside the {folder_name} {folder}: refused")
        kind = _kind(os.stat(path).st_mode)
        if kind:
            raise FileRefused(f"not a regular file ({kind}): refused")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind:  # replaced between the check and the open
            raise FileRefused(f"not a regular file ({kind}): refused")
        if st.st_size > limit:
            raise FileRefused(
                f"{st.st_size:,} bytes, above the limit of {limit:,} bytes "
                f"({limit // 2**20} MB) for a ledger file: refused"
            )
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # grew while being read
        raise FileRefused(f"more than {limit:,} bytes ({limit // 2**20} MB), the limit for a ledger file: refused")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileRefused(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}") from None


class _Alias(Exception):
    pass


_STR, _SEQ, _MAP = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> its implicit tag (same for both loaders)


class _Strict:
    """Constructor rules shared by the libyaml and pure-Python loaders.

    :meth:`construct_document` builds strings, lists and mappings from the composed nodes in one
    tight walk (PyYAML's generic constructor costs about 5 us a node) and hands every other tag
    to the safe constructor; a node met twice is an alias.
    """

    def resolve(self, kind, value, implicit):
        # the tag of a scalar depends only on its text here (SafeLoader has no path resolvers), and
        # ledger files repeat the same keys and words thousands of times: look each text up once
        if kind is ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return _STR  # quoted
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 50_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_document(self, node):
        try:
            return self._build(node, set())
        finally:
            self.constructed_objects, self.recursive_objects, self.state_generators = {}, {}, []

    def _build(self, node, seen: set):
        if id(node) in seen:
            raise _Alias(node)
        seen.add(id(node))
        cls, tag = type(node), node.tag
        if cls is ScalarNode and tag == _STR:
            return node.value
        if cls is SequenceNode and tag == _SEQ:
            return [self._item(v, seen) for v in node.value]
        if cls is MappingNode and tag == _MAP:
            mapping: dict = {}
            first: dict = {}
            for key_node, value_node in node.value:
                key = self._item(key_node, seen)
                if not isinstance(key, Hashable) or key in mapping:
                    self._check_key(node, key, key_node, value_node, mapping, first)
                first[key] = key_node
                mapping[key] = self._item(value_node, seen)
            return mapping
        data = self.construct_object(node, deep=True)  # numbers, booleans, null, dates, other tags
        while self.state_generators:
            for _ in self.state_generators.pop(0):
                pass
        return data

    def _item(self, node, seen: set):
        """:meth:`_build` with strings inline (most nodes of a ledger are quoted strings)."""
        if node.tag == _STR and type(node) is ScalarNode and id(node) not in seen:
            seen.add(id(node))
            return node.value
        return self._build(node, seen)

    @staticmethod
    def _check_key(node, key, key_node, value_node, mapping: dict, first: dict) -> None:
        if not isinstance(key, Hashable):  # a list or mapping as a key (other keys: the schema says)
            raise YamlRefused(
                f"a key must be a string (line {key_node.start_mark.line + 1})", key=_Node(node), value=key
            )
        if key in mapping:
            value = value_node.value if isinstance(value_node, ScalarNode) else None
            raise YamlRefused(
                f"duplicate key at line {key_node.start_mark.line + 1} (first at line "
                f"{first[key].start_mark.line + 1}); YAML would keep only the last",
                key=_Node(node),
                value=(key, value),
            )
        first[key] = key_node

    def construct_object(self, node, deep=False):
        # a node reached a second time is an alias (the composer shares the anchored node)
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Alias(node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep=deep)
        mapping: dict = {}
        first: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            self._check_key(node, key, key_node, value_node, mapping, first)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _Node:
    """Carries the mapping node of a refusal to :func:`load_yaml`, which locates it."""

    def __init__(self, node):
        self.node = node


class PyLoader(_Strict, yaml.SafeLoader):
    """The pure-Python parser with the ledger's rules."""


try:

    class CLoader(_Strict, yaml.CSafeLoader):
        """libyaml's parser with the ledger's rules."""

    LIBYAML = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    CLoader = PyLoader  # type: ignore[misc, assignment]
    LIBYAML = False

DEFAULT_LOADER = PyLoader if os.environ.get("REANALYSIS_YAML") == "python" else CLoader


def _locate(root, target) -> tuple[tuple, dict]:
    """Path (keys and indices) from ``root`` to the mapping node ``target``, and its scalar items."""
    stack: list[tuple[Any, tuple]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node is target:
            items = {k.value: v.value for k, v in node.value if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)}
            return path, items
        if isinstance(node, MappingNode):
            stack += [(v, path + (k.value if isinstance(k, ScalarNode) else None,)) for k, v in node.value]
        elif isinstance(node, SequenceNode):
            stack += [(v, path + (i,)) for i, v in enumerate(node.value)]
    return (), {}  # pragma: no cover - the target comes from this tree


def _line(ev: yaml.Event) -> int:
    """The 1-based line an event of the pure-Python parser starts on (its parser always marks it)."""
    return ev.start_mark.line + 1 if ev.start_mark is not None else 0


def _alias_problem(text: str) -> str:
    """Where the first alias is, found by the pure-Python parser's events (no expansion)."""
    anchors: dict[str, int] = {}
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, yaml.AliasEvent):
            where = f"at line {_line(ev)}"
            if ev.anchor in anchors:
                where += f" (a reuse of the value anchored at line {anchors[ev.anchor]})"
            return f"YAML alias {where}: aliases are not accepted in the ledger; write each value out"
        anchor = getattr(ev, "anchor", None)
        if anchor is not None:
            anchors.setdefault(anchor, _line(ev))
    return "YAML aliases are not accepted in the ledger; write each value out"  # pragma: no cover


def load_yaml(text: str, loader=None) -> Any:
    """One YAML document, safe types only, no duplicate keys, no aliases.

    Raises
    ------
    YamlRefused
        A duplicate key, a key that is not a string, an alias; ``path`` and ``key`` locate it.
    yaml.YAMLError
        Text that does not parse.

    Examples
    --------
    >>> load_yaml("a: 1\\nb: [x, y]")
    {'a': 1, 'b': ['x', 'y']}
    >>> load_yaml("e:\\n  - id: x\\n    n: '1'\\n    n: '2'\\n")
    Traceback (most recent call last):
    ...
    analysis.ledger.reading.YamlRefused: duplicate key at line 4 (first at line 3); YAML would keep only the last
    """
    ld = (loader or DEFAULT_LOADER)(text)
    try:
        root = ld.get_single_node()
        if root is None:
            return None
        try:
            return ld.construct_document(root)
        except _Alias:
            raise YamlRefused(_alias_problem(text)) from None
        except YamlRefused as exc:
            path, items = _locate(root, exc.key.node)
            key, value = exc.value if isinstance(exc.value, tuple) else (exc.value, None)
            raise YamlRefused(exc.problem, path=path, key=key, value=value, mapping=items) from None
    except RecursionError:  # the pure-Python composer and the walk above recurse per level
        raise YamlRefused("nested too deeply (more levels than Python's recursion limit)") from None
    finally:
        ld.dispose()
