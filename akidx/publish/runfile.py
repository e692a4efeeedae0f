"""One params file, read and checked against its notebook's ``parameters`` cell.

Standard library and PyYAML only (deciding what to run stays cheap). Every problem
is one :class:`ParamsFileError` whose message says what is wrong and what to do; the
caller names the file. Checked before any kernel starts: bad YAML, an empty file,
a list instead of a mapping, keys YAML reads as booleans or numbers (``on:``,
``yes:``, ``1:``), a missing ``notebook:``, a notebook that does not exist, a
parameter the notebook does not declare (``metrc:``), a value whose type does
not fit the notebook's default, and an ``each:`` that names no id the build can
expand (see :data:`EACH`).

``each: measure_id`` makes one params file many runs: one per value of that id in
the report being built (:func:`akidx.publish.plan.discover` expands it).
"""

from __future__ import annotations

import ast
import difflib
import json
from datetime import date
from pathlib import Path
from typing import Any

from akidx.errors import AkidxError, InputError
from akidx.tables import yamlfile
from akidx.tables.files import read_regular
from akidx.tables.yamlfile import YAMLFileError, shorten

PARAMS_LIMIT = 64 * 2**10  # a params file is a few lines; every build reads them all
NOTEBOOK_LIMIT = 64 * 2**20
ALWAYS = ("report_path", "out_dir")  # set by the build for every run, declared or not
ANY = object()  # a default that is not a literal (``str(DEFAULT_REPORT)``): any value fits
# What ``each:`` may name: an id parameter -> the parsed table whose rows it numbers.
EACH = {"measure_id": "measures", "added_id": "added_measures", "pillar_id": "pillars"}


class ParamsFileError(AkidxError, ValueError):
    """A params file cannot be run as it is."""


def load(path: Path, notebooks_dir: Path
         ) -> tuple[Path, dict[str, Any], dict[str, Any], str]:
    """``(notebook path, parameters, notebook JSON, each)`` of one params file, checked;
    ``each`` is the id parameter it expands over, or ''."""
    try:
        data = yaml_mapping(read_regular(path, PARAMS_LIMIT))
    except InputError as err:  # not a regular file, too large: worded, less the file name
        raise ParamsFileError(str(err).removeprefix(f"{path}: ")) from err
    except OSError as err:
        raise ParamsFileError(f"cannot read ({err.strerror or err})") from err
    notebook = data.pop("notebook", None)
    if not isinstance(notebook, str) or not notebook.strip():
        raise ParamsFileError("needs a 'notebook: <file in notebooks/>' entry")
    nb_path = notebook_in(notebooks_dir, notebook)
    if not nb_path.is_file():
        known = ", ".join(sorted(p.name for p in notebooks_dir.glob("*.ipynb"))) or "none"
        raise ParamsFileError(f"notebook {notebook!r} not found in {notebooks_dir} "
                              f"(known: {known})")
    try:
        nb = json.loads(read_regular(nb_path, NOTEBOOK_LIMIT))
        if not isinstance(nb, dict):
            raise ValueError("not a notebook")
    except (OSError, ValueError) as err:
        raise ParamsFileError(f"notebook {notebook!r} cannot be read as a notebook "
                              f"({str(err).splitlines()[0] if str(err) else err})") from err
    each = data.pop("each", None)
    defaults = declared(nb)
    check(data, defaults, notebook)
    return nb_path, data, nb, check_each(each, data, defaults, notebook)


def check_each(each: Any, params: dict[str, Any], defaults: dict[str, Any],
               notebook: str) -> str:
    """The ``each:`` id, '' when absent: one of :data:`EACH`, declared by the notebook
    and not also given a value of its own."""
    if each is None:
        return ""
    known = ", ".join(EACH)
    if not isinstance(each, str) or each not in EACH:
        raise ParamsFileError(f"each: {each!r} is not an id the build can expand "
                              f"(known: {known})")
    if each not in defaults:
        raise ParamsFileError(f"each: {each!r} is not a parameter declared in {notebook}'s "
                              "parameters cell")
    if each in params:
        raise ParamsFileError(f"{each!r} is given a value and is also the 'each:' id; "
                              f"remove '{each}: {params[each]}' (each run gets its own)")
    return each


def notebook_in(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it stays inside ``folder`` (links resolved): a
    params file runs a notebook of the project, never one from elsewhere."""
    path = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts \
            or not path.resolve().is_relative_to(folder.resolve()):
        raise ParamsFileError(f"notebook {shorten(name, 200)} is not a file in {folder}; a params "
                              f"file names a notebook there, e.g. 'ratings.ipynb'")
    return path


def yaml_mapping(raw: bytes) -> dict[str, Any]:
    """The params file's mapping, its keys all names (no aliases, no key twice)."""
    try:
        data = yamlfile.load(raw)
    except YAMLFileError as err:
        raise ParamsFileError(str(err)) from err
    if data is None:
        raise ParamsFileError("is empty; it needs at least 'notebook: <file in notebooks/>'")
    if not isinstance(data, dict):
        raise ParamsFileError(f"must be a mapping of 'name: value' lines, not {_kind(data)}")
    for key in data:
        if not isinstance(key, str):
            raise ParamsFileError(
                f"key {shorten(key)} is read by YAML as {_kind(key)}, not a name (on/off/yes/no "
                "are booleans, digits numbers); quote it, e.g. 'on': ...")
    return data


def declared(nb: dict[str, Any]) -> dict[str, Any]:
    """The names assigned in the notebook's ``parameters`` cell, with literal defaults."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return {}
            names: dict[str, Any] = {}
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, ast.AnnAssign) and node.value else [])
                for target in targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = _literal(node.value)  # type: ignore[union-attr]
            return names
    return {}


def check(params: dict[str, Any], defaults: dict[str, Any], notebook: str) -> None:
    """Every parameter declared by the notebook, each value of its default's type."""
    for name, value in params.items():
        if name in ALWAYS:
            continue
        if name not in defaults:
            close = difflib.get_close_matches(name, list(defaults), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            shown = ", ".join(sorted(n for n in defaults if n not in ALWAYS)) or "none"
            raise ParamsFileError(f"parameter {shorten(name)} is not declared in {notebook}'s "
                                  f"parameters cell; {hint}(declared: {shown})")
        default = defaults[name]
        if not _fits(value, default):
            raise ParamsFileError(f"parameter {shorten(name)}: expected {_kind(default)} like "
                                  f"the notebook's default {shorten(default)}, got "
                                  f"{_kind(value)} {shorten(value)}")


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ANY


def _fits(value: Any, default: Any) -> bool:
    if default is ANY or default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, int | float):
        return number
    if isinstance(default, str):  # "all" or a number: `pillar: 2` is fine
        return isinstance(value, str) or number
    if isinstance(default, list | tuple):
        return isinstance(value, list)
    if isinstance(default, dict):
        return isinstance(value, dict)
    return True


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, date):
        return "a date (quote it to pass text)"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
