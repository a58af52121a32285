"""Adding a study the way the README says must not break the suite (issue 9 item 12).

The README's "How to add a study" names the test file pattern; it must be the one the repository
uses. Then a copy of tests/ and data/ gets one more source and study (the invented demo2026 of
tests/ledgers/minimal) plus its test file, and the tests that enumerate studies and sources run
against the copy: no hard-coded list of study ids or count of sources may break them.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, sources_dir

MINIMAL = ROOT / "tests" / "ledgers" / "minimal"
SEEDS = sources_dir()


def readme_test_pattern() -> str:
    """The test file pattern the README's "How to add a study" names, e.g. ``tests/test_<id>.py``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How to add a study", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"`(tests/[^`]*<id>[^`]*\.py)`", section)
    assert len(found) == 1, f"the README's 'How to add a study' should name one test file pattern: {found}"
    return found[0]


def _text_only_studies() -> set[str]:
    """The studies of tests/studies/test_text_only_studies.py's table (the README's exception to its pattern)."""
    path = ROOT / "tests" / "studies" / "test_text_only_studies.py"
    spec = importlib.util.spec_from_file_location("_text_only_studies", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module       # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return set(module.STUDIES)


def test_readme_names_the_pattern_the_repository_uses():
    pattern = readme_test_pattern()
    text_only = _text_only_studies()
    assert "test_text_only_studies.py" in (ROOT / "README.md").read_text(encoding="utf-8")
    for study in sorted((ROOT / "data" / "studies").glob("*.yaml")):
        path = ROOT / pattern.replace("<id>", study.stem)
        assert path.is_file() or study.stem in text_only, \
            f"README pattern {pattern}: no {path.relative_to(ROOT)} for {study.name}"


@pytest.mark.slow   # a nested pytest run over a copy of the ledger
@pytest.mark.skipif(SEEDS is None, reason="source texts not found: set $REANALYSIS_SOURCES")
def test_adding_a_study_keeps_the_suite_green(tmp_path):
    repo, seeds = tmp_path / "repo", tmp_path / "shared" / "seeds"
    shutil.copytree(ROOT / "tests", repo / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copytree(SEEDS, seeds)
    # README step 1: the source text, and its entry in sources.yaml with the file's sha256
    shutil.copy(MINIMAL / "texts" / "demo.txt", seeds / "demo.txt")
    demo = yaml.safe_load((MINIMAL / "sources.yaml").read_text(encoding="utf-8"))["sources"][0]
    item = yaml.safe_dump(demo, sort_keys=False, allow_unicode=True).rstrip().replace("\n", "\n    ")
    with open(repo / "data" / "sources.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"\n  - {item}\n")
    # README step 2: the study file
    shutil.copy(MINIMAL / "studies" / "demo2026.yaml", repo / "data" / "studies" / "demo2026.yaml")
    # README step 4: its test file where the README says
    test_file = repo / readme_test_pattern().replace("<id>", "demo2026")
    test_file.parent.mkdir(parents=True, exist_ok=True)
    test_file.write_text(
        '"""demo2026 (invented; tests/ledgers/minimal): 26.7% of 28 is impossible (7/28 = 25.00%, '
        '8/28 = 28.57%)."""\n'
        "from analysis import audit\n\n\n"
        "def test_response_drug_percent_of_28():\n"
        '    df = audit("demo2026")\n'
        '    row = df[(df.check == "percent_denominator") & (df.entry_ids == "response_drug")].iloc[0]\n'
        '    assert row.verdict == "inconsistent"\n', encoding="utf-8")
    enumerating = sorted({p for name in ("test_cli.py", "test_sources.py", "test_text_only_studies.py")
                          for p in (repo / "tests").rglob(name)})
    assert len(enumerating) == 3, enumerating
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}  # not the caller's -q
    env.update(REANALYSIS_DATA=str(repo / "data"), REANALYSIS_SOURCES=str(seeds))
    # the new study's test and the tests that enumerate studies or sources (the other study tests name
    # their study: they read the copy's ledger as they read the repository's, and ran here for 20 s)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(test_file), *map(str, enumerating)],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
