#!/usr/bin/env python3
"""Regenerate the PDF fixtures in fixtures/pdf/ (docs/ID.pdf + truth/ID.json).

Needs LibreOffice (soffice), poppler-utils (pdftoppm) and a Rust toolchain (for gongkai-synth).

- sh2020_city: the real HTML report of the corpus printed to PDF by LibreOffice (ruled tables,
  wrapped labels, a number wrapped inside a narrow cell, the table continuing on the next page).
- corpus_*: plain-text reports of the corpus printed as they are (one cell per line, one per
  paragraph, pipes as text, a crawler's run-together dump): PDF text that is paragraphs, not
  tables.
- synth_*: synthetic reports (labels and truth from gongkai-synth) whose Markdown tables are
  rebuilt as HTML tables with the statutory row and column spans, then printed: plain, narrow
  label columns (labels wrap over several lines), cells aligned to the top, table 3 starting
  low on a page so that it continues on the next one, and tables without rules.
- hostile/encrypted.pdf: a PDF that needs a password to open (no truth: an error case).
- scan_sh2020_t3: the page of sh2020_city where table 3 starts, rasterised at 150 dpi and wrapped into an image-only
  PDF (no text layer): the decoder must say it needs OCR.

Usage: python3 scripts/make-pdf-fixtures.py   (from the repository root)
"""

import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "pdf")
CORPUS = os.path.join(ROOT, "fixtures", "corpus")

# (synth seed, variant): the document is named synth_VARIANT_EDITION
SYNTH = [
    (11, "plain"),
    (1, "plain"),
    (5, "narrow"),
    (3, "narrow"),
    (23, "top"),
    (8, "pagebreak"),
    (4, "pagebreak"),
    (12, "borderless"),
    (9, "borderless"),
]
# Not 003 (tab-separated rows wider than the page wrap in the middle of a row) nor 004 (its
# blank cells are whitespace-only lines, which print as nothing): their tables are not on the
# printed page any more.
CORPUS_TEXT = ["000_50ea10f2717e5a1e", "001_eb0a65417e597162", "002_81ab661a178306d5", "pingtan2019"]


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


HTML = "HTML (StarWriter)"


def soffice(src, outdir, profile, infilter=None):
    cmd = ["soffice", "--headless", f"-env:UserInstallation=file://{profile}"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", "pdf:writer_pdf_Export", "--outdir", outdir, src]
    run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + ".pdf")
    if not os.path.exists(pdf):
        sys.exit(f"soffice did not write {pdf}")
    return pdf


def write_truth(id_, truth, source, notes):
    truth = dict(truth)
    truth["id"] = id_
    truth["format"] = "pdf"
    truth["source"] = source
    truth["notes"] = notes
    with open(os.path.join(OUT, "truth", id_ + ".json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


# ----------------------------------------------------------------------------------------------
# Markdown report (gongkai-synth) → HTML with the statutory spans

CJK = re.compile(r"[\u4e00-\u9fff]")


def is_label(cell):
    return len(cell) >= 2 and CJK.search(cell) is not None


def md_cells(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def td(text, rowspan=1, colspan=1, attrs=""):
    span = ""
    if rowspan > 1:
        span += f' rowspan="{rowspan}"'
    if colspan > 1:
        span += f' colspan="{colspan}"'
    return f"<td{span}{attrs}>{html.escape(text)}</td>"


def table2(rows, style):
    out = []
    sub = []
    for r in rows + [["第二十条"]]:
        if r and r[0].startswith("第二十条") and sub:
            width = len([c for c in sub[1] if c])
            out.append(f"<table {style['table']}>")
            out.append("<tr>" + td(sub[0][0], colspan=width, attrs=style["td"]) + "</tr>")
            for row in sub[1:]:
                cells = (row + [""] * width)[:width]
                out.append("<tr>" + "".join(td(c, attrs=style["td"]) for c in cells) + "</tr>")
            out.append("</table><p></p>")
            sub = []
        sub.append(r)
    return out


def table3(rows, style):
    a = style["td"]
    head = [
        "<tr>" + td(rows[0][0], rowspan=3, colspan=3, attrs=style["label_td"]) + td(rows[0][1], colspan=7, attrs=a) + "</tr>",
        "<tr>" + td("自然人", rowspan=2, attrs=a) + td("法人或其他组织", colspan=5, attrs=a) + td("总计", rowspan=2, attrs=a) + "</tr>",
        "<tr>" + "".join(td(c, attrs=a) for c in rows[2][2:7]) + "</tr>",
    ]
    body = rows[3:]
    parsed = []
    for r in body:
        last = max(i for i, c in enumerate(r) if is_label(c))
        parsed.append((r[: last + 1], (r[last + 1 :] + [""] * 7)[:7]))
    out = [f"<table {style['table']}>"] + head
    for k, (labels, values) in enumerate(parsed):
        cells = []
        last = len(labels) - 1
        for i, text in enumerate(labels):
            if not text:
                continue  # covered by a cell spanning rows from above
            rowspan = 1
            if i < last:
                for later, _ in parsed[k + 1 :]:
                    if len(later) > i + 1 and not later[i]:
                        rowspan += 1
                    else:
                        break
            colspan = 3 - i if i == last else 1
            cells.append(td(text, rowspan, colspan, style["label_td"]))
        cells += [td(v, attrs=a) for v in values]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return out


def table4(rows, style):
    a = style["td"]
    h = rows[2]
    out = [f"<table {style['table']}>"]
    out.append("<tr>" + td("行政复议", colspan=5, attrs=a) + td("行政诉讼", colspan=10, attrs=a) + "</tr>")
    out.append("<tr>" + "".join(td(c, rowspan=2, attrs=a) for c in rows[1][:5]) + td(rows[1][5], colspan=5, attrs=a) + td(rows[1][6], colspan=5, attrs=a) + "</tr>")
    out.append("<tr>" + "".join(td(c, attrs=a) for c in h[5:15]) + "</tr>")
    out.append("<tr>" + "".join(td(c, attrs=a) for c in (rows[3] + [""] * 15)[:15]) + "</tr>")
    out.append("</table>")
    return out


def md_to_html(md, variant):
    style = {
        "table": 'border="1" cellspacing="0" cellpadding="3" width="100%"',
        "td": ' align="center"',
        "label_td": "",
    }
    if variant == "narrow":
        style["table"] = 'border="1" cellspacing="0" cellpadding="2" width="100%"'
        style["label_td"] = ' width="64"'
    if variant == "borderless":
        style["table"] = 'border="0" cellspacing="0" cellpadding="3" width="100%"'
    if variant == "top":
        style["td"] = ' align="center" valign="top"'
        style["label_td"] = ' valign="top"'
    lines = md.splitlines()
    out = ['<html><head><meta charset="utf-8"></head><body>']
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = md_cells(lines[i])
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            first = rows[0][0]
            if first.startswith("第二十条"):
                out += table2(rows, style)
            elif first.startswith("（本列数据"):
                if variant == "pagebreak":
                    out += ["<p>（以下为本年度收到和处理政府信息公开申请的统计。）</p>"] * 24
                out += table3(rows, style)
            elif first.startswith("行政复议"):
                out += table4(rows, style)
            else:
                sys.exit(f"unknown table starting with {first}")
            continue
        m = re.match(r"^(#+)\s*(.*)$", line)
        if m:
            level = min(len(m.group(1)), 3)
            out.append(f"<h{level}>{html.escape(m.group(2))}</h{level}>")
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
        i += 1
    out.append("</body></html>")
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------
# A scan: one page rasterised and wrapped in an image-only PDF


def jpeg_size(data):
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5 : i + 9])
            return w, h, data[i + 9]
        i += 2 + length
    sys.exit("no JPEG frame header")


def image_pdf(jpeg, path, width=595.276, height=841.89):
    w, h, components = jpeg_size(jpeg)
    space = b"/DeviceGray" if components == 1 else b"/DeviceRGB"
    content = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (width, height)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>" % (width, height),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, space, len(jpeg)) + jpeg + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for k, o in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (k + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def main():
    for tool in ["soffice", "pdftoppm", "cargo"]:
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed")
    tmp = tempfile.mkdtemp(prefix="gongkai-pdf-fixtures-")
    profile = os.path.join(tmp, "lo-profile")
    docs = os.path.join(OUT, "docs")
    os.makedirs(docs, exist_ok=True)
    os.makedirs(os.path.join(OUT, "truth"), exist_ok=True)

    # The real HTML report.
    # Imported as a Writer document: the Writer/Web route leaves page 1 blank and loses the
    # first line of the title.
    pdf = soffice(os.path.join(CORPUS, "docs", "sh2020_city.html"), tmp, profile, HTML)
    shutil.copy(pdf, os.path.join(docs, "sh2020_city.pdf"))
    truth = json.load(open(os.path.join(CORPUS, "truth", "sh2020_city.json"), encoding="utf-8"))
    write_truth("sh2020_city", truth, "fixtures/corpus/docs/sh2020_city.html printed by LibreOffice", truth["notes"])

    # Plain-text reports printed as text.
    for id_ in CORPUS_TEXT:
        pdf = soffice(os.path.join(CORPUS, "docs", id_ + ".txt"), tmp, profile, "Text (encoded):UTF8,LF,,,")
        shutil.copy(pdf, os.path.join(docs, f"corpus_{id_.split('_')[0]}.pdf"))
        truth = json.load(open(os.path.join(CORPUS, "truth", id_ + ".json"), encoding="utf-8"))
        write_truth(f"corpus_{id_.split('_')[0]}", truth, f"fixtures/corpus/docs/{id_}.txt printed by LibreOffice", truth.get("notes", ""))

    # Synthetic reports with HTML tables.
    synth_dir = os.path.join(tmp, "synth")
    for seed, variant in SYNTH:
        run(["cargo", "run", "-q", "--release", "-p", "gongkai-synth", "--", "--out", synth_dir, "--count", "1", "--seed", str(seed), "--layouts", "markdown"], cwd=ROOT)
        md = open(os.path.join(synth_dir, "docs", "synth_000000_markdown.md"), encoding="utf-8").read()
        truth = json.load(open(os.path.join(synth_dir, "truth", "synth_000000_markdown.json"), encoding="utf-8"))
        id_ = f"synth_{variant}_{truth['edition']}"
        src = os.path.join(tmp, id_ + ".html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(md_to_html(md, variant))
        pdf = soffice(src, tmp, profile, HTML)
        shutil.copy(pdf, os.path.join(docs, id_ + ".pdf"))
        write_truth(id_, truth, f"gongkai-synth --out DIR --count 1 --seed {seed} --layouts markdown, tables as HTML ({variant}), printed by LibreOffice", truth.get("notes", ""))
        shutil.rmtree(synth_dir)

    # A scan of the page where table 3 starts.
    city = os.path.join(docs, "sh2020_city.pdf")
    page = 1
    while "本年新收" not in subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), city, "-"], capture_output=True, text=True, check=True).stdout:
        page += 1
    run(["pdftoppm", "-r", "150", "-gray", "-jpeg", "-jpegopt", "quality=60", "-f", str(page), "-l", str(page), "-singlefile", city, os.path.join(tmp, "page")])
    image_pdf(open(os.path.join(tmp, "page.jpg"), "rb").read(), os.path.join(docs, "scan_sh2020_t3.pdf"))
    city_truth = json.load(open(os.path.join(CORPUS, "truth", "sh2020_city.json"), encoding="utf-8"))
    t2 = {k: city_truth["table2"][k] for k in ["punishment", "enforcement", "fees"]}
    t2["procurement"] = {"projects": city_truth["table2"]["procurement"]["projects"]}
    # Not denied_three_safety: its label is cut by the page end (3.危及“三安全一) and misread.
    t3_rows = ["new_received", "carried_over", "granted", "partial", "denied_state_secret", "denied_law_prohibited"]
    scan = {
        "complete": False, "org": None, "year": None, "published": None, "edition": None,
        "table2": t2,
        "table3": {k: city_truth["table3"][k] for k in t3_rows},
        "table4": {},
    }
    write_truth(
        "scan_sh2020_t3", scan,
        f"page {page} of sh2020_city.pdf rasterised at 150 dpi, image only",
        "A scan without text layer. Without tesseract the decoder reports P-NEEDS-OCR and no value may come out; "
        "with it (P-OCR) the cells listed here, read cell by cell, must come out exactly. The procurement amount "
        "(27225290916元) is left out: its digits and unit are not read alike by the two recognitions, so it is printed illegible.",
    )

    # An encrypted PDF (a password to open it), for the decoder's error path.
    hostile = os.path.join(OUT, "hostile")
    os.makedirs(hostile, exist_ok=True)
    src = os.path.join(tmp, "encrypted.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write("加密的报告\n")
    opts = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", f"pdf:writer_pdf_Export:{opts}", "--outdir", tmp, src], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, "encrypted.pdf"), os.path.join(hostile, "encrypted.pdf"))

    shutil.rmtree(tmp)
    total = sum(os.path.getsize(os.path.join(docs, f)) for f in os.listdir(docs))
    print(f"fixtures/pdf: {len(os.listdir(docs))} PDFs, {total / 1024:.0f} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
