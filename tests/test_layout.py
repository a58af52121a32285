"""The layout of issue 10: the folder tree reads as the pipeline, and the code keeps to it.

Imports run one way, from a stage to the stages below it (docs/architecture.md): ``reported`` and
``results`` -> ``ledger`` and ``stats`` -> ``checks`` -> ``rederivation`` -> ``auditing`` -> ``report``
-> ``cli``. Every import statement (module level and inside functions) is read with :mod:`ast`.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "analysis"
#: stage -> rank; a module may import its own stage and stages of lower rank only.
RANK = {"results": 0, "locking": 0, "reported": 1, "ledger": 2, "stats": 2, "extraction": 2, "checks": 3, "rederivation": 4,
        "auditing": 5, "exporting": 5, "scanning": 6, "adding": 6, "report": 6, "cli": 7}
#: a module's size in statements (every ``ast.stmt`` node, nested ones included), not in physical lines,
#: which the formatter (`make format`) changes without changing what the module holds
MAX_STATEMENTS = 460
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "analysis" else None


@functools.cache  # each module is read by four tests: parsed once
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _trees_dropped():
    """The parsed modules (about 250,000 objects) go when this file's tests end: kept for the rest of the
    worker's session, they made each later full garbage collection slow (statsmodels' Holm calls gc.collect():
    test_multiplicity.py took 4.5 s CPU after this file instead of 0.5 s)."""
    yield
    _tree.cache_clear()


@functools.cache
def _imports(path: Path) -> tuple[tuple[int, str], ...]:
    """(line, absolute module) for every import in the file, relative ones resolved."""
    own = _name(path).split(".")
    pkg = own if path.name == "__init__.py" else own[:-1]
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            if mod == "analysis" or (node.level and not node.module):  # from . import x: x is a module
                out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
    return tuple(out)


@pytest.mark.parametrize("path", [p for p in MODULES if _stage(_name(p))], ids=lambda p: _name(p))
def test_imports_run_down_the_pipeline(path):
    """Every module but analysis/__init__.py (which maps public names to modules, lazily)."""
    stage = _stage(_name(path))
    assert stage in RANK, f"new stage analysis.{stage}: add it to RANK in tests/test_layout.py"
    bad = []
    for line, mod in _imports(path):
        target = _stage(mod)
        if target is None or target == stage or (mod == "analysis" and path.name == "__init__.py"):
            continue
        if target not in RANK:
            bad.append(f"line {line}: {mod} (unranked stage; add it to RANK)")
        elif RANK[target] >= RANK[stage]:
            bad.append(f"line {line}: {mod}")
    assert not bad, f"{path.relative_to(ROOT)} imports a stage at or above its own: {bad}"


def test_the_lower_stages_never_import_the_report():
    """The rule stated as the issue states it, independent of RANK."""
    for path in MODULES:
        stage = _stage(_name(path))
        if stage in ("reported", "results", "ledger", "stats", "checks"):
            for line, mod in _imports(path):
                assert _stage(mod) not in ("report", "auditing", "rederivation", "cli"), (path, line, mod)
        if stage in ("ledger",):
            assert all(_stage(m) not in ("checks", "stats") for _, m in _imports(path)), path


def _statements(text: str | ast.Module) -> int:
    tree = ast.parse(text) if isinstance(text, str) else text
    return sum(isinstance(node, ast.stmt) for node in ast.walk(tree))


def test_statements_are_counted_whatever_the_layout():
    # two statements on one line count two; one call spread over four lines counts one; comments count none;
    # a function counts itself and each statement of its body
    assert _statements("a = 1; b = 2\n") == 2
    assert _statements("f(\n    1,\n    2,\n)\n# note\n") == 1
    assert _statements("def g():\n    x = 1\n    return x\n") == 3


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_module_size_and_opening_sentence(path):
    statements = _statements(_tree(path))
    assert statements <= MAX_STATEMENTS, f"{path.relative_to(ROOT)}: {statements} statements; split it (at most {MAX_STATEMENTS})"
    doc = ast.get_docstring(_tree(path)) or ""
    head = doc.split("\n\n")[0] + " " + (doc.split("\n\n") + [""])[1]
    assert doc and "import" in head.lower(), f"{path.relative_to(ROOT)}: open with what it holds and may import"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_no_module_is_named_like_a_function_it_defines(path):
    tree = _tree(path)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert path.stem not in defined, f"{path.relative_to(ROOT)} defines {path.stem}(): shadowed on import"


def test_pyproject_installs_every_subpackage():
    """A non-editable install must carry analysis/ledger, stats, checks, report (pyproject's find rule)."""
    import tomllib

    from setuptools import find_packages

    rule = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    found = set(find_packages(str(ROOT), include=rule["include"]))
    on_disk = {_name(p) for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert on_disk <= found and {"analysis.checks", "analysis.report", "analysis.ledger", "analysis.stats"} <= found


def test_the_repository_tracks_no_symbolic_link():
    """A fresh clone must build its own .venv: a committed link (eb8f467 added '.venv' pointing at another
    worktree's venv; '.venv/' in .gitignore matches a directory only) leaves `make venv` failing on a
    dangling link. Read from git's index (mode 120000), so a local untracked link does not count."""
    import shutil
    import subprocess

    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: no index to read")
    staged = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-s"], capture_output=True, text=True, check=True)
    links = [line.split("\t", 1)[1] for line in staged.stdout.splitlines() if line.startswith("120000 ")]
    assert not links, f"symbolic links tracked by git: {links}"
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8").split("\n")
    assert ".venv" in ignore, ".gitignore must name '.venv' without a slash: a link is no directory"
