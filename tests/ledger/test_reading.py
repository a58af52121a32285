"""analysis.ledger.reading: libyaml with the ledger's rules gives the very documents yaml.safe_load
gives (issue 13 item 4), and both parsers apply the same rules (duplicate keys, aliases, nesting)."""
from __future__ import annotations

import datetime

import pytest
import yaml

from analysis.ledger.reading import LIBYAML, CLoader, PyLoader, YamlRefused, load_yaml
from conftest import ROOT

LEDGER_FILES = sorted((ROOT / "data" / "studies").glob("*.yaml")) + [ROOT / "data" / "sources.yaml"]
LOADERS = pytest.mark.parametrize("loader", [CLoader, PyLoader], ids=["libyaml", "python"])


def test_libyaml_is_used():
    # the PyYAML wheel ships libyaml; without it the ledger falls back to the pure-Python parser
    assert LIBYAML and issubclass(CLoader, yaml.CSafeLoader)


@LOADERS
@pytest.mark.parametrize("path", LEDGER_FILES, ids=lambda p: p.name)
def test_same_documents_as_safe_load(loader, path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text, loader) == yaml.safe_load(text)


@LOADERS
def test_scalar_types_as_safe_load(loader):
    # every implicit type of YAML 1.1 that PyYAML's safe loader resolves, plain and quoted
    text = ('a: [1, 1.5, true, null, ~, 2020-01-01, "1", yes, No, 0x1F, .inf, 1_000, 3:25:45, "", \'x\', '
            '-.nan, "P =.06", 2020-01-01 10:00:00]\nb: !!set {x, y}\nc: !!omap [x: 1]\nd: !!binary aGk=\n')
    doc = load_yaml(text, loader)
    assert doc == yaml.safe_load(text)
    assert doc["a"][:6] == [1, 1.5, True, None, None, datetime.date(2020, 1, 1)] and doc["a"][6] == "1"


@LOADERS
def test_duplicate_key_located(loader):
    with pytest.raises(YamlRefused) as exc:
        load_yaml("study: {id: x}\nentries:\n  - id: a\n    n: '1'\n  - id: b\n    n: '2'\n    n: '3'\n", loader)
    assert exc.value.path == ("entries", 1) and exc.value.key == "n" and exc.value.value == "3"
    assert exc.value.mapping["id"] == "b"
    assert exc.value.problem == "duplicate key at line 7 (first at line 6); YAML would keep only the last"


@LOADERS
@pytest.mark.parametrize("text, line", [("a: &x [1]\nb: *x\n", 2), ("a: &x [*x]\n", 1),
                                         ("- &k key\n- {*k : 1}\n", 2)])
def test_aliases_refused(loader, text, line):
    with pytest.raises(YamlRefused, match=rf"^YAML alias at line {line} \(a reuse of the value anchored"):
        load_yaml(text, loader)


@LOADERS
def test_deep_nesting_is_one_clear_error(loader):
    # libyaml stops at 1,000 levels; the pure-Python composer recurses: either way no crash
    with pytest.raises((YamlRefused, yaml.YAMLError)):
        load_yaml("[" * 5000 + "]" * 5000, loader)
