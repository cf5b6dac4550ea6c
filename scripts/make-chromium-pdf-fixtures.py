#!/usr/bin/env python3
"""Regenerate the browser-printed PDF fixtures in fixtures/pdf/ (docs/chrome_*.pdf + truth).

Many sites publish their HTML reports as a browser's "Save as PDF". Chromium prints them with
its own look: cells with separated double borders (`border="1"` without `border-collapse`),
about 1 pt of padding, CJK text in Type 3 fonts whose boxes are far taller than the glyphs, a
date/title/URL/page header and footer, and pages wider than the paper shrunk to fit (up to a
limit) and clipped at the margin beyond it. This script prints, with headless Chromium:

- chrome_city_*: the real HTML report of the corpus (fixtures/corpus/docs/sh2020_city.html) on
  Letter paper with the browser's header and footer (its tables 3 and 4 are wider than the
  page and clipped at the right margin), and on A4 landscape (they fit);
- chrome_kewei: the corpus Markdown report (sh2024_kewei.md) rendered to HTML by pandoc (gfm with
  hard line breaks);
- chrome_synth_*: web pages from `gongkai-synth --show html` (known truth), restyled: separated
  double borders with 1 px padding, borders 8 px apart, tables wider than the page (shrunk to
  fit, or clipped), small paper (A5), collapsed borders as generated.

Truth: the source's truth. Where a table is clipped at the page margin, its cells are not on
the page: the truth lists that table under "clipped" instead of table2/3/4, and the tests require
that none of them is read with a wrong value (a number cut by the margin must not be read).

Needs chromium, pandoc, fonts-noto-cjk, poppler-utils and a Rust toolchain (for gongkai-synth).
The tests do not: the PDFs are checked in.

Usage: python3 scripts/make-chromium-pdf-fixtures.py [ID_PREFIX...]   (from the repository root;
with prefixes, only the fixtures whose id starts with one of them are made)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "pdf")
CORPUS = os.path.join(ROOT, "fixtures", "corpus")

# (synth seed, variant)
SYNTH = [
    (1, "separate"),
    (14, "separate"),
    (7, "collapse"),
    (26, "wide"),
    (15, "a5"),
    (38, "clipped"),
    (14, "spaced"),
]

STYLES = {
    # As generated: collapsed 1 px borders.
    "collapse": "",
    # Separated double borders (the HTML default for border="1"), 1 px padding.
    "separate": "table{border-collapse:separate !important;border-spacing:2px !important}"
    " td,th{padding:1px !important}",
    # Tables wider than the page: Chromium shrinks the page to fit.
    "wide": "table{border-collapse:separate !important;border-spacing:2px !important;"
    "min-width:960px} td,th{padding:1px !important}",
    # Small paper: long labels wrap over several lines.
    "a5": "@page{size:A5} table{border-collapse:separate !important;border-spacing:2px !important}"
    " td,th{padding:1px !important}",
    # Borders far apart (border-spacing 8 px): two rules between neighbouring cells.
    "spaced": "table{border-collapse:separate !important;border-spacing:8px !important}"
    " td,th{padding:1px !important}",
    # Table 3 wider than the page shrunk as far as Chromium goes: its last columns are
    # clipped at the right margin.
    "clipped": "table{border-collapse:separate !important;border-spacing:2px !important}"
    " td,th{padding:1px !important} table.wide{min-width:1700px}",
}


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def chromium(src, pdf, header_footer=True):
    if not wanted(os.path.basename(pdf)[: -len(".pdf")]):
        return
    profile = tempfile.mkdtemp(prefix="gongkai-chromium-")
    cmd = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
    ]
    if not header_footer:
        cmd.append("--no-pdf-header-footer")
    cmd.append("file://" + os.path.abspath(src))
    run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    if not os.path.exists(pdf):
        sys.exit(f"chromium did not write {pdf}")


def restyle(page, css, wide_tables=False):
    """Add a style sheet at the end of <head> (or the start of the page)."""
    if wide_tables:
        # Table 3 (the one with the applicant columns) is marked for the clipped variant.
        def mark(m):
            return m.group(0).replace("<table", '<table class="wide"', 1)
        page = re.sub(r"<table[^>]*>(?=(?:(?!</table>).)*自然人)", mark, page, flags=re.S)
    tag = f"<style>{css}</style>"
    if "</head>" in page:
        return page.replace("</head>", tag + "</head>", 1)
    return tag + page


def write_truth(id_, truth, source, notes, clipped=()):
    if not wanted(id_):
        return
    truth = dict(truth)
    truth["id"] = id_
    truth["format"] = "pdf"
    truth["source"] = source
    truth["notes"] = notes
    if clipped:
        truth["clipped"] = {t: truth.pop(t) for t in clipped}
        for t in clipped:
            truth[t] = {}
    with open(os.path.join(OUT, "truth", id_ + ".json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def wanted(id_):
    return len(sys.argv) < 2 or any(id_.startswith(p) for p in sys.argv[1:])


def main():
    for tool in ["chromium", "pandoc", "cargo"]:
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed")
    tmp = tempfile.mkdtemp(prefix="gongkai-chrome-fixtures-")
    docs = os.path.join(OUT, "docs")
    os.makedirs(docs, exist_ok=True)
    os.makedirs(os.path.join(OUT, "truth"), exist_ok=True)

    # The real HTML report: Letter with header and footer (tables 3 and 4 clipped), and A4
    # landscape without (everything fits).
    city = open(os.path.join(CORPUS, "docs", "sh2020_city.html"), encoding="utf-8").read()
    city_truth = json.load(open(os.path.join(CORPUS, "truth", "sh2020_city.json"), encoding="utf-8"))
    src = os.path.join(tmp, "city_letter.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(city)
    chromium(src, os.path.join(docs, "chrome_city_letter.pdf"))
    write_truth(
        "chrome_city_letter", city_truth,
        "fixtures/corpus/docs/sh2020_city.html printed by headless Chromium (Letter, header and footer)",
        "Tables 3 and 4 are wider than the page and clipped at the right margin (table 3 loses "
        "its total column and half of the one before, table 4 the end of its last number): "
        "their cells are listed under clipped; none of them may be read with another value.",
        clipped=("table3", "table4"),
    )
    src = os.path.join(tmp, "city_landscape.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(restyle(city, "@page{size:A4 landscape}"))
    chromium(src, os.path.join(docs, "chrome_city_landscape.pdf"), header_footer=False)
    write_truth(
        "chrome_city_landscape", city_truth,
        "fixtures/corpus/docs/sh2020_city.html printed by headless Chromium (A4 landscape)",
        city_truth.get("notes", ""),
    )

    # The Markdown report, rendered by pandoc.
    src = os.path.join(tmp, "kewei.html")
    # With hard line breaks, as Markdown viewers of CMSs show it: the report is a converter's
    # dump whose rows of pipes are only tables by their lines (most lack a header separator).
    run(["pandoc", "-f", "gfm+hard_line_breaks", "-t", "html", "-s", "--metadata", "title=2024年上海市科委政府信息公开工作年度报告",
         "-o", src, os.path.join(CORPUS, "docs", "sh2024_kewei.md")])
    page = open(src, encoding="utf-8").read()
    with open(src, "w", encoding="utf-8") as f:
        f.write(restyle(page, "@page{size:A4} table{border-collapse:separate} td,th{border:1px solid #000;padding:1px}"))
    chromium(src, os.path.join(docs, "chrome_kewei.pdf"))
    truth = json.load(open(os.path.join(CORPUS, "truth", "sh2024_kewei.json"), encoding="utf-8"))
    write_truth("chrome_kewei", truth, "fixtures/corpus/docs/sh2024_kewei.md → pandoc -f gfm+hard_line_breaks → headless Chromium (A4)", truth.get("notes", ""))

    # Generated web pages.
    run(["cargo", "build", "-q", "--release", "-p", "gongkai-synth"], cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    synth = os.path.join(target, "release", "gongkai-synth")
    for seed, variant in SYNTH:
        tpath = os.path.join(tmp, "truth.json")
        page = run([synth, "--show", "html", "--seed", str(seed), "--truth", tpath], capture_output=True).stdout
        truth = json.load(open(tpath, encoding="utf-8"))
        id_ = f"chrome_synth_{variant}_{truth['edition']}"
        # A quarter of the generated pages are GBK declaring gb2312: written out as UTF-8.
        try:
            text = page.decode("utf-8")
        except UnicodeDecodeError:
            text = page.decode("gbk")
        text = re.sub(r'charset=(["\']?)gb2312', r"charset=\1utf-8", text, flags=re.I)
        src = os.path.join(tmp, id_ + ".html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(restyle(text, STYLES[variant], wide_tables=variant == "clipped"))
        chromium(src, os.path.join(docs, id_ + ".pdf"), header_footer=seed % 2 == 0)
        clipped = ("table3",) if variant == "clipped" else ()
        write_truth(
            id_, truth,
            f"gongkai-synth --show html --seed {seed}, restyled ({variant}), printed by headless Chromium",
            truth.get("notes", ""), clipped=clipped,
        )

    shutil.rmtree(tmp)
    names = [f for f in os.listdir(docs) if f.startswith("chrome_")]
    total = sum(os.path.getsize(os.path.join(docs, f)) for f in names)
    print(f"fixtures/pdf: {len(names)} Chromium PDFs, {total / 1024:.0f} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
