"""The package's layout stays true: data flows one way, no import circles.

Parts, lowest first: ``errors``/``config`` < ``parse`` < ``tables`` < ``analysis`` <
``publish`` < the CLI and ``lab`` (JupyterLab's save hook). A module may import its own
part or a lower one, never a higher one; imports inside functions count too. The parser
uses the standard library only.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "akidx"
RANK = {"errors": 0, "config": 0, "parse": 1, "tables": 2, "analysis": 3, "publish": 4,
        "cli": 5, "__main__": 5, "lab": 5, "": 5}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """Every akidx module ``path`` imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "akidx"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "akidx":
            for alias in node.names:  # `from akidx.parse import notes` imports the submodule
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _is_module(sub) else node.module)
    return found


def third_party_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("akidx",)}


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def rank(module: str) -> int:
    return RANK[part(module)]


def upward(graph: dict[str, set[str]]) -> list[str]:
    return [f"{m} imports {t}" for m, targets in graph.items() for t in sorted(targets)
            if t != "akidx" and rank(t) > rank(m)]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle found by a depth-first search (one path per back edge)."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in graph and nxt != node:
                if state.get(nxt) == "open":
                    found.append(stack[stack.index(nxt):] + [nxt])
                elif nxt not in state:
                    visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_every_module_belongs_to_a_part():
    assert {part(m) for m in MODULES} <= set(RANK), sorted({part(m) for m in MODULES})
    assert {"parse", "tables", "analysis", "publish"} <= {part(m) for m in MODULES}


def test_no_module_imports_a_higher_part():
    assert upward(GRAPH) == []


def test_no_import_circle():
    assert cycles(GRAPH) == []


def test_the_parser_is_standard_library_only():
    used = {m: third_party_of(p) for m, p in MODULES.items() if part(m) == "parse"}
    assert {m: u for m, u in used.items() if u} == {}


def test_only_the_package_root_is_imported_from_outside_parts():
    # `import akidx` from inside the package would pull the whole public API back in.
    assert [m for m, targets in GRAPH.items() if "akidx" in targets and m != "akidx"] == []


# The checks themselves must be able to fail: fed a graph with an upward import and a
# circle, they report them.
@pytest.mark.parametrize("graph, expect_up, expect_cycle", [
    ({"akidx.parse.lines": {"akidx.publish.plan"}, "akidx.publish.plan": set()}, 1, 0),
    ({"akidx.tables.a": {"akidx.tables.b"}, "akidx.tables.b": {"akidx.tables.a"}}, 0, 1),
    ({"akidx.publish.a": {"akidx.parse.b"}, "akidx.parse.b": set()}, 0, 0),
])
def test_checks_catch_what_they_should(graph, expect_up, expect_cycle):
    assert len(upward(graph)) == expect_up
    assert len(cycles(graph)) == expect_cycle
