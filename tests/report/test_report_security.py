"""Reports and untrusted ledger strings (issue 9, item 5): nothing a ledger says runs or loads in a report.

Every string of ``tests/ledgers/hostile`` is an attack: an ``<img onerror>`` that writes "PWNED-...",
``<script>``, an ``<iframe>``/``<object>``/``<embed>`` of ``file:///etc/passwd``, a meta refresh to it,
Markdown image and ``javascript:`` links, a ``<style>`` that hides the page. The payloads spell
``'PWN'+'ED'`` so the word PWNED appears only if a script ran. Checked at three levels: the text and
table helpers (rendered through nbconvert's own Markdown converter), the printer on raw hostile HTML
(no script runs, no local file loads), and a whole report built from the hostile ledger (``pdftotext``).
"""
from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analysis.ledger import load_ledger
from analysis.report import browser, building, content, overview, page

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "ledgers" / "hostile"
STUDY = "hostile2026"

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="needs chromium and poppler-utils (apt-get install chromium poppler-utils)")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[tuple[str, str]] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append((self._open[-1] if self._open else "", data))


def _dangers(markup: str) -> list[str]:
    """What in ``markup`` could run or load something: the list is empty for a safe page."""
    p = _Tags()
    p.feed(markup)
    out = []
    for tag, attrs in p.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                out.append(f"<{tag} {name}>")
            if name in ("href", "src", "data", "action") and value and not value.startswith(
                    ("data:", "#", "https://doi.org/", "https://clinicaltrials.gov/")):
                out.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "frame", "base", "form"):
            out.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            out.append("<meta refresh>")
        if tag == "script":
            out.append("<script>")
    for tag, data in p.text:
        if tag == "script" and "PWN" in data:
            out.append("<script> with a payload")
        if tag == "style" and "body{display:none}" in data.replace(" ", ""):
            out.append("<style> from the ledger")
        if tag in ("h1", "h2") and "INJECTED" in data:
            out.append("<h1> from the ledger")
    return out


def _markdown_html(md: str) -> str:
    """Markdown as the report's HTML exporter renders a ``text/markdown`` output."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(md)


def _visible(markup: str) -> str:
    p = _Tags()
    p.feed(markup)
    return "".join(d for _t, d in p.text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return load_ledger(HOSTILE, sources_dir=HOSTILE / "texts", check_sources=True)


def test_fixture_is_hostile(hostile):
    """The fixture carries each attack in the fields that reach a report (so the tests below test something)."""
    s = hostile.study(STUDY)
    src = hostile.sources[s.source]
    for text in (s.title, s.cites, src.title, src.citation):
        assert "<" in text and ("file:///etc/passwd" in text or "onerror" in text or "javascript:" in text)
    frags = " ".join(e.fragment for e in s.entries)
    for attack in ("onerror=", "<script>", "<iframe", 'http-equiv="refresh"', "![passwd](file:///etc/passwd)",
                   "javascript:", "<style>", "<object", "<embed"):
        assert attack in frags, attack
    assert "<script>" in s.entry("n_total").get("note")


def test_markdown_helpers_escape_every_ledger_string(hostile):
    s = hostile.study(STUDY)
    from analysis.auditing import audit

    findings = audit(STUDY, ledger=hostile)
    entries = hostile.entries_frame(STUDY)
    pieces = {
        "study_header": content.study_header(hostile, s),
        "summarize_findings": content.summarize_findings(findings, entries),
        "overview_header": overview.overview_header(hostile, entries, findings),
    }
    for item in content.reconstruction_inputs(s):
        pieces[f"caption {item['entry']}"] = item["caption"]
    for name, md in pieces.items():
        rendered = _markdown_html(md)
        assert _dangers(rendered) == [], (name, _dangers(rendered))
    # nothing is lost: the title and the citation read as printed, characters and all
    visible = _visible(_markdown_html(pieces["study_header"]))
    assert s.title in visible
    assert hostile.sources[s.source].citation in visible
    assert s.cites in visible


def test_html_tables_escape_every_ledger_string(hostile):
    from analysis.auditing import audit
    from analysis.rederivation import rederive

    findings = audit(STUDY, ledger=hostile)
    entries = hostile.entries_frame(STUDY)
    tables = {
        "ledger_table": content.ledger_table(entries),
        "audit_table": content.audit_table(findings),
        "rederived_table": content.rederived_table(rederive(STUDY, ledger=hostile)),
        "unverified_table": overview.unverified_table(overview.unverified(entries, findings)),
        "entry_verdicts_table": overview.entry_verdicts_table(overview.entry_verdicts(entries, findings)),
        "provenance": content.provenance(hostile, [hostile.study(STUDY)]),
    }
    for name, markup in tables.items():
        assert _dangers(markup) == [], (name, _dangers(markup))
    # every fragment is shown, as printed (the break opportunities are tags, not text)
    visible = _visible(tables["ledger_table"])
    for frag in entries["fragment"]:
        assert frag in visible


def test_a_hostile_note_or_explanation_in_a_table_is_text():
    df = pd.DataFrame({"study": ["s"], "entry_ids": ["<b>e</b>"], "check": ["grim<script>x()</script>"],
                       "verdict": ['consistent" onmouseover="x()'], "reported": ["<img src=x onerror=x()>"],
                       "recomputed": ["1"], "explanation": ['<iframe src="file:///etc/passwd"></iframe>']})
    markup = content.audit_table(df)
    assert _dangers(markup) == []
    assert '<iframe src="file:///etc/passwd"></iframe>' in _visible(markup)
    md = content.summarize_findings(df.assign(verdict="inconsistent"))
    assert _dangers(_markdown_html(md)) == []


@pytest.mark.slow
@needs_tools
def test_a_load_the_page_before_tries_late_is_not_blamed_on_the_next_page(tmp_path):
    """A browser that prints several pages (the reports of one build, or a kept browser) ends each page's
    document before the next: a meta refresh firing after its page printed is refused and dropped, not read
    as a load of the next, clean page (which was then refused printing, naming the other page's address).
    Found by the session 6 review."""
    import time

    chromium = browser.find_chromium()
    late = tmp_path / "late.html"
    late.write_text('<html><head><meta http-equiv="refresh" content="1; url=file:///etc/hostname"></head>'
                    "<body><p>late</p></body></html>", encoding="utf-8")
    clean = tmp_path / "clean.html"
    clean.write_text("<html><body><p>clean</p></body></html>", encoding="utf-8")
    b = browser._Browser(chromium)
    seen, printed = [], []
    decide = b._decide
    b._decide = lambda params: (seen.append((params["request"]["url"], len(printed))), decide(params))
    try:
        b.print_pdf(late, tmp_path / "late.pdf")
        printed.append(late)
        time.sleep(1.3)  # the refresh fires while nothing prints (its page printed in about 0.3 s)
        b.print_pdf(clean, tmp_path / "clean.pdf")
    finally:
        b.close()
    assert ("file:///etc/hostname", 1) in seen  # the late load came after its page printed, and was refused
    assert (tmp_path / "clean.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
@needs_tools
def test_printer_runs_no_script_and_loads_no_local_file(tmp_path):
    """Raw hostile HTML (as if escaping had failed): the printer refuses it and names what it tried to load;
    a page without such loads prints, with no script run."""
    chromium = browser.find_chromium()
    evil = tmp_path / "evil.html"
    evil.write_text(
        "<html><body><p>start</p>"
        "<img src=x onerror=\"document.body.insertAdjacentText('afterbegin','PWN'+'ED-JS')\">"
        "<script>document.write('PWN'+'ED-SCRIPT')</script>"
        '<iframe src="file:///etc/passwd" width="600" height="300"></iframe>'
        "<p>end</p></body></html>", encoding="utf-8")
    scripts_only = tmp_path / "scripts.html"
    scripts_only.write_text(
        "<html><body><p>start</p><script>document.write('PWN'+'ED-SCRIPT')</script>"
        "<img src=\"data:,x\" onerror=\"document.body.insertAdjacentText('afterbegin','PWN'+'ED-JS')\">"
        "<p>end</p></body></html>", encoding="utf-8")
    b = browser._Browser(chromium)
    try:
        with pytest.raises(browser.ReportBuildError, match="file:///etc/passwd"):
            b.print_pdf(evil, tmp_path / "evil.pdf")
        assert not (tmp_path / "evil.pdf").exists()
        b.print_pdf(scripts_only, tmp_path / "scripts.pdf")     # the same browser prints on
    finally:
        b.close()
    text = subprocess.run(["pdftotext", str(tmp_path / "scripts.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "start" in text and "end" in text
    assert "PWNED" not in text


def test_report_html_carries_a_content_security_policy():
    """The HTML report opened in any browser runs no script and loads nothing but embedded images: the
    report template puts the policy first in the head and leaves out nbconvert's script blocks."""
    import nbformat

    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "$x^2$ and `code`"})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    body = page.to_html(nb, "t")
    p = _Tags()
    p.feed(body)
    tags = [t for t, _ in p.tags]
    metas = [a for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1 and tags.index("meta") < tags.index("title")
    assert next(a for t, a in p.tags if t == "meta") is metas[0]     # the first tag of the head
    policy = dict(part.strip().split(None, 1) for part in metas[0]["content"].split(";") if part.strip())
    assert policy["default-src"] == "'none'" and policy["img-src"] == "data:"
    assert "script-src" not in policy   # falls back to default-src 'none'
    # no script of nbconvert's page (require.js, MathJax, Mermaid) and the report's CSS last in the head
    assert "script" not in tags and _dangers(body) == []
    styles = [a.get("id") for t, a in p.tags if t == "style"]
    assert styles[-1] == "reanalysis-report"


@pytest.mark.slow   # starts a Chromium per report
@needs_tools
def test_a_browser_per_report_refuses_loads_too(tmp_path):
    """The route without the shared browser (reuse_kernels=False) and the one after it failed print by the
    same DevTools route: a load besides the page is refused, named, and nothing is printed. (Before, both
    started ``chromium --print-to-pdf``, which cannot refuse a load: the frame of file:///etc/passwd printed.)"""
    chromium = browser.find_chromium()
    evil = tmp_path / "evil.html"
    evil.write_text('<html><body><p>start</p><iframe src="file:///etc/passwd"></iframe></body></html>',
                    encoding="utf-8")
    with pytest.raises(browser.RefusedLoad, match="file:///etc/passwd"):
        browser._print_pdf(chromium, evil, tmp_path / "a.pdf")
    pool = browser._BrowserPool(chromium, shared=False)
    with pytest.raises(browser.RefusedLoad, match="file:///etc/passwd"):
        pool.print_pdf(evil, tmp_path / "b.pdf")

    class Dead:
        def print_pdf(self, html_path, pdf_path):
            raise browser.ReportBuildError("Chromium closed its DevTools pipe (it exited)")

        def close(self):
            pass

    shared = browser._BrowserPool(chromium)
    shared._browser = Dead()               # the shared browser dies: the next prints start their own
    with pytest.raises(browser.RefusedLoad, match="file:///etc/passwd"):
        shared.print_pdf(evil, tmp_path / "c.pdf")
    assert not shared.shared and "closed its DevTools pipe" in shared.fallback_reason
    assert not any((tmp_path / f"{x}.pdf").exists() for x in "abc")
    good = tmp_path / "good.html"
    good.write_text("<html><body><p>fine</p></body></html>", encoding="utf-8")
    shared.print_pdf(good, tmp_path / "good.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "good.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "fine" in text
    shared.close()


@pytest.mark.slow   # starts two Chromiums
@needs_tools
def test_a_kept_browser_serves_the_next_build_and_still_refuses_loads(tmp_path, monkeypatch):
    """keep_between_builds (the suite turns it on): a build's browser, still running, prints the next build's
    reports; it refuses a load as a new one does, and then it is closed, not kept; a pool that is not shared
    neither takes nor keeps one."""
    chromium = browser.find_chromium()
    keeper = browser.Kept(browser._Browser.close)   # this test's own keeping, whatever the suite kept before
    keeper.turn_on()
    monkeypatch.setattr(browser, "_KEPT", keeper)
    good = tmp_path / "good.html"
    good.write_text("<html><body><p>fine</p></body></html>", encoding="utf-8")
    evil = tmp_path / "evil.html"
    evil.write_text('<html><body><p>start</p><iframe src="file:///etc/passwd"></iframe></body></html>',
                    encoding="utf-8")
    first = browser._BrowserPool(chromium)
    first.start()
    first.print_pdf(good, tmp_path / "1.pdf")
    kept = first._browser
    first.close()
    assert keeper.items == {chromium: [kept]} and kept._proc.poll() is None
    alone = browser._BrowserPool(chromium, shared=False)
    alone.start()
    assert alone._browser is None and keeper.items[chromium] == [kept]
    second = browser._BrowserPool(chromium)
    second.start()
    assert second._browser is kept and keeper.items[chromium] == []
    second.print_pdf(good, tmp_path / "2.pdf")
    with pytest.raises(browser.RefusedLoad, match="file:///etc/passwd"):
        second.print_pdf(evil, tmp_path / "evil.pdf")
    assert kept._proc.poll() is not None and not (tmp_path / "evil.pdf").exists()
    second.close()
    assert keeper.items[chromium] == []
    third = browser._BrowserPool(chromium)
    third.print_pdf(good, tmp_path / "3.pdf")
    assert third._browser is not kept
    third.close()
    assert len(keeper.items[chromium]) == 1
    browser.close_kept()
    assert keeper.items is None and third._browser is None
    for pdf in ("1.pdf", "2.pdf", "3.pdf"):
        text = subprocess.run(["pdftotext", str(tmp_path / pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "fine" in text, pdf


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(HOSTILE, data)
    out = base / "reports"
    mp = pytest.MonkeyPatch()
    mp.setenv("REANALYSIS_SOURCES", str(data / "texts"))
    try:
        building.build(studies=[STUDY], out_dir=out, data_dir=data, overview=True, progress=False, jobs=1)
    finally:
        mp.undo()
    return out


@pytest.mark.slow
@needs_tools
@pytest.mark.parametrize("name", [STUDY, "overview"])
def test_hostile_ledger_report_runs_nothing_and_shows_no_local_file(hostile_report, name):
    out = hostile_report
    text = subprocess.run(["pdftotext", "-layout", str(out / f"{name}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "PWNED" not in text
    passwd = [ln for ln in Path("/etc/passwd").read_text().splitlines() if ln.strip()][:3]
    for line in passwd:
        assert line not in text
    assert "root:x:0" not in text
    # the attacks are shown as the text they are
    assert "<iframe" in text and "file:///etc/passwd" in text
    if name == STUDY:
        assert "onerror" in text and "<script>" in text
    html_page = (out / f"{name}.html").read_text(encoding="utf-8")
    assert _dangers(html_page) == []      # not even nbconvert's own scripts
    assert "PWNED" not in html_page
    executed = (out / "executed" / f"{name}.ipynb").read_text(encoding="utf-8")
    assert "PWNED" not in executed and "root:x:0" not in executed
