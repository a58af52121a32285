"""The ledger and its re-derived effects as flat tables for other tools: metafor's ``escalc`` and CSV.

May import analysis.ledger, analysis.stats and analysis.rederivation; never the audit, the report
or the CLI.

``to_escalc(...)`` writes one row per re-derived effect with metafor's own column names and measure
codes, so that ``rma(yi, vi, data = read.csv("effects.csv"), subset = measure == "SMD")`` runs in R
unchanged; ``ledger_numbers(...)`` gives one row per printed number of the ledger.
"""

from __future__ import annotations

import math

from .ledger import Entry, LedgerError, Study, load_ledger
from .rederivation import R_GRID, compared_proportions, entry_label as _label

__all__ = ["to_escalc", "ledger_numbers", "ESCALC_COLUMNS", "ESCALC_MEASURES", "NUMBER_COLUMNS"]

#: metafor's measure codes this export writes (``escalc(measure = ...)``)
ESCALC_MEASURES = ("SMD", "MD", "SMCR", "RR", "OR", "RD")
#: the columns of :func:`to_escalc`: ledger ids, metafor's ``measure``, ``yi``, ``vi``, then escalc's inputs
ESCALC_COLUMNS = [
    "study",
    "comparison",
    "entries",
    "label",
    "measure",
    "yi",
    "vi",
    "ai",
    "bi",
    "ci",
    "di",
    "n1i",
    "n2i",
    "m1i",
    "sd1i",
    "m2i",
    "sd2i",
    "ni",
    "ri",
    "note",
]
# numeric fields that are not printed numbers: a well-known scale's bounds (data/README.md: "not printed")
_NOT_PRINTED = ("scale_low", "scale_high")
#: the columns of :func:`ledger_numbers`
NUMBER_COLUMNS = ["study", "entry", "kind", "field", "printed", "measure", "arm", "time", "fragment", "source"]


def _blank(**cols) -> dict:
    return {**dict.fromkeys(ESCALC_COLUMNS, math.nan), "note": "", **cols}


def _proportion_rows(study: Study, cmp: Entry, a: Entry, b: Entry) -> list[dict]:
    compared = compared_proportions(study, cmp, a, b)
    if compared is None:
        return []
    res, note = compared
    k1, n1, k2, n2 = res.k1, res.n1, res.k2, res.n2
    # metafor's default add = 1/2 to every cell when one is 0 (to = "only0"), for RD too (metafor 3.8)
    add = res.zero_cell_correction
    p1, p2 = (k1 + add) / (n1 + 2 * add), (k2 + add) / (n2 + 2 * add)
    rd_vi = p1 * (1 - p1) / (n1 + 2 * add) + p2 * (1 - p2) / (n2 + 2 * add)
    base = dict(
        study=study.id,
        comparison=cmp.id,
        entries=",".join((a.id, b.id)),
        label=f"{_label(a)} vs {_label(b)}",
        ai=k1,
        bi=n1 - k1,
        ci=k2,
        di=n2 - k2,
        n1i=n1,
        n2i=n2,
        note=note
        + ("; " if note and add else "")
        + (f"{add} added to every cell (a zero cell), as escalc does" if add else ""),
    )
    return [
        _blank(**base, measure="RR", yi=res.log_risk_ratio, vi=res.log_risk_ratio_se**2),
        _blank(**base, measure="OR", yi=res.log_odds_ratio, vi=res.log_odds_ratio_se**2),
        _blank(**base, measure="RD", yi=p1 - p2, vi=rd_vi),
    ]


def _independent_rows(study: Study, cmp: Entry, a: Entry, b: Entry) -> list[dict]:
    from .stats.effects import smd

    m1, s1, m2, s2 = (e.reported(f).value for e in (a, b) for f in ("mean", "sd"))
    n1, n2 = a.integer("n"), b.integer("n")
    g = smd(m1, s1, n1, m2, s2, n2)
    base = dict(
        study=study.id,
        comparison=cmp.id,
        entries=",".join((a.id, b.id)),
        label=f"{_label(a)} vs {_label(b)}",
        m1i=m1,
        sd1i=s1,
        n1i=n1,
        m2i=m2,
        sd2i=s2,
        n2i=n2,
    )
    return [
        _blank(**base, measure="SMD", yi=g.hedges_g, vi=g.hedges_g_var),
        # escalc's MD default (vtype = "LS"): the two arms' variances are not pooled
        _blank(**base, measure="MD", yi=m1 - m2, vi=s1**2 / n1 + s2**2 / n2),
    ]


def _paired_rows(study: Study, cmp: Entry, pre: Entry, post: Entry) -> list[dict]:
    from .stats.effects import paired_smd

    n = min(pre.integer("n"), post.integer("n"))
    m_pre, s_pre, m_post, s_post = (e.reported(f).value for e in (pre, post) for f in ("mean", "sd"))
    res = paired_smd(m_pre, s_pre, m_post, s_post, n, list(R_GRID))
    # metafor's own convention (its dat.morris2008 example): m1i = post, m2i = pre, sd1i = the pre SD
    return [
        _blank(
            study=study.id,
            comparison=cmp.id,
            entries=",".join((pre.id, post.id)),
            label=f"{_label(post)} minus {_label(pre)}",
            measure="SMCR",
            yi=float(yi),
            vi=float(vi),
            m1i=m_post,
            m2i=m_pre,
            sd1i=s_pre,
            ni=n,
            ri=r,
            note=f"pre-post correlation not printed; ri = {r} assumed",
        )
        for r, yi, vi in zip(R_GRID, res.smcr, res.smcr_var)
    ]


def to_escalc(study=None, data_dir=None, sources_dir=None, ledger=None):
    """The re-derived effects of the ledger's comparisons, in metafor's ``escalc`` format.

    Parameters
    ----------
    study : str or list of str, optional
        Study ids; default every study.
    data_dir, sources_dir : path, optional
        Passed to :func:`analysis.ledger.loading.load_ledger`.
    ledger : Ledger, optional
        An already loaded ledger.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ESCALC_COLUMNS`, one row per effect and measure:

        - two independent proportions (``comparison`` with ``design: independent``): ``RR`` and
          ``OR`` (log scale, as ``escalc``), ``RD``, with the 2x2 cells ``ai, bi, ci, di`` and
          ``n1i, n2i``; arm sizes inferred from the total are said in ``note``;
        - two independent means: ``SMD`` (Hedges' g, exact J, ``vtype = "LS"``) and ``MD``, with
          ``m1i, sd1i, n1i, m2i, sd2i, n2i``;
        - a pre/post pair: ``SMCR`` with ``m1i`` = post, ``m2i`` = pre, ``sd1i`` = pre SD, ``ni``
          and the assumed ``ri`` (one row per value of :data:`analysis.rederivation.R_GRID`).

        The first entry of a comparison is group 1. ``study``, ``comparison`` and ``entries`` are
        the ledger ids; cells not used by a measure are NaN (empty in CSV, ``NA`` in R).

    Notes
    -----
    ``yi`` and ``vi`` are metafor's definitions (Viechtbauer 2010, doi:10.18637/jss.v036.i03;
    ``?escalc``): ``RR`` log(p1/p2), ``vi = 1/ai - 1/n1i + 1/ci - 1/n2i``; ``OR`` log odds ratio,
    ``vi = 1/ai + 1/bi + 1/ci + 1/di``; ``RD`` p1 - p2, ``vi = p1(1-p1)/n1i + p2(1-p2)/n2i``,
    all three with 1/2 added to every cell when one is 0; ``SMD`` Hedges & Olkin (1985) g with
    ``vi = 1/n1i + 1/n2i + yi^2 / (2(n1i + n2i))``; ``MD`` with ``vi = sd1i^2/n1i + sd2i^2/n2i``;
    ``SMCR`` Becker (1988), ``vi = 2(1 - ri)/ni + yi^2 / (2 ni)``.
    ``tests/reference/r/j_escalc.R`` recomputes every row with metafor.

    Examples
    --------
    >>> df = to_escalc("sakurai2025")
    >>> df[["measure", "ri"]].values.tolist()
    [['SMCR', 0.3], ['SMCR', 0.5], ['SMCR', 0.7]]
    """
    import pandas as pd

    led = ledger or load_ledger(data_dir, sources_dir)
    ids = [study] if isinstance(study, str) else list(study) if study else sorted(led.studies)
    rows: list[dict] = []
    for sid in ids:
        s = led.study(sid)
        for e in s.entries:
            if e.kind != "comparison" or len(e.get("entries")) != 2:  # k-group tests: not an escalc effect
                continue
            a, b = (s.entry(i) for i in e.get("entries"))
            try:
                if {a.kind, b.kind} <= {"proportion", "count"} and e.get("design") == "independent":
                    rows += _proportion_rows(s, e, a, b)
                elif a.kind == b.kind == "mean_sd" and e.get("design") == "paired":
                    rows += _paired_rows(s, e, a, b)
                elif a.kind == b.kind == "mean_sd":
                    rows += _independent_rows(s, e, a, b)
            except LedgerError:
                raise
            except (ValueError, ZeroDivisionError) as exc:  # an SD of 0, an arm of one: no effect escalc can take
                raise LedgerError(
                    s.path, e.id, "entries", ",".join(e.get("entries")), f"no effect for the escalc export: {exc}"
                ) from None
    df = pd.DataFrame(rows, columns=ESCALC_COLUMNS)
    return df.astype({c: "Int64" for c in ("ai", "bi", "ci", "di", "n1i", "n2i", "ni")})


def ledger_numbers(study=None, data_dir=None, sources_dir=None, ledger=None):
    """One row per printed number of the ledger, the number as the string printed.

    Parameters
    ----------
    study, data_dir, sources_dir, ledger
        As for :func:`to_escalc`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NUMBER_COLUMNS`: the study and entry ids, the entry's kind, the field that
        holds the number (``mean``, ``sd``, ``n``, ``percent``, ``p``...), the number as printed,
        the entry's measure, arm and time, its fragment and its source id. A scale's bounds
        (``scale_low``, ``scale_high``) are not printed numbers and are left out.

    Examples
    --------
    >>> df = ledger_numbers("sakurai2025")
    >>> df.loc[df.entry == "madrs_baseline", ["field", "printed"]].values.tolist()[:2]
    [['mean', '30.6'], ['sd', '6.1']]
    """
    import pandas as pd

    from .ledger.schema import NUMERIC

    led = ledger or load_ledger(data_dir, sources_dir)
    ids = [study] if isinstance(study, str) else list(study) if study else sorted(led.studies)
    rows = [
        {
            "study": s.id,
            "entry": e.id,
            "kind": e.kind,
            "field": k,
            "printed": str(v),
            "measure": e.get("measure", ""),
            "arm": e.get("arm", ""),
            "time": e.get("time", ""),
            "fragment": e.fragment,
            "source": s.source,
        }
        for s in map(led.study, ids)
        for e in s.entries
        for k, v in e.fields.items()
        if k in NUMERIC
        and k not in _NOT_PRINTED
        and v not in (None, "")
        and not (e.kind == "comparison" and k == "total")
    ]
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)
