#!/usr/bin/env python3
"""Make the archive fixtures of fixtures/archives (checked in; run again only to change them).

reports.zip  - corpus reports as a crawler would zip them: a GBK-encoded entry name without
               the UTF-8 flag (as Chinese Windows archivers write), a UTF-8 name, a folder,
               macOS junk, an empty file.
bomb.zip     - one entry that inflates to 200 MB of zeros (a zip bomb, ~200 KB compressed).
"""
import os, zipfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..")
docs = os.path.join(root, "fixtures", "corpus", "docs")
out = os.path.join(root, "fixtures", "archives")
os.makedirs(out, exist_ok=True)

class GbkName(zipfile.ZipInfo):
    """An entry whose name is written as GBK bytes without the UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


with zipfile.ZipFile(os.path.join(out, "reports.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    info = GbkName("甘州区/西街街道2023年报.txt")
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, open(os.path.join(docs, "001_eb0a65417e597162.txt"), "rb").read())
    z.writestr("上海/科委2024.md", open(os.path.join(docs, "sh2024_kewei.md"), "rb").read())
    z.writestr("上海/", b"")
    z.writestr("__MACOSX/._科委2024.md", b"\x00\x05\x16\x07")
    z.writestr("empty.txt", b"")

with zipfile.ZipFile(os.path.join(out, "bomb.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("bomb.txt", "w", force_zip64=True) as f:
        chunk = b"0" * (1 << 20)
        for _ in range(200):
            f.write(chunk)
print("written to", out)
