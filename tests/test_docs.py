"""The examples in README.md and docs/*.md run, so they stay true.

Every fenced ``python``, ``sh`` and ``console`` block is run in a sandbox: a copy of
the repository's tracked files, with the files the examples name made there (another
edition, a metrics file, a PDF, a user's folder...). ``>>>`` blocks are doctests (their
shown output must match); other Python blocks must run without error; every shell
line must exit 0; each ``$`` line of a console block must print its shown message
(``…`` stands for any text) and fail when the message is an error. A command that
cannot run here is listed in :data:`NOT_RUN`, with the reason: a new kind of example
has to be added there on purpose.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(python|sh|console|yaml)\n(.*?)^```", re.S | re.M)
NOT_RUN = {  # a command's first words -> why the docs test does not run it
    "make": "the set-up itself: CI runs `make test` from a clean clone",
    "pip install": "installing: tests/test_wheel.py installs the wheel into a fresh venv",
    "rsync": "copies to a web server",
    "git": "changes the repository's configuration",
    "python -m pytest": "the test suite itself",
    "python benchmarks/": "benchmarks print timings (make bench), minutes each",
    "jupyter lab": "starts a server that runs until it is stopped (tests/test_notebook_filter.py)",
}
PLACEHOLDERS = {"<next-edition>": "next-edition", "/path/to/other-edition.txt": "other-edition.txt",
                "/path/to/akidx": "."}


def blocks() -> list[tuple[str, str, str]]:
    """``(id, language, text)`` of every example block in the docs."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            line = text[: m.start()].count("\n") + 1
            found.append((f"{doc.relative_to(ROOT)}:{line}", m.group(1), m.group(2)))
    return found


def commands(text: str) -> list[str]:
    """The shell lines of a block: continuations joined, comments and blanks left out."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def not_run(command: str) -> str:
    words = command.replace(".venv/bin/", "")
    return next((why for start, why in NOT_RUN.items() if words.startswith(start)), "")


def shell(command: str, python: str) -> str:
    """A documented command with this interpreter and the sandbox's placeholders filled."""
    for text, value in PLACEHOLDERS.items():
        command = command.replace(text, value)
    command = re.sub(r"(^|\s)\.venv/bin/papermill\b", rf"\1{python} -m papermill", command)
    command = re.sub(r"(^|\s)(\.venv/bin/)?python\b", rf"\1{python}", command)
    return re.sub(r"^akidx\b", f"{python} -m akidx", command)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A copy of the repository's tracked files, plus what the examples name."""
    box = tmp_path_factory.mktemp("docs") / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (box / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, box / name)
    report = box / "data" / "raw" / "akishima-dx-midterm-report-2024.txt"
    text = report.read_text(encoding="utf-8")
    for name in ("OLD.txt", "other-edition.txt", "my-copy.txt", "data/raw/new-edition.txt"):
        (box / name).write_text(text, encoding="utf-8")
    nxt = text.replace("12,236", "12,336", 1)  # the next edition revises one figure
    for name in ("NEW.txt", "data/raw/next-edition.txt"):
        (box / name).write_text(nxt, encoding="utf-8")
    (box / "report.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n")
    lines = text.splitlines(keepends=True)
    (box / "truncated.txt").write_text("".join(lines[:1081]), encoding="utf-8")
    (box / "report.txt").write_text(text, encoding="utf-8")
    home = box.parent / "home"
    for folder, files in (("my-tables", ["budget.csv", "notes.parquet"]),
                          ("Documents", ["notes.txt", "photos/a.jpg"])):
        for name in files:
            (home / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (home / folder / name).write_text("mine", encoding="utf-8")
    for _, lang, body in blocks():  # the metrics file the examples use
        if lang == "yaml" and body.startswith("# metrics.yaml"):
            (box / "metrics.yaml").write_text(body, encoding="utf-8")
    return box


def _env(box: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(box), "HOME": str(box.parent / "home"),
            "MPLBACKEND": "Agg", "COLUMNS": "200"}


def run_python(body: str, box: Path) -> None:
    """A doctest block (output compared) or a code block (must not raise), from ``box``."""
    here = os.getcwd()
    os.chdir(box)
    try:
        for text, value in PLACEHOLDERS.items():
            body = body.replace(text, value)
        globs = {"report_path": "data/raw/akishima-dx-midterm-report-2024.txt",
                 "out_dir": str(box / "outputs" / "manual" / "docs")}
        if ">>>" in body:
            test = doctest.DocTestParser().get_doctest(body, globs, "docs", None, 0)
            flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
            runner = doctest.DocTestRunner(optionflags=flags)
            runner.run(test, out=sys.stdout.write)
            assert runner.failures == 0, f"{runner.failures} example(s) differ (see above)"
        else:
            import matplotlib

            matplotlib.use("Agg")
            exec(compile(body, "<docs>", "exec"), globs)  # noqa: S102 (our own docs)
    finally:
        os.chdir(here)


def run_console(body: str, box: Path) -> None:
    """Each ``$ command`` prints its shown message; an error message means a failure."""
    steps = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n?)*)", body, re.M)
    assert steps, "a console block shows at least one command"
    for command, shown in steps:
        command = command.split("  #")[0]
        proc = subprocess.run(shell(command, sys.executable), shell=True, cwd=box,
                              env=_env(box), capture_output=True, text=True, timeout=600)
        printed = (proc.stderr + proc.stdout).strip()
        want = re.sub(r"/repo(?![\w.-])", str(box), shown.strip()).replace(
            "/home/me", str(box.parent / "home"))
        pattern = re.escape(want).replace("…", ".*").replace(r"\.\.\.", ".*")
        assert re.search(pattern, printed), f"$ {command}\nshown: {want}\nprinted: {printed}"
        if "error" in want:
            assert proc.returncode != 0, command


CASES = [pytest.param(lang, body, id=ident,
                      marks=[pytest.mark.slow] if lang != "python" else [])
         for ident, lang, body in blocks() if lang != "yaml"]


@pytest.mark.parametrize("lang,body", CASES)
def test_example_runs(lang, body, sandbox):
    if lang == "python":
        run_python(body, sandbox)
    elif lang == "console":
        run_console(body, sandbox)
    else:
        ran = 0
        for command in commands(body):
            if not_run(command):
                continue
            proc = subprocess.run(shell(command, sys.executable), shell=True, cwd=sandbox,
                                  env=_env(sandbox), capture_output=True, text=True,
                                  timeout=900)
            assert proc.returncode == 0, f"{command}\n{proc.stderr[-2000:]}"
            ran += 1
        assert ran or all(not_run(c) for c in commands(body))


def test_every_command_that_is_not_run_says_why():
    skipped = {not_run(c) for _, lang, body in blocks() if lang == "sh" for c in commands(body)}
    assert skipped - {""} <= set(NOT_RUN.values())


@pytest.mark.parametrize("command,expected", [
    (".venv/bin/python -m akidx parse", "PY -m akidx parse"),
    ("akidx parse --out x", "PY -m akidx parse --out x"),
    (".venv/bin/papermill a.ipynb b.ipynb -k akidx", "PY -m papermill a.ipynb b.ipynb -k akidx"),
    ("python -m akidx build --out data/raw/<next-edition>.txt", "PY -m akidx build --out "
     "data/raw/next-edition.txt"),
])
def test_commands_are_rewritten_for_the_sandbox(command, expected):
    assert shell(command, "PY") == expected
    assert shlex.split(shell(command, "PY"))[0] == "PY"


def test_console_blocks_compare_what_is_printed(tmp_path):
    with pytest.raises(AssertionError, match="shown"):
        run_console("$ python -c \"print('hello')\"\ngoodbye\n", tmp_path)
    run_console("$ python -c \"print('hello there')\"\nhello …\n", tmp_path)

