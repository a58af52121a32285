"""Print a JATS trial for reading: title, abstract, sections by heading, every table as a grid.

    .venv/bin/python benchmarks/rct-annotated/render.py PMC1234 [--all] [CORPUS_DIR]

A reading aid for annotating benchmarks/rct-annotated (the annotations are typed by hand from this
view). Tables are printed one row a line, cells separated by " | ", spans repeated into every column
they cover so a column index means one column; table notes follow the table. Without --all, sections headed
introduction, discussion, conclusions, declarations and the like are left out, except their
paragraphs mentioning randomisation or group sizes.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

CORPUS = Path("/work/corpus/ei/annotations/xml_files")
SKIP = re.compile(r"introduction|background|discussion|conclusion|acknowledg|contribution|conflict|competing|funding"
                  r"|limitation|strength|ethic|abbreviation|supplementary|availability|consent", re.I)
SIZE = re.compile(r"randomi[sz]|n\s?=\s?\d|allocated|assigned|enrolled", re.I)


def text(node) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def grid(table) -> list[list[str]]:
    rows, pending = [], {}  # pending: column -> (rows left, text) from rowspans
    for tr in table.iter("tr"):
        out, col = [], 0
        cells = [c for c in tr if c.tag in ("td", "th")]
        for c in cells + [None]:
            while col in pending:
                left, t = pending[col]
                out.append(t)
                pending[col] = (left - 1, t)
                if left - 1 <= 0:
                    del pending[col]
                col += 1
            if c is None:
                break
            t = text(c)
            span, rspan = int(c.get("colspan", "1") or 1), int(c.get("rowspan", "1") or 1)
            for _ in range(span):
                out.append(t)
                if rspan > 1:
                    pending[col] = (rspan - 1, t)
                col += 1
        rows.append(out)
    return rows


def render(path: Path, everything: bool) -> str:
    root = ET.parse(str(path)).getroot()
    lines = [f"# {path.stem}: {text(root.find('.//article-title'))}", "", "## ABSTRACT", text(root.find(".//abstract")), ""]
    body = root.find(".//body")
    for sec in (body.iter("sec") if body is not None else []):
        title = text(sec.find("title"))
        paras = [text(p) for p in sec.findall("p")]
        keep = everything or not SKIP.search(title)
        shown = [p for p in paras if keep or SIZE.search(p)]
        if shown:
            lines += [f"## {title}", *shown, ""]
    for i, tw in enumerate(root.iter("table-wrap"), 1):
        lines.append(f"## TABLE {text(tw.find('label')) or i}: {text(tw.find('caption'))}")
        for t in tw.iter("table"):
            for r, row in enumerate(grid(t)):
                lines.append(f"r{r}: " + " | ".join(row))
        for fn in tw.iter("table-wrap-foot"):
            lines.append("NOTE: " + text(fn))
        lines.append("")
    for fig in root.iter("fig"):
        lines.append(f"## FIGURE {text(fig.find('label'))}: {text(fig.find('caption'))[:300]}")
    return "\n".join(lines)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all"]
    corpus = Path(args[1]) if len(args) > 1 else CORPUS
    print(render(corpus / f"{args[0]}.nxml", "--all" in sys.argv))
