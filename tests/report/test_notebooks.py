"""The report notebooks as committed: no outputs, no function definitions, a typed parameters cell.

CONVENTIONS.md (Notebooks): the ``parameters`` cell holds typed, commented, independent
literals only; notebooks call ``analysis`` and define no functions; committed notebooks
carry no outputs (the executed copies live under ``reports/``).
"""
from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDY_OUTLINE = ("summary", "ledger", "re-derived", "consistency audit", "sensitivity", "figures", "provenance")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_both_notebooks_exist():
    assert {p.name for p in NOTEBOOKS} >= {"study.ipynb", "overview.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_valid_and_kernel_python3(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_outputs(path):
    """The equivalent of `nbstripout --verify` (with papermill's metadata as extra keys)."""
    nb = _read(path)
    for i, cell in enumerate(_code(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {i} has outputs"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbstripout_verify(path):
    nbstripout = pytest.importorskip("nbstripout")
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", str(path)], capture_output=True)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_function_definitions(path):
    nb = _read(path)
    for i, cell in enumerate(_code(nb)):
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)), (
                f"{path.name}: code cell {i} defines {type(node).__name__} (line {node.lineno}); "
                "put the logic in the analysis package")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_tagged_typed_literals(path):
    nb = _read(path)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: exactly one cell must be tagged 'parameters'"
    cell = tagged[0]
    assert cell.cell_type == "code"
    assert nb.cells.index(cell) == 0, "the parameters cell comes first"
    tree = ast.parse(cell.source)
    assert tree.body, "the parameters cell is empty"
    lines = cell.source.splitlines()
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name), (
            f"{path.name}: parameters must be annotated assignments (`name: type = literal  # comment`)")
        assert isinstance(node.value, ast.Constant), f"{path.name}: {node.target.id} must be a literal"
        assert isinstance(node.annotation, ast.Name) and node.annotation.id in ("str", "int", "float", "bool")
        assert type(node.value.value).__name__ == node.annotation.id, f"{node.target.id}: literal type != annotation"
        assert re.search(r"#\s*\S", lines[node.lineno - 1]), f"{path.name}: {node.target.id} needs a comment"


def test_study_parameters():
    nb = _read(ROOT / "notebooks" / "study.ipynb")
    src = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'study_id: str = "sakurai2025"  # ledger id' in src
    assert re.search(r'^data_dir: str = ""\s+#', src, re.M)


def test_study_outline():
    """Same outline in every study notebook: summary, ledger, re-derivations, audit, sensitivity, figures, provenance."""
    nb = _read(ROOT / "notebooks" / "study.ipynb")
    heads = [line.lower() for c in nb.cells if c.cell_type == "markdown"
             for line in c.source.splitlines() if line.startswith("## ")]
    pos = []
    for part in STUDY_OUTLINE:
        hits = [i for i, h in enumerate(heads) if part in h]
        assert hits, f"study.ipynb has no section heading containing {part!r}"
        pos.append(hits[0])
    assert pos == sorted(pos), f"sections out of order: {heads}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lean_imports(path):
    """Report kernels stay fast: no statsmodels.api, no pyplot (figures come from analysis.plots)."""
    nb = _read(path)
    src = "\n".join(c.source for c in _code(nb))
    assert "statsmodels.api" not in src
    assert "matplotlib.pyplot" not in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_reads_parameters(path):
    """papermill must parse every parameter (a comment it cannot parse hides it from --help-notebook)."""
    from papermill.translators import PythonTranslator

    nb = _read(path)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    names = [p.name for p in PythonTranslator.inspect(cell)]
    assert names == [n.target.id for n in ast.parse(cell.source).body]


def test_study_report_sections_of_issue_18():
    """The study notebook shows the citations and the repeated numbers (issue 18 items 4 and 6) through
    content.citations_section and content.repeats_section, with headings only when there is something."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[2] / "notebooks" / "study.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "content.citations_section(study, findings)" in code and "content.repeats_section(" in code
