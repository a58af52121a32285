"""The ``reanalysis`` command line.

May import every stage; nothing imports it.

    reanalysis ledger [--study ID] [--data DIR] [--sources DIR] [--require-sources] [--numbers]
    reanalysis audit  [--study ID] [--data DIR] [--format table|csv|json] [--grade G]
    reanalysis export --format escalc [--study ID] [--data DIR]   (metafor's yi, vi, measure, n1i, n2i)
    reanalysis report [--study ID] [--format pdf|html] [--jobs N] [--force]
    reanalysis check grim 5.19 28
    reanalysis check p-stat F 2.20 "1, 38" .03     (df and test name as printed; any case)
    reanalysis extract FILE [--id ID] [--format yaml|json]
    reanalysis add FILE --id ID [--data DIR]
    reanalysis scan PATH... [--format table|csv|json] [--grade G] [--jobs N] [--dask ADDRESS]
    reanalysis scan PATH... --report DIR [--force]     (DIR/scan.html, DIR/scan.pdf, DIR/scan.json)

Without the source texts the sources' SHA-256 and the entries' fragments are not
checked: every command says so on stderr; ``--require-sources`` makes it an error.

Exit codes: 0 on success (an audit that finds inconsistencies still exits 0:
they are findings); 2 on bad input, with one line naming file, entry, field
and value, and no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from .locking import FolderBusy
from .results import InputError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reanalysis", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument(
            "--study", action="append", metavar="ID", help="only this study (repeatable); default: every study"
        )
        sp.add_argument("--data", metavar="DIR", help="ledger folder (default: the project's data/)")
        provenance(sp)

    def grade(sp):
        from .results import GRADES

        sp.add_argument(
            "--grade",
            choices=GRADES,
            metavar="G",
            help=f"only the inconsistent rows of this grade ({', '.join(GRADES)}, highest first)",
        )

    def filters(sp, files: bool):
        from .results import VERDICTS

        sp.add_argument("--check", action="append", metavar="NAME", help="only this check (repeatable)")
        sp.add_argument(
            "--verdict",
            action="append",
            choices=VERDICTS,
            metavar="V",
            help=f"only this verdict (repeatable; {', '.join(VERDICTS)})",
        )
        if files:
            sp.add_argument(
                "--file", action="append", metavar="TEXT", help="only files whose path contains TEXT (repeatable)"
            )
        sp.add_argument(
            "--summary",
            action="store_true",
            help=f"one line per {'file' if files else 'study'}: checks, findings by grade, the rest",
        )
        sp.add_argument("--wide", action="store_true", help="table: cut nothing (lines then exceed 100 columns)")

    def provenance(sp):
        sp.add_argument(
            "--sources",
            metavar="DIR",
            help="folder with the source texts (default: $REANALYSIS_SOURCES or ../shared/seeds)",
        )
        sp.add_argument(
            "--require-sources",
            action="store_true",
            help="fail (exit 2) when the source texts are not found, instead of a warning",
        )

    sp = sub.add_parser("ledger", help="list the ledger's entries")
    common(sp)
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sp.add_argument("--counts", action="store_true", help="entries per source and study instead")
    sp.add_argument(
        "--numbers",
        action="store_true",
        help="one row per printed number (study, entry, field, printed, ...) instead of one per entry",
    )

    sp = sub.add_parser("export", help="the re-derived effects for metafor: yi, vi, measure, n1i, n2i, ledger ids")
    common(sp)
    sp.add_argument(
        "--format",
        choices=("escalc",),
        default="escalc",
        help="escalc: CSV with metafor's column names; rma(yi, vi, data = read.csv(...)) runs as is",
    )

    sp = sub.add_parser("audit", help="run every consistency check; findings to stdout")
    common(sp)
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    grade(sp)
    filters(sp, files=False)

    sp = sub.add_parser("report", help="build the PDF/HTML reports into reports/")
    sp.add_argument("--study", action="append", metavar="ID")
    sp.add_argument("--data", metavar="DIR")
    sp.add_argument(
        "--format", action="append", choices=("pdf", "html"), help="output format (repeatable; default both)"
    )
    sp.add_argument("--jobs", type=int, default=2, help="studies built in parallel (default 2)")
    sp.add_argument("--force", action="store_true", help="rebuild even when the cache is fresh")
    sp.add_argument("--out", metavar="DIR", default=None, help="output folder (default reports/)")
    sp.add_argument("--no-overview", action="store_true", help="skip the overview report")
    provenance(sp)

    sp = sub.add_parser("extract", help="draft a ledger study from a paper (.txt .md .html .xml .pdf)")
    sp.add_argument("file")
    sp.add_argument("--id", dest="study_id", metavar="ID", help="study id (default: from the file name)")
    sp.add_argument("--format", choices=("yaml", "json"), default="yaml")

    sp = sub.add_parser("add", help="extract a paper into a ledger folder (sources.yaml, texts/, studies/ID.yaml)")
    sp.add_argument("file")
    sp.add_argument("--id", dest="study_id", metavar="ID", required=True, help="id of the new study")
    sp.add_argument("--data", metavar="DIR", help="ledger folder, created if missing (default: the project's data/)")
    sp.add_argument("--sources", metavar="DIR", help="folder with the source texts the loader reads")

    sp = sub.add_parser("scan", help="extract then audit every file (folders recursively), one row per check")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    grade(sp)
    filters(sp, files=True)
    sp.add_argument(
        "--report",
        metavar="DIR",
        help="build the scan report instead: DIR/scan.html, DIR/scan.pdf "
        "(and DIR/scan.json, every row); paths to stdout",
    )
    sp.add_argument("--force", action="store_true", help="with --report: rebuild even when the cache is fresh")
    sp.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    sp.add_argument("--dask", metavar="ADDRESS", help="scan on this Dask scheduler (needs the [dask] extra)")
    sp.add_argument(
        "--follow-links",
        action="store_true",
        help="read symbolic links met in a folder when they stay inside it (default: not read)",
    )

    sp = sub.add_parser("check", help="one check on numbers typed as printed")
    cs = sp.add_subparsers(dest="check", required=True)
    c = cs.add_parser("grim", help="GRIM: mean N [--items K] [--percent]")
    c.add_argument("mean")
    c.add_argument("n", type=int)
    c.add_argument("--items", type=int, default=1)
    c.add_argument("--percent", action="store_true")
    c = cs.add_parser("grimmer", help="GRIMMER: mean SD N [--items K]")
    c.add_argument("mean")
    c.add_argument("sd")
    c.add_argument("n", type=int)
    c.add_argument("--items", type=int, default=1)
    c = cs.add_parser("debit", help="DEBIT: mean SD N (binary data)")
    c.add_argument("mean")
    c.add_argument("sd")
    c.add_argument("n", type=int)
    c = cs.add_parser("p-ci", help="p against CI: ESTIMATE LOWER UPPER P [--df DF] [--log]")
    c.add_argument("estimate")
    c.add_argument("lower")
    c.add_argument("upper")
    c.add_argument("p")
    c.add_argument("--df", type=float, default=None)
    c.add_argument("--log", action="store_true")
    c = cs.add_parser(
        "p-stat",
        help="recompute p: TEST STATISTIC DF P, DF as the ledger prints it "
        '("38"; "1, 38" for F; "-" for z); TEST t, F, chi2 (chisq, X2, chi-square), r, z, any case',
    )
    c.add_argument("test", type=_test_name)
    c.add_argument("statistic")
    c.add_argument("df")
    c.add_argument("p")
    c.add_argument("--alternative", default="two-sided", choices=("two-sided", "less", "greater"))
    c = cs.add_parser("percent", help="counts that print as PERCENT of N")
    c.add_argument("percent")
    c.add_argument("n", type=int)
    return p


# The usual spellings of the test names (statcheck's own reader accepts t, F, r, z, chi2 / X2 /
# chi-square; "chisq" is R's chisq.test), compared with case and inner spaces ignored.
_TEST_SPELLINGS = {
    "t": "t",
    "f": "F",
    "r": "r",
    "z": "z",
    "chi2": "chi2",
    "chisq": "chi2",
    "chisquare": "chi2",
    "chisquared": "chi2",
    "chi^2": "chi2",
    "x2": "chi2",
    "x^2": "chi2",
    "\u03c72": "chi2",
    "\u03c7\u00b2": "chi2",
    "chi\u00b2": "chi2",
}


def _test_name(text: str) -> str:
    """The test of ``check p-stat`` from any usual spelling: ``T``, ``chisq``, ``X2``, ``chi-square``."""
    key = "".join(text.split()).replace("-", "").replace("_", "").casefold()
    if key not in _TEST_SPELLINGS:
        raise argparse.ArgumentTypeError(
            f"test ({text!r}) must be one of t, F, chi2 (also chisq, X2, chi-square), r, z"
        )
    return _TEST_SPELLINGS[key]


def _printed_df(test: str, text: str):
    """The df of ``check p-stat`` as the ledger prints it: ``"38"``, ``"1, 38"`` or ``"1.8, 86.7"`` for F
    (parentheses allowed), none (``"-"``) for z; kept as strings so a df printed with decimals is
    recomputed over its rounding, as the audit does."""
    parts = [x.strip() for x in text.strip().strip("()").split(",")]
    if test == "z":
        if text.strip() not in ("", "-", "none", "None"):
            raise InputError(f"df ({text!r}) must be '-' for test 'z' (z has no df)")
        return None
    if len(parts) != (2 if test == "F" else 1) or not all(parts):
        raise InputError(
            f"df ({text!r}) must be "
            + ('two numbers, as printed: "1, 38"' if test == "F" else 'one number, as printed: "38"')
        )
    return tuple(parts) if test == "F" else parts[0]


def _emit(df, fmt: str) -> None:
    import pandas as pd

    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 70
        ):
            print(df.to_string(index=False))


def _graded(df, args):
    """The rows of grade ``--grade`` (all rows without it); for the table, a first line counting the findings by
    grade and the other verdicts (the rows are already sorted by grade, the top grade first)."""
    from .results import GRADES

    inc = df[df["verdict"] == "inconsistent"]
    if args.format == "table":
        counts = ", ".join(f"{int((inc['grade'] == g).sum())} {g}" for g in GRADES)
        rest = ", ".join(
            f"{int((df['verdict'] == v).sum())} {v.replace('_', ' ')}" for v in ("consistent", "not_testable")
        )
        import textwrap

        print(
            textwrap.fill(
                f"inconsistent by grade: {counts}; {rest}" + ("" if args.grade else " (--grade G lists one grade)"),
                width=100,
            )
        )
    return inc[inc["grade"] == args.grade] if args.grade else df


def _known_checks(df, args):
    """``df``, once every ``--check`` names a check of its rows (else one line naming it, exit 2)."""
    unknown = sorted(set(args.check or ()) - set(df["check"]))
    if unknown and len(df):
        raise InputError(
            f"--check ({unknown[0]!r}) names no check of these rows; they have: " + ", ".join(sorted(set(df["check"])))
        )
    return df


def _filtered(df, args):
    """The rows that pass ``--check``, ``--verdict`` and ``--file``."""
    if args.check:
        df = df[df["check"].isin(args.check)]
    if args.verdict:
        df = df[df["verdict"].isin(args.verdict)]
    if getattr(args, "file", None):
        df = df[df["file"].astype(str).map(lambda f: any(t in f for t in args.file))]
    return df


def _show(df, args, where: str, files=()) -> None:
    """Rows out: the 100-column text table (findings first) or ``--summary``, else CSV or JSON."""
    from .report.terminal import summary_table, text_table

    df = _filtered(df, args)
    if args.format != "json":  # JSON escapes control characters itself, and keeps the text exact
        df = _printable(df, csv=args.format == "csv")
    if args.format != "table":
        _emit(df, args.format)
    elif args.summary:
        wanted = [f for f in files if not getattr(args, "file", None) or any(t in f for t in args.file)]
        print(summary_table(df, where=where, files=wanted, wide=args.wide))
    else:
        # a scan's not-testable rows are noise unless asked for (the audit of a ledger lists them)
        listed = where == "study" or bool(args.verdict and "not_testable" in args.verdict)
        print(text_table(df, where=where, wide=args.wide, list_untested=listed))


def _printable(df, csv: bool):
    """Text from papers made safe to print: control characters (a terminal's escape sequences) shown
    escaped, and in CSV a text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
    first, and not a number) led by an apostrophe (OWASP's CSV injection advice)."""
    import re

    control = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

    def safe(v):
        if not isinstance(v, str):
            return v
        v = control.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), v)
        if csv and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
            try:
                float(v)
            except ValueError:
                return "'" + v
        return v

    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe)
    return out


def _print_check(chk) -> None:
    print(f"{chk.verdict}: {chk.explanation}")


def _load(args):
    """The validated ledger; on stderr, which provenance checks did not run (data/README.md, "Provenance")."""
    from .ledger import load_ledger

    led = load_ledger(args.data, args.sources, check_sources=True if args.require_sources else None)
    if not led.sources_checked:
        where = (
            f"in {led.sources_dir}"
            if led.sources_dir is not None
            else "(no --sources, $REANALYSIS_SOURCES or ../shared/seeds)"
        )
        print(
            f"reanalysis: warning: source texts not found {where}: the SHA-256 of each source and the "
            "fragment of each entry were not checked (--require-sources makes this an error)",
            file=sys.stderr,
        )
    for s in args.study or []:
        if s != "overview" or args.command != "report":
            led.study(s)
    return led


def _run(args) -> int:
    if args.command == "ledger":
        led = _load(args)
        if args.counts:
            _emit(led.counts(), args.format)
            return 0
        if args.numbers:
            from .exporting import ledger_numbers

            _emit(ledger_numbers(args.study, ledger=led), args.format)
            return 0
        import pandas as pd

        frames = [led.entries_frame(s) for s in args.study] if args.study else [led.entries_frame()]
        _emit(pd.concat(frames, ignore_index=True), args.format)
        return 0
    if args.command == "audit":
        from .auditing import audit

        _show(_graded(_known_checks(audit(args.study, ledger=_load(args)), args), args), args, where="study")
        return 0
    if args.command == "export":
        from .exporting import to_escalc

        # R reads NaN as NA from an empty field; 15 significant digits, as metafor prints with digits = 15
        to_escalc(args.study, ledger=_load(args)).to_csv(sys.stdout, index=False, float_format="%.15g")
        return 0
    if args.command == "report":
        from .report.building import build

        _load(args)  # a bad ledger: one line and exit 2 before any notebook runs
        saved = os.environ.get("REANALYSIS_SOURCES")
        if args.sources:  # the report kernels read the same texts (for this build only)
            os.environ["REANALYSIS_SOURCES"] = str(args.sources)
        try:
            paths = build(
                studies=args.study,
                formats=tuple(args.format or ("pdf", "html")),
                jobs=args.jobs,
                force=args.force,
                data_dir=args.data,
                out_dir=args.out or "reports",
                overview=False if args.no_overview else None,
            )
        finally:
            if saved is None:
                os.environ.pop("REANALYSIS_SOURCES", None)
            else:
                os.environ["REANALYSIS_SOURCES"] = saved
        for p in paths:
            print(p)
        return 0
    if args.command in ("extract", "add", "scan"):
        return _corpus(args)
    if args.command == "check":
        from .checks.counts import counts_from_percent
        from .checks.granularity import debit, grim, grimmer
        from .checks.pvalues import check_p_against_ci, recompute_p

        if args.check == "grim":
            _print_check(grim(args.mean, args.n, items=args.items, percent=args.percent))
        elif args.check == "grimmer":
            _print_check(grimmer(args.mean, args.sd, args.n, items=args.items))
        elif args.check == "debit":
            _print_check(debit(args.mean, args.sd, args.n))
        elif args.check == "p-ci":
            _print_check(
                check_p_against_ci(
                    args.estimate, args.lower, args.upper, args.p, df=args.df, scale="log" if args.log else "linear"
                )
            )
        elif args.check == "p-stat":
            df = _printed_df(args.test, args.df)
            _print_check(recompute_p(args.test, args.statistic, df, args.p, alternative=args.alternative))
        elif args.check == "percent":
            ks = counts_from_percent(args.percent, args.n)
            print(
                f"{args.percent}% of {args.n}: "
                + (", ".join(f"{k}/{args.n}" for k in ks) if ks else "no whole count prints as this percentage")
            )
        return 0
    return 2  # pragma: no cover - argparse requires a command


def _corpus(args) -> int:
    """``extract``, ``add`` and ``scan``: papers in, drafts, ledger studies or scan rows out."""
    from pathlib import Path

    if args.command == "extract":
        from .extraction import extract

        draft = extract(Path(args.file), study_id=args.study_id)
        if args.format == "json":
            import json

            print(json.dumps(draft.to_dict(), ensure_ascii=False, indent=1))
        else:
            sys.stdout.write(draft.to_yaml())
        return 0
    if args.command == "add":
        from .adding import add_study

        added = add_study(args.file, args.study_id, data_dir=args.data, sources_dir=args.sources)
        print(added.study_file)
        print(
            f"{added.entries} entries ({added.to_review} to review), source {added.source_id!r}"
            + (f", text kept in {added.text_file}" if added.text_file else ""),
            file=sys.stderr,
        )
        return 0
    from .scanning import connect_dask, scan

    client = connect_dask(args.dask) if args.dask else None
    try:
        res = scan(args.paths, jobs=args.jobs, client=client, follow_links=args.follow_links)
    finally:
        if client is not None:
            client.close()
    if not res.files:
        raise InputError(f"{', '.join(args.paths)}: no files to scan (hidden files are skipped)")
    if len(res.failed) == len(res.files):
        (f, why), more = res.failed[0], len(res.failed) - 1
        raise InputError(f"nothing could be read: {f}: {why}" + (f" (and {more} more)" if more else ""))
    if args.report:
        from .report.scan_building import build_scan

        for p in build_scan(res, args.report, force=args.force):
            print(p)
        _unread(res)
        return 0
    unread = {f for f, _ in res.failed}
    _show(
        _graded(_known_checks(res.to_frame(), args), args),
        args,
        where="file",
        files=[f for f in res.files if f not in unread],
    )
    _unread(res)
    return 0


def _unread(res) -> None:
    """The files a scan could not read, on stderr."""
    if res.failed:
        n = len(res.failed)
        print(f"reanalysis: {n} file{'s' * (n != 1)} could not be read:", file=sys.stderr)
        for f, why in res.failed:
            print(f"  {f}: {why}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``reanalysis`` console script."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (InputError, FolderBusy, FileNotFoundError) as exc:
        # InputError: a ledger, a source or an argument refused by name; FolderBusy: the folder's lock held
        # by another run, or a lock file that is a link (locking imports the standard library only, so it is
        # a ValueError, not an InputError). A plain ValueError, TypeError,
        # KeyError or AttributeError is a defect (ours or a library's) and propagates.
        print(f"reanalysis: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - `reanalysis ledger | head`
        return 0
    except RuntimeError as exc:  # a report build that failed (ReportBuildError): message, no traceback
        print(f"reanalysis: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
