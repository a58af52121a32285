"""A share whose printed CI is a proportion's exact or score interval for some n (analysis/extraction/asymmetry.py,
``reproduced_proportion``; issue 16, session 13). Seen untuned: PMC3634976 (ei_s7), a table of sensitivities and
specificities with their exact CIs and no count printed beside them, 23 `ci_symmetry` rows judged false ('CI
asymmetric by design'); PMC1705535 (ei_s13), PMC4322313 (ei_pct7) and PMC5960495 (ei_s14) the same on the 0-1 and
percent scales. Each form beside a close one that stays flagged.
"""

from __future__ import annotations

from printed_forms import flagged
from scipy.stats import beta, norm

from analysis.extraction.asymmetry import reproduced_proportion

_TABLE = (
    "Table 2 Diagnostic accuracy.\n\n"
    "Index test | Sensitivity (95% CI) | Estimate (95% CI)\n"
    "Reader A | {} | 80.3 (73.9 to 85.7)\nReader B | 76.6 (69.6 to 82.6) | 81.9 (75.7 to 87.1)\n\nNotes.\n"
)


def test_the_exact_interval_of_18_of_25_is_the_printed_one():
    # Clopper-Pearson by the beta quantiles (Clopper & Pearson 1934): 18/25 -> 50.6 to 87.9 (percent, one decimal)
    lo, hi = beta.ppf(0.025, 18, 8), beta.ppf(0.975, 19, 7)
    assert (round(100 * lo, 1), round(100 * hi, 1)) == (50.6, 87.9)
    words = reproduced_proportion({"estimate": "72.0", "lower": "50.6", "upper": "87.9"})
    assert words.startswith("a proportion's interval: the exact (Clopper-Pearson) 95% CI of 18/25 = 72.0%")


def test_a_table_of_shares_with_exact_intervals_is_not_flagged(tmp_path):
    assert flagged(tmp_path, _TABLE.format("72.0 (50.6 to 87.9)"), "ci_symmetry") == []


def test_a_misprinted_bound_of_a_share_stays_flagged(tmp_path):
    # 50.6 to 97.9 is no proportion interval of 72.0% for any n up to 2,000; its centre is 74.25
    rows = flagged(tmp_path, _TABLE.format("72.0 (50.6 to 97.9)"), "ci_symmetry")
    assert [r[0] for r in rows] == ["72.0 (50.6 to 97.9)"]


def test_whole_percents_and_ratios_are_not_read_as_shares():
    # printed to whole percents a random asymmetric interval fits some n one time in nine: not read
    assert reproduced_proportion({"estimate": "72", "lower": "51", "upper": "88"}) is None
    # under 5% (a ratio near 1 printed without its label would fit some n in the thousands)
    assert reproduced_proportion({"estimate": "1.58", "lower": "1.22", "upper": "2.01"}) is None
    # another confidence level
    assert (
        reproduced_proportion({"estimate": "72.0", "lower": "50.6", "upper": "87.9", "confidence_level": "90"}) is None
    )


def test_a_hazard_ratio_stays_on_the_log_scale(tmp_path):
    # PMC3701988 (ei_s14, judged real) printed an HR 0.89 (0.78 to 0.96) that 49/55's exact interval also gives; to
    # three decimals (0.891, 0.778 to 0.959: the beta quantiles) it would be read as a share but for its label
    lo, hi = beta.ppf(0.025, 49, 7), beta.ppf(0.975, 50, 6)
    assert (round(lo, 3), round(hi, 3)) == (0.778, 0.959)
    assert reproduced_proportion({"estimate": "0.891", "lower": "0.778", "upper": "0.959"}) is not None
    text = "Each 0.5 mg/dL drop lowered the risk (hazard ratio 0.891, 95% CI 0.778 to 0.959; P = 0.03).\n"
    rows = flagged(tmp_path, text, "ci_symmetry")
    assert [r[0] for r in rows] == ["0.891 (0.778 to 0.959)"]


def test_a_difference_is_not_read_as_a_share(tmp_path):
    # the numbers of a share's exact interval named a difference: a Wald interval, tested (PMC3642659's numbers)
    text = "The difference in complications was 72.0% (95% CI, 50.6 to 87.9%).\n"
    assert [r[0] for r in flagged(tmp_path, text, "ci_symmetry")] == ["72.0 (50.6 to 87.9)"]


def test_a_score_without_share_words_stays_tested(tmp_path):
    # review13b: a score's normal interval with a misprinted bound (15.0 printed 16.0) that a proportion interval of some
    # n happens to give: without a word naming a share it is not read as one
    # Wilson's score interval (Wilson 1927) of 45/215 = 20.9%, by its closed form: 16.0 to 26.9
    n, p, z = 215, 45 / 215, norm.ppf(0.975)
    centre, half = (
        (p + z**2 / (2 * n)) / (1 + z**2 / n),
        z / (1 + z**2 / n) * (p * (1 - p) / n + z**2 / (4 * n**2)) ** 0.5,
    )
    assert (round(100 * p, 1), round(100 * (centre - half), 1), round(100 * (centre + half), 1)) == (20.9, 16.0, 26.9)
    words = reproduced_proportion({"estimate": "20.9", "lower": "16.0", "upper": "26.9"})
    assert "score (Wilson) 95% CI of 45/215" in words
    text = "The function score was 20.9 (95% CI 16.0 to 26.9) after treatment.\n"
    assert [r[0] for r in flagged(tmp_path, text, "ci_symmetry")] == ["20.9 (16.0 to 26.9)"]
