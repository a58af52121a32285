"""The draft study: ``extract(path)`` and ``extract_text(text)`` run every reader of forms and assembles a ledger study (``Draft``).

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
import warnings
from pathlib import Path
from typing import Any

import yaml

from ..reported import NumberRefused, read_numbers, unprinted
from ..results import InputError
from . import evidence, pairing
from .arms import _headings, _part, resolve_arms
from .descriptives import find_counts, find_means, find_percents, find_sizes
from .estimates import find_estimates
from .found import Found, resolve
from .normalisation import (
    decimal_commas,
    read_decimal_commas,
    some_decimal_commas,
    strip_invisible,
    thousands_spaces,
)
from .quantities import excluded_spans, find_quantities
from .readers import ExtractError, read_text
from .statistics import find_p, find_tests
from .tables import find_table_cells
from .tokens import MAX_CHARS, shadow

__all__ = ["Draft", "extract", "extract_text", "find_all", "study_yaml"]

_FINDERS = (
    find_table_cells,
    find_tests,
    find_estimates,
    find_means,
    find_percents,
    find_counts,
    find_sizes,
    find_p,
    find_quantities,
)
#: finds of these ranks and above are dropped where they touch an excluded span (dates, citations...)
_EXCLUDABLE_RANK = 30
_FRAGMENT_MAX = 90
_ORDER = (
    "id",
    "kind",
    "fragment",
    "test",
    "statistic",
    "df",
    "estimate",
    "lower",
    "upper",
    "mean",
    "sd",
    "percent",
    "k",
    "n",
    "n_source",
    "total",
    "parts",
    "p",
    "value",
    "low",
    "high",
    "unit",
    "confidence_level",
    "scale",
    "estimand",
    "measure",
    "arm",
    "time",
    "location",
    "review",
)
_RANK = {k: i for i, k in enumerate(_ORDER)}  # a field's place in _ORDER (fields not in it go last)


@dataclasses.dataclass(frozen=True)
class Draft:
    """A draft study read from one text, in the ledger's format.

    Attributes
    ----------
    study_id : str
        The study id (``[a-z0-9_]+``); also used as the source id.
    text : str
        The text as read; every entry's ``fragment`` is a substring of it. Store this text as the
        source text of the ledger (its SHA-256 goes in ``sources.yaml``).
    entries : list of dict
        Ledger entries (``data/README.md``): numbers as printed strings, a ``review`` field naming
        what could not be placed.
    study : dict
        The ``study`` mapping of the study file.
    file : str or None
        The path read, or None for a string of text.
    """

    study_id: str
    text: str
    entries: list[dict[str, Any]]
    study: dict[str, Any]
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"study": {...}, "entries": [...]}`` as a ``data/studies/<id>.yaml`` file holds it."""
        return {"study": dict(self.study), "entries": [dict(e) for e in self.entries]}

    def to_yaml(self) -> str:
        """The study file's YAML (strings quoted where they would read as numbers).

        A string holding a line break YAML folds (U+0085, U+2028, U+2029) is written double-quoted,
        with the break escaped: PyYAML's single-quoted style would read ``0\x850`` back as ``0 0``.

        >>> import yaml
        >>> d = Draft("x", "0\x850", [{"id": "a", "kind": "text_only", "fragment": "0\x850"}], {"id": "x"})
        >>> yaml.safe_load(d.to_yaml())["entries"][0]["fragment"] == "0\x850"
        True
        """
        return study_yaml(self.to_dict())

    def __len__(self) -> int:
        return len(self.entries)

    def _repr_html_(self) -> str:
        """The entries as a short escaped HTML table (id, kind, numbers as printed, fragment, review)."""
        from ..results import html_table

        def numbers(e):
            return "; ".join(
                f"{k}={e[k]}"
                for k in _ORDER[_ORDER.index("test") : _ORDER.index("scale")]
                if e.get(k) not in (None, "")
            )

        review = sum(1 for e in self.entries if e.get("review"))
        where = f" from {self.file}" if self.file else ""
        return html_table(
            ("id", "kind", "numbers", "fragment", "review"),
            ([e.get("id"), e.get("kind"), numbers(e), e.get("fragment"), e.get("review")] for e in self.entries),
            caption=f"Draft study {self.study_id}{where}: {len(self.entries)} entries, {review} to review",
            total=len(self.entries),
            more="draft.to_yaml() has them all",
        )


class _Dumper(yaml.SafeDumper):
    """``yaml.SafeDumper`` that double-quotes strings holding a line break YAML would fold."""


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def study_yaml(doc: dict[str, Any]) -> str:
    """A study file's YAML, as :meth:`Draft.to_yaml` writes it (for writers of a draft's own mapping)."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


def _study_id(source: Path | None, study_id: str | None) -> str:
    if study_id is not None:
        if not isinstance(study_id, str) or not re.fullmatch(r"[a-z0-9_]{1,80}", study_id):
            raise InputError(f"study_id ({study_id!r}) must be lowercase letters, digits and _")
        return study_id
    if source is not None:
        stem = re.sub(r"[^a-z0-9]{1,80}", "_", Path(source).stem.lower()).strip("_")
        return (stem if stem[:1].isalpha() else "s_" + stem)[:60] or "draft"
    return "draft"


def extract(path: str | os.PathLike, study_id: str | None = None) -> Draft:
    """Draft a ledger study from a paper's file.

    Parameters
    ----------
    path : str or path-like
        The file: ``.txt``, ``.md``, ``.html``/``.htm``, JATS or TEI ``.xml``, or ``.pdf``
        (:func:`analysis.extraction.read_text`). A one-line string of at most 1024 characters is
        always a file name, never text: for a string of text use :func:`extract_text`. (Deprecated:
        a string that cannot be a file name, holding a line break or longer than 1024 characters, is
        still read as text, as ``extract`` did before ``extract_text`` existed, with a
        ``DeprecationWarning``.)
    study_id : str, optional
        Id of the study (``[a-z0-9_]+``); default the file name's stem.

    Returns
    -------
    Draft

    Raises
    ------
    ExtractError
        For a file that cannot be read, an empty text, or text longer than the limit; the message names
        the file.
    TypeError
        If ``path`` is neither a string nor path-like.

    Notes
    -----
    A text in which nothing is found gives one ``text_only`` entry ``nothing_found`` (a study file
    needs an entry), so that every draft passes :func:`analysis.ledger.load_ledger`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d) / "trial.txt"
    ...     _ = f.write_text("The MADRS score fell from 30.6 ± 6.1 to 20.3 ± 11.5.")
    ...     [e["mean"] for e in extract(f).entries]
    ['30.6', '20.3']
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name or path-like, got {type(path).__name__}")
    if isinstance(path, str) and ("\n" in path or len(path) > 1024):
        warnings.warn(
            "extract(text) is deprecated: extract() takes a file; for a string of text use extract_text(text)",
            DeprecationWarning,
            stacklevel=2,
        )
        return extract_text(path, study_id)
    sid = _study_id(Path(path), study_id)
    return _draft(read_text(path), str(path), sid)


def extract_text(text: str, study_id: str | None = None) -> Draft:
    """Draft a ledger study from a string of text (its line ends read as a file's are).

    Parameters
    ----------
    text : str
        The text itself (``\\r\\n`` and ``\\r`` read as ``\\n``). For a file use :func:`extract`.
    study_id : str, optional
        Id of the study (``[a-z0-9_]+``); default ``"draft"``.

    Returns
    -------
    Draft

    Raises
    ------
    ExtractError
        For an empty text or text longer than the limit (the message names ``<text>``).
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> d = extract_text("The MADRS score fell from 30.6 ± 6.1 to 20.3 ± 11.5 (t(29) = 4.9, p < .001).")
    >>> [(e["kind"], e.get("mean") or e.get("statistic")) for e in d.entries]
    [('mean_sd', '30.6'), ('mean_sd', '20.3'), ('test_statistic', '4.9')]
    >>> all(e["fragment"] in d.text for e in d.entries)
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}; for a file use extract(path)")
    sid = _study_id(None, study_id)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CHARS:
        raise ExtractError("<text>", f"text too long to extract ({len(text)} characters; the limit is {MAX_CHARS})")
    return _draft(text, None, sid)


def _draft(text: str, file: str | None, sid: str) -> Draft:
    if not text.strip():
        raise ExtractError(file or "<text>", "is empty: there is no text to extract from")
    finds, arm_table = _read(text)
    entries, arms = _entries(text, finds)
    if not entries:  # a study file needs an entry: say that nothing was found, on the text's first words
        entries = [
            {
                "id": "nothing_found",
                "kind": "text_only",
                "fragment": text.strip()[:_FRAGMENT_MAX].strip(),
                "claim": "The extractor found no printed statistic in this text.",
                "review": "nothing extracted: read the text by hand",
            }
        ]
    study: dict[str, Any] = {
        "id": sid,
        "source": sid,
        "title": f"Draft extracted from {Path(file).name if file else 'a text'}",
        "design": "unknown",
        "cites": _cites(text),
        "arms": arms or ["all"],
    }
    if arm_table:
        study["arm_table"] = arm_table
    return Draft(study_id=sid, text=text, entries=entries, study=study, file=file)


def find_all(text: str) -> list[Found]:
    """Every statistic in the text, overlaps resolved (the higher-ranked find wins), in text order.

    The finders read the text normalised (:mod:`analysis.extraction.normalisation`): invisible format
    characters removed, look-alikes mapped, decimal commas read where the document prints them. Every
    find's span is then taken back to ``text``, so fragments are cut from it as printed.
    """
    return _read(text)[0]


def _read(text: str) -> tuple[list[Found], list[dict]]:
    """(finds, the arm table as the draft lists it): see :func:`find_all`."""
    clean, offsets = strip_invisible(text)
    sh = shadow(clean)
    points: list[int] = []
    if decimal_commas(sh):  # '12,5' is read (and recorded) as 12.5, as the document's own prints show
        clean, points = read_decimal_commas(clean)
        sh = shadow(clean)
    elif some_decimal_commas(sh):  # '0,706' among points (PMC3580671): 0.706, and '2,752' read as neither
        clean, points = read_decimal_commas(clean, leading_zero_only=True)
        sh = shadow(clean)
    clean, sh = thousands_spaces(clean, sh)  # '11 850' with a narrow space is one number, 11,850 (PMC4431324)
    excluded = excluded_spans(sh)
    finds: list[Found] = []
    for finder in _FINDERS:
        finds.extend(finder(clean, sh))
    blockers = [Found("excluded", a, b, {}, rank=_EXCLUDABLE_RANK - 1) for a, b in excluded]
    kept = _not_design(sh, _once(clean, [f for f in resolve(finds + blockers) if f.kind != "excluded"]))
    arms = resolve_arms(clean, sh, kept)
    for f in kept if points else ():
        i = bisect.bisect_left(points, f.start)
        if i < len(points) and points[i] < f.end:
            f.review.append("printed with decimal commas (as the document prints its decimals): recorded with points")
    spans = (lambda a, b: (offsets.start(a), offsets.end(b))) if offsets is not None else (lambda a, b: (a, b))
    table = [a.to_dict(text, spans) for a in arms.values()]
    if offsets is not None:
        for f in kept:
            f.start, f.end = spans(f.start, f.end)
            marks = offsets.invisible_in(f.start, f.end)
            if marks:
                f.review.append(
                    f"the print holds invisible characters ({', '.join(marks)}) inside this statistic: "
                    "read without them; check the print"
                )
    return kept, table


def _not_design(shadow: str, finds: list[Found]) -> list[Found]:
    """Finds without the plan's numbers: in the running text of a part headed Introduction, Background or
    Methods, a quantity (a dose, a duration, an age limit, a number of sites) or a percentage printed without a
    count (a power, an alpha, another study's rate) describes the design or other work, not this trial's data.
    A reviewer keeps few of them (the judgements: ``benchmarks/README.md``, "Measurements behind design choices
    in the code"). Tables, counts, means, tests and sizes there are kept."""
    heads: list | None = None
    out = []
    for f in finds:
        if f.location == "sentence" and (f.kind == "quantity" or (f.kind == "proportion" and "k" not in f.fields)):
            heads = _headings(shadow) if heads is None else heads
            if _part(heads, f.start) in ("methods", "introduction", "background"):
                continue
        out.append(f)
    return out


def _once(text: str, finds: list[Found]) -> list[Found]:
    """Finds without the copies a reader makes of one print: a table cell spanning columns is repeated in
    each (``Placebo (n = 30) | Placebo (n = 30)``), so the same size in the next cell of the same row is one
    printed number, drafted once."""
    out: list[Found] = []
    last: dict[tuple, int] = {}
    for f in finds:
        key = (f.kind, text[f.start : f.end])
        prev = last.get(key)
        last[key] = f.end
        if f.kind == "sample_size" and prev is not None and text[prev : f.start] == " | ":
            continue  # (two arms' statistics may print alike, '0 (0) | 0 (0)': only sizes are taken as copies)
        out.append(f)
    return out


def _fragment(text: str, f: Found) -> str:
    if f.fragment:
        return f.fragment
    a, b = f.start, f.end
    if b - a >= _FRAGMENT_MAX:
        return text[a:b]
    room = _FRAGMENT_MAX - (b - a)
    left = text[max(0, a - min(40, room)) : a]
    for stop in ("\n", ". ", "; ", " | ", ">"):
        cut = left.rfind(stop)
        if cut >= 0:
            left = left[cut + len(stop) :]
    if len(left) == min(40, room) and " " in left:
        left = left[left.index(" ") + 1 :]
    right = text[b : b + min(20, room - len(left))]
    for stop in ("\n", ". ", "; ", ", ", " | ", "(", ")", "<"):
        cut = right.find(stop)
        if cut >= 0:
            right = right[:cut]
    if (
        right
        and not right[-1].isspace()
        and " " in right
        and b + len(right) < len(text)
        and text[b + len(right)].isalnum()
    ):
        right = right[: right.rindex(" ")]
    return (left + text[a:b] + right).strip() or text[a:b]


_PREFIX = {
    "test_statistic": "test",
    "estimate_ci_p": "estimate",
    "mean_sd": "mean_sd",
    "proportion": "percent",
    "count": "count",
    "sample_size": "n",
    "p_value": "p",
    "quantity": "quantity",
    "total": "total",
    "text_only": "check",
}


def _entries(text: str, finds: list[Found]) -> tuple[list[dict], list[str]]:
    entries: list[dict] = []
    counters: dict[str, int] = {}
    arms: dict[str, None] = {}  # ordered set (a list's membership test was quadratic in distinct arms)
    ids: dict[int, str] = {}
    finds = [_validated(f, text) for f in finds]  # a total's parts must be the entries as written (not text_only)
    for i, f in enumerate(finds):
        prefix = _PREFIX[f.kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        eid = f"{prefix}_{counters[prefix]}"
        ids[i] = eid
        e = evidence.fill(
            text,
            f.start,
            f.end,
            {"id": eid, "kind": f.kind, "fragment": _fragment(text, f), **f.fields, "location": f.location},
        )
        if f.kind == "estimate_ci_p" and (other := pairing.other_estimate(text, f.start, f.end, e)):
            e["other_estimate"] = other  # the CI may be another number's: the audit's top grade is withheld
        e.pop("location")  # read by fill (a cell's own column header); placed after n_source, as drafts print it
        if "n" in e and "n_source" not in e:
            e["n_source"] = "fragment"  # the n was read within the statistic's own print
        e["location"] = f.location
        if e.get("arm"):
            arms.setdefault(e["arm"])
        if f.review:
            e["review"] = "; ".join(dict.fromkeys(f.review))
        entries.append(e)
    entries += _totals(text, finds, ids, counters)
    return [{k: e[k] for k in _key_order(tuple(e))} for e in entries], list(arms)


@functools.lru_cache(maxsize=1024)
def _key_order(keys: tuple) -> tuple:
    """An entry's fields in the order drafts print them (``_ORDER``; others last, as they came), once per sequence of
    fields: a corpus's thousands of entries have a few dozen (66 over statcheck-dev and 25 JATS papers)."""
    return tuple(sorted(keys, key=lambda k: _RANK.get(k, 99)))


def _validated(f: Found, text: str | None = None) -> Found:
    """A find whose numbers the ledger would refuse becomes a ``text_only`` entry saying so.

    The rules are the loader's, read from the one place that states them (``analysis.reported``:
    :func:`~analysis.reported.read_numbers`, and :func:`~analysis.reported.unprinted` for the fragment). A
    count above its n, a CI's lower bound above its upper and an estimate outside its CI stay entries:
    the audit reports them as findings.
    """
    problem = None
    try:
        read_numbers(f.kind, f.fields)
    except NumberRefused as exc:
        problem = exc.short
    if problem is None and text is not None:  # the loader's rule: the fragment prints every number read
        frag = f.fragment = _fragment(text, f)  # placed once: _entries prints the same fragment
        missing = unprinted(f.kind, f.fields, frag)
        if missing is not None:
            problem = f"{missing} {f.fields[missing]} is not printed as such in {frag!r}"
    if problem is None:
        return f
    return Found(
        "text_only",
        f.start,
        f.end,
        {"claim": f"printed numbers the ledger cannot hold as {f.kind}: {problem}"},
        [f"check by hand: {problem}"],
        rank=f.rank,
    )


def _totals(text: str, finds: list[Found], ids: dict[int, str], counters: dict[str, int]) -> list[dict]:
    """``total`` entries: arm sizes printed close together that add up to a total n printed before them."""
    out: list[dict] = []
    sizes = [(i, f) for i, f in enumerate(finds) if f.kind == "sample_size"]
    armed = [(i, f) for i, f in sizes if "arm" in f.fields]
    # candidate totals: sizes without an arm, printed in digits, by position (a window is a bisection: linear time)
    bare = sorted(
        ((f.start, i, f) for i, f in sizes if "arm" not in f.fields and f.fields["n"][:1].isdigit()),
        key=lambda t: t[:2],
    )
    starts = [t[0] for t in bare]
    groups: list[list[tuple[int, Found]]] = []
    group_arms: set[str] = set()
    for i, f in armed:
        if groups and f.start - groups[-1][-1][1].end < 200 and f.fields["arm"] not in group_arms:
            groups[-1].append((i, f))
        else:
            groups.append([(i, f)])
            group_arms = set()
        group_arms.add(f.fields["arm"])
    for g in groups:
        if len(g) < 2:
            continue
        total = sum(_integer(f.fields["n"]) for _, f in g)
        first = g[0][1].start
        for _, _i, f in bare[bisect.bisect_left(starts, first - 1500) : bisect.bisect_right(starts, first)]:
            if _integer(f.fields["n"]) == total:
                counters["total"] = counters.get("total", 0) + 1
                out.append(
                    {
                        "id": f"total_{counters['total']}",
                        "kind": "total",
                        "fragment": _fragment(text, f),
                        "total": f.fields["n"],
                        "parts": [ids[j] for j, _ in g],
                        "review": "parts are arm sizes printed near this total: check they are its groups",
                    }
                )
                break
    return out


_DOI = re.compile(r"(10\.(?<!\w10\.)\d{4,9}/[^\s\"<>,;]{1,200})")
_REG = re.compile(r"(NCT(?<!\wNCT)\d{8}|jRCT(?<!\wjRCT)\w{1,20}|ISRCTN(?<!\wISRCTN)\d{1,12})\b")


def _integer(printed: str) -> int:
    from ..reported import NUMBER_WORDS

    word = NUMBER_WORDS.get(printed.lower())
    return word if word is not None else int(printed.replace(",", ""))


def _cites(text: str) -> str | None:
    m = _DOI.search(text)
    if m:
        return "doi:" + m.group(1).rstrip(".)]")
    m = _REG.search(text)
    return m.group(1) if m else None
