"""environment.yml stays in step with pyproject.toml; README commands and CI agree."""
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_environment_yml_installs_the_project_extras():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    # pyproject.toml is the single list of dependencies; environment.yml installs it with its extras
    assert pip == ["-c constraints.txt", "-e .[lab,dev,dask]"]
    assert set(project["optional-dependencies"]) == {"lab", "dev", "dask"}
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    major_minor = tuple(int(x) for x in py.split("=")[1].split(".")[:2])
    required = tuple(int(x) for x in project["requires-python"].lstrip(">=").split(".")[:2])
    assert major_minor >= required
    # jupyterlab only in the lab extra (it slows every nbformat import by 2 s: PIPELINE-FACTS.md)
    assert not any(d.startswith("jupyterlab") for d in project["dependencies"])


def test_make_test_installs_the_dask_extra():
    # the Dask test of analysis.scan runs in CI only when `make test` installs the extra
    make = (ROOT / "Makefile").read_text()
    install = next(line for line in make.splitlines() if "pip install" in line and "$(STAMP)" not in line
                   and ".[dev" in line)
    assert "dask" in install.split(".[")[1]


def test_every_install_takes_the_pinned_versions():
    # the committed reports print the versions they were built with: a fresh machine must install the same ones
    make = (ROOT / "Makefile").read_text()
    installs = [line for line in make.splitlines() if "pip install" in line]
    assert installs and all("-c constraints.txt" in line for line in installs)
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split() if "==" in line)
    assert {"numpy", "scipy", "statsmodels", "pandas", "matplotlib", "papermill", "nbconvert"} <= set(pins)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make report" in readme
    assert "\nmake test\n" in ci


def test_ci_runs_the_lint_with_tools_the_dev_extra_installs():
    # ruff and mypy come from the dev extra (`make test` installs it), and CI runs `make lint`
    ci = (ROOT / ".ci" / "run").read_text()
    make = (ROOT / "Makefile").read_text()
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert "\nmake lint\n" in ci
    lint = make.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check analysis" in lint and "mypy" in lint
    assert {d.split(">")[0].split("=")[0] for d in dev} >= {"ruff", "mypy"}


def test_a_wheel_carries_the_report_template():
    # the HTML report's nbconvert template is data, not a module: package-data must name it, or a
    # non-editable install builds reports with nbconvert's page (and its scripts) or fails
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    report = ROOT / "analysis" / "report"
    carried = {p for pattern in data["analysis.report"] for p in report.glob(pattern)}
    on_disk = {p for p in (report / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk and on_disk <= carried
