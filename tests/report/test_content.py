"""Report text and tables (analysis.report.content): summaries, tables, digits, inputs from the ledger.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.report import content, plots
from conftest import small_audit


def test_denominators_and_percent_fits():
    class E:  # a stand-in entry with the Entry interface the helper uses
        kind, id = "proportion", "remission"
        fields = {"percent": "26.7", "n": "30", "measure": "remission"}

        def has(self, f):
            return f in self.fields

        def get(self, f, d=None):
            return self.fields.get(f, d)

        def integer(self, f):
            return int(self.fields[f])

    class S:
        entries = (E(),)

    fits = content.percent_fits(S())
    row = fits[fits["n"] == 30].iloc[0]
    assert row["fits"] and row["counts"] == "8/30"          # 8/30 = 26.67% prints as 26.7%
    assert not fits[fits["n"] == 31].iloc[0]["fits"]        # 8/31 = 25.8%, 9/31 = 29.0%
    # "26.7" stands for [26.65, 26.75]: every n the table checks for which some k/n lies in it, in exact
    # rational arithmetic (n = 15 is the smallest: 4/15 = 26.67%; 1..14 have no such k)
    lo, hi = Fraction(2665, 100), Fraction(2675, 100)
    ns = [n for n in range(1, int(fits["n"].max()) + 1) if any(lo <= Fraction(100 * k, n) <= hi for k in range(n + 1))]
    assert sorted(fits[fits["fits"]]["n"].astype(int)) == ns
    assert int(fits[fits["fits"]]["n"].min()) == min(ns) == 15
    html = content.percent_fits_table(fits)
    assert "\u2714 consistent" in html and "8/30" in html
    assert isinstance(plots.denominators_plot(fits), Figure)


def test_summary_and_tables():
    audit = small_audit()
    entries = pd.DataFrame({"kind": ["mean_sd", "text_only"]})
    text = content.summarize_findings(audit, entries)
    # checks that tested something are counted apart from those that could not run and from statements
    assert text.startswith("**2 checks tested a printed number: 1 consistent, 1 inconsistent.** 1 check could "
                           "not be run (no power or missing information); 1 statement without numbers could "
                           "not be checked.")
    assert "What holds" in text and "What does not hold" in text and "What could not be checked" in text
    assert "the CI implies 0.022" in text
    html = content.audit_table(audit)
    for mark in ("\u2714 consistent", "\u2718 inconsistent", "\u2013 not testable"):
        assert mark in html
    assert "background-color:#a50f15" in html
    ok = content.summarize_findings(audit[audit.verdict != "inconsistent"])
    assert "No check found" in ok


def test_format_number_digits_per_kind():
    assert content.format_number(0.26666, scale="proportion") == "0.267"
    assert content.format_number(1.8349, quantity="risk ratio", scale="ratio") == "1.83"
    assert content.format_number(-1.5) == "\u22121.50"


def test_sensitivity_inputs_from_the_ledger():
    """What the notebook's sensitivity section is built from, for two studies of the ledger."""
    from analysis.ledger import load_ledger

    ledger = load_ledger()
    sak, fitz = ledger.study("sakurai2025"), ledger.study("fitzgerald2020")
    # Sakurai 2025: "decreased from 30.6 ± 6.1 at baseline to 20.3 ± 11.5", 30 patients, MADRS 0-60
    (paired,) = content.paired_inputs(sak)
    assert paired["args"] == {"mean_pre": "30.6", "std_pre": "6.1", "mean_post": "20.3", "std_post": "11.5",
                              "nobs": 30}
    assert [r["args"]["method"] for r in content.reconstruction_inputs(sak)] == ["random", "random"]
    assert content.two_arm_sizes(sak) == []
    # Fitzgerald 2020: "randomized to a ketamine (12 patients) or midazolam (6 patients) infusion"
    (arms,) = content.two_arm_sizes(fitz)
    assert (arms["nobs1"], arms["nobs2"]) == (12, 6) and arms["effects"][-1] == 2.0
    assert content.paired_inputs(fitz) == []


# --- the primary publication beside the secondary claim (issue 12, item 4) ---------------------------

def test_fidelity_section_shows_each_finding_beside_the_claim():
    import analysis
    from analysis.ledger import load_ledger
    from analysis.report.content import fidelity_frame, fidelity_section

    led = load_ledger()
    study = led.study("reif2023_escape_trd")
    findings = analysis.audit("reif2023_escape_trd", ledger=led)
    frame = fidelity_frame(study, findings)
    assert len(frame) == (findings.check == "fidelity").sum() == 8
    row = frame[frame.entry == "relapse_esketamine"].iloc[0]
    # the editorial's words and number beside the primary's
    assert "fewer relapses in the esketamine group (21.7%" in row.secondary
    assert "percent=21.7" in row.primary and row.verdict == "inconsistent"
    html_text = fidelity_section(study, findings)
    assert "doi:10.1056/NEJMoa2304145" in html_text and "PMID not found" in html_text
    assert '<a href="https://repository.uantwerpen.be/link/irua/200542">repository.uantwerpen.be</a>' in html_text


def test_fidelity_section_without_a_primary():
    import analysis
    from analysis.ledger import load_ledger
    from analysis.report.content import fidelity_section

    led = load_ledger()
    text = fidelity_section(led.study("sakurai2025"), analysis.audit("sakurai2025", ledger=led))
    assert "No primary publication was read" in text


def test_fidelity_section_escapes_ledger_text(tmp_path):
    import shutil

    import yaml

    import analysis
    from analysis.ledger import load_ledger
    from analysis.report.content import fidelity_section

    minimal = Path(__file__).resolve().parent.parent / "ledgers" / "minimal"
    dst = tmp_path / "ledger"
    shutil.copytree(minimal, dst)
    path = dst / "studies" / "demo2026.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["primary"] = {"citation": "<script>alert(1)</script>", "doi": "10.1234/x", "pmid": "1", "records": [
        {"id": "pri_n", "of": "n_total", "values": {"n": "40"}, "definition": "<b>randomised</b>",
         "definition_matches": True, "fragment": "<img src=x onerror=alert(1)>",
         "address": "https://example.org/a?b=1&c=2"}]}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    led = load_ledger(dst, dst / "texts")
    text = fidelity_section(led.study("demo2026"), analysis.audit(ledger=led))
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text and 'href="https://example.org/a?b=1&amp;c=2"' in text


def test_identifiers_render_as_code_in_the_html_export():
    # the study id printed as an empty <code></code> box followed by the id (nbconvert dropped the
    # text of inline <code> HTML in a Markdown output); a code span keeps it inside, escaped
    import nbformat

    from analysis.report.page import to_html
    from analysis.report.markup import _code

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    text = f"**Study id:** {_code('sakurai2025')} and {_code('<img src=x onerror=alert(1)>')}"
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": text})]
    nb.cells = [cell]
    body = to_html(nb, "t")  # the export every report goes through
    assert "<code>sakurai2025</code>" in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_first_page_counts_findings_by_grade_and_lists_them_by_grade():
    # issue 16: the seed editorial's ESCAPE-TRD direction ("fewer relapses (21.7% vs. 14.1%)", seed 003) is an
    # error; its two fidelity rows against the primary rest on the primary record being the same quantity (likely)
    from analysis.auditing import audit
    from analysis.ledger import load_ledger

    led = load_ledger()
    text = content.summarize_findings(audit("reif2023_escape_trd", ledger=led), led.entries_frame("reif2023_escape_trd"))
    first = text.splitlines()[0]
    assert first.endswith("Findings by grade: 1 error, 2 likely.")
    assert text.index("*Error* (the printed numbers alone rule them out)") < text.index("*Likely*")
    # a frame without grades (an older audit) is listed as before
    assert "by grade" not in content.summarize_findings(small_audit())


def test_summary_names_claims_without_a_test_and_ranges_read_two_ways():
    """Issue 18 items 2 and 3: the Rett news's 'significant positive changes' (n = 3, no test) and its ages
    9-10 against the abstract's 5-10 are not testable, but the summary lists them by name; a study without
    such rows gets no such paragraph."""
    from analysis import audit
    from analysis.report.content import summarize_findings

    text = summarize_findings(audit("rett_nct06199700"))
    part = text.split("**Said without support, or readable two ways.**")[1]
    assert "mood\\_behaviour\\_improved" in part and "(n = 3\\)" in part and "Two readings" in part
    assert "readable two ways" not in summarize_findings(audit("fitzgerald2020"))
