"""Every YAML file akidx reads (params files, ``--metrics`` rules), read one safe way.

``yaml.safe_load`` builds plain values only, but a few hundred bytes of aliases
(``&b [*a, *a, ...]``, nine levels) still stand for billions of values, which anything
that walks or prints them expands (a hang, gigabytes, a message of megabytes); and a
key given twice silently keeps its last value. Here an alias is refused (an anchor
alone is harmless), so is nesting deeper than :data:`MAX_DEPTH` and a key given twice
in one mapping: each one :class:`YAMLFileError` naming the line, which the caller
prefixes with the file. Standard library and PyYAML only (the build's planning reads
every params file).
"""

from __future__ import annotations

import reprlib
from typing import Any

import yaml

from akidx.errors import AkidxError

MAX_DEPTH = 32  # lists and mappings inside each other; akidx's files need three
SHOWN = 60  # characters of a value a message shows at most


_REPR = reprlib.Repr()  # bounded work and length, whatever the value (3.11: no keywords)
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 3, 4, 4
_REPR.maxstring = _REPR.maxother = SHOWN


class YAMLFileError(AkidxError, ValueError):
    """A YAML file akidx cannot read as it is (the message has no file name)."""


def load(raw: bytes | str) -> Any:
    """The one value of a YAML document (None if empty), without aliases or repeated keys."""
    try:
        loader = _Loader(raw)  # decodes and checks the characters already
    except yaml.YAMLError as err:
        raise _invalid(err) from err
    try:
        return loader.get_single_data()
    except yaml.YAMLError as err:
        raise _invalid(err) from err
    finally:
        loader.dispose()


def _invalid(err: yaml.YAMLError) -> YAMLFileError:
    mark = getattr(err, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return YAMLFileError(f"not valid YAML{where}: {cut(problem)}")


def shorten(value: Any, limit: int = SHOWN) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters (values are untrusted):
    built by :mod:`reprlib`, so a huge value costs no more than a small one."""
    text = repr(value[: limit + 1]) if isinstance(value, str) else _REPR.repr(value)
    return cut(text, limit)


def cut(text: str, limit: int = SHOWN) -> str:
    """``text`` on one line, at most ``limit`` characters (… marks a cut)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, deep nesting and a key given twice."""

    def __init__(self, stream: bytes | str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YAMLFileError(
                f"line {event.start_mark.line + 1}: alias *{cut(event.anchor, 20)}: "
                "akidx reads YAML without aliases (*name); write the value out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YAMLFileError(f"line {mark.line + 1}: nested more than {MAX_DEPTH} "
                                    "levels deep; akidx's YAML files are a few flat lines")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            _no_repeated_keys(self, node)
        return super().construct_mapping(node, deep=deep)


def _no_repeated_keys(loader: _Loader, node: yaml.MappingNode) -> None:
    """Raise at the second occurrence of a key in the mapping ``node`` (merge keys aside)."""
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            first = seen.get(key)
        except TypeError:  # unhashable: SafeLoader says so in its own words
            continue
        if first is not None:
            raise YAMLFileError(f"line {line}: key {shorten(key)} is given twice (first at "
                                f"line {first}); keep one")
        seen[key] = line
