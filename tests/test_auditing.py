"""audit() runs which_ci_method on a comparison that prints a CI (issue 4, item 7).
The ledger is written here with its own invented source text; the printed bounds are R's
Newcombe interval for 8/30 vs 4/30 (tests/reference/r_generated_values.tsv,
b.8_30_vs_4_30.newcombe.lo = -0.0723623705836177, .hi = 0.328411230369454) rounded to 3 decimals."""
import hashlib

import pytest

from analysis.auditing import audit
from analysis.ledger import load_ledger

TEXT = ("Invented text: responders 8 of 30 on drug and 4 of 30 on placebo; "
        "difference 0.133 (95% CI {rd[0]} to {rd[1]}).\n"
        "Scores 20.3 ± 11.5 (n 30) vs 30.6 ± 6.1 (n 30); difference -10.3 (95% CI {md[0]} to {md[1]}).\n")


def write_ledger(tmp_path, rd_bounds=("-0.072", "0.328"), md_bounds=("-15.06", "-5.54")):
    (tmp_path / "texts").mkdir()
    (tmp_path / "studies").mkdir()
    text = TEXT.format(rd=rd_bounds, md=md_bounds)  # each fragment prints the numbers its entry records
    (tmp_path / "texts" / "t.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / "sources.yaml").write_text(
        f'sources:\n  - {{id: t, file: t.txt, citation: "invented", sha256: "{sha}"}}\n', encoding="utf-8")
    (tmp_path / "studies" / "inv.yaml").write_text(f'''study: {{id: inv, source: t}}
entries:
  - {{id: drug, kind: count, k: "8", n: "30", measure: response, fragment: "8 of 30 on drug"}}
  - {{id: placebo, kind: count, k: "4", n: "30", measure: response, fragment: "4 of 30 on placebo"}}
  - {{id: rd, kind: comparison, entries: [drug, placebo], design: independent, estimate: "0.133",
      lower: "{rd_bounds[0]}", upper: "{rd_bounds[1]}",
      fragment: "difference 0.133 (95% CI {rd_bounds[0]} to {rd_bounds[1]})"}}
  - {{id: a, kind: mean_sd, mean: "20.3", sd: "11.5", n: "30", measure: score, fragment: "20.3 ± 11.5"}}
  - {{id: b, kind: mean_sd, mean: "30.6", sd: "6.1", n: "30", measure: score, fragment: "30.6 ± 6.1"}}
  - {{id: md, kind: comparison, entries: [a, b], design: independent, estimate: "-10.3",
      lower: "{md_bounds[0]}", upper: "{md_bounds[1]}",
      fragment: "difference -10.3 (95% CI {md_bounds[0]} to {md_bounds[1]})"}}
''', encoding="utf-8")
    return load_ledger(tmp_path, tmp_path / "texts")


def test_newcombe_and_student_identified(tmp_path):
    df = audit(ledger=write_ledger(tmp_path))
    rows = df[df.check == "method_ci"].set_index(df[df.check == "method_ci"].entry_ids.str.split(",").str[0])
    # R: newcombe -0.07236/0.32841 -> "-0.072"/"0.328"; wald -0.06626/0.33293 and agresti-caffo
    # -0.07523/0.32523 print otherwise
    assert rows.loc["rd", "verdict"] == "consistent" and rows.loc["rd", "recomputed"] == "newcombe"
    # R d.P1.pooled.ci_diff -15.0575/-5.5425 -> "-15.06"/"-5.54" (Welch: -15.09/-5.51)
    assert rows.loc["md", "verdict"] == "consistent" and rows.loc["md", "recomputed"] == "student"


def test_no_method_reproduces(tmp_path):
    df = audit(ledger=write_ledger(tmp_path, rd_bounds=("-0.050", "0.300")))
    row = df[(df.check == "method_ci") & df.entry_ids.str.startswith("rd")].iloc[0]
    assert row.verdict == "inconsistent" and "no standard method" in row.explanation
