"""One argument vocabulary end to end (issue 21, item 4; docs/architecture.md "One vocabulary"): arguments
are scipy's (``std``, ``nobs``, ``df`` for degrees of freedom, ``confidence_level`` a fraction), a frame
is ``data``, ``n`` is the trials of a count; data keep their printed names (columns ``sd``, ``n``).
"""
from __future__ import annotations

import inspect

import pandas as pd
import pytest

import analysis
from analysis import check_p_against_ci, grim_map, p_from_ci, p_from_ci_map, paired_t_bounds
from analysis.results import OTHER_SPELLINGS

COUNT_ARGS = {"k", "k1", "k2", "percent", "percents"}


def _public_functions():
    for name in sorted(analysis.__all__):
        obj = getattr(analysis, name, None)
        if callable(obj) and not inspect.isclass(obj):
            try:
                yield name, inspect.signature(obj).parameters
            except (TypeError, ValueError):   # not introspectable (none today)
                continue


@pytest.mark.parametrize("name, params", list(_public_functions()), ids=lambda x: x if isinstance(x, str) else "")
def test_public_arguments_speak_one_vocabulary(name, params):
    """No public function takes sd/sd1/sd_pre (it is std); n/n1/n2 only for the trials of a count (next
    to k or a percentage); a frame is data, never df (df is degrees of freedom)."""
    other = set(OTHER_SPELLINGS) - {"n", "n1", "n2"}
    assert not other & set(params), (name, other & set(params))
    if {"n", "n1", "n2"} & set(params):
        assert COUNT_ARGS & set(params), f"{name}: n of what? (nobs for observations, n next to k for a count)"
    if "data" in params:
        assert list(params)[0] == "data"


def test_paired_t_bounds_takes_std_and_nobs():
    # Sakurai 2025: MADRS 30.6 ± 6.1 at baseline, 20.3 ± 11.5 after the fourth infusion, n = 30
    by_name = paired_t_bounds(mean1="30.6", std1="6.1", mean2="20.3", std2="11.5", nobs=30, claimed_change=True)
    assert by_name.details["t_min"] == pytest.approx(paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30).details["t_min"])
    with pytest.raises(TypeError, match=r"^paired_t_bounds\(\) takes std1=, not sd1="):
        paired_t_bounds(mean1="30.6", sd1="6.1", mean2="20.3", std2="11.5", nobs=30)
    with pytest.raises(ValueError, match=r"^nobs \(1\) must be"):
        paired_t_bounds("30.6", "6.1", "20.3", "11.5", 1)


def test_df_is_degrees_of_freedom_in_the_map_as_in_the_scalar():
    """Altman & Bland's example (17, 95% CI 1.4 to 32.6) with t on 12 df: the map's df= is p_from_ci's."""
    frame = pd.DataFrame({"estimate": ["17"], "lower": ["1.4"], "upper": ["32.6"], "p": [".02"], "dof": [12]})
    want = p_from_ci("17", "1.4", "32.6", df=12)
    for df in (12, "dof"):
        out = p_from_ci_map(data=frame, p="p", df=df)
        assert out["p"].iloc[0] == pytest.approx(want.p, rel=1e-12)
    assert out["verdict"].iloc[0] == check_p_against_ci("17", "1.4", "32.6", ".02", df=12).verdict
    with pytest.raises(TypeError):
        p_from_ci_map(frame, df_t=12)   # the old name is gone, not silently ignored


def test_a_cells_error_names_its_column_and_the_argument():
    with pytest.raises(ValueError, match=r"^column 'N', row 0: nobs \(0\) must be an integer >= 1$"):
        grim_map(pd.DataFrame({"mean": ["5.19"], "N": [0]}), nobs="N")
