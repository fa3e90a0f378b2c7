#!/usr/bin/env python3
"""Harvest labelled license texts from this machine (helper of scripts/harvest-licenses.sh).

Sources, each a pair (text, declared SPDX expression):
  dep5             License paragraphs with a text body in Debian machine-readable
                   /usr/share/doc/*/copyright files; short names mapped to SPDX by
                   harvest-licenses-dep5.tsv (unmapped names are skipped, never guessed)
  common-licenses  /usr/share/common-licenses/NAME (bare license texts; same name table)
  nuget            ~/.nuget/packages/ID/VERSION: <license type="expression"> of the .nuspec and
                   the LICENSE file shipped in the package
  npm              node_modules folders: package.json "license" and the LICENSE file beside it

Texts are third-party: they go to OUT (an ignored folder), never into the repository.
Identical texts (compared on lower-case words) are kept once; at most --cap texts per
(source, label) so that one package family (Boost's thousands of BSL-1.0 paragraphs) does not
drown the rest. Writes OUT/manifest.tsv: file, expected, source, origin, key, disputed,
reading, reason. A label listed in harvest-licenses-disputes.tsv (by the text's key) is kept as
harvested, and marked disputed with the reading of the text and the reason.
"""
import argparse
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LICENSE_FILE = re.compile(r"^(licen[cs]e|copying)([-._].*)?$", re.IGNORECASE)
THIRD_PARTY = re.compile(r"(third|3rd)[-_ ]?part", re.I)


def tsv_rows(path):
    """The tab-separated rows of a data file, without blank lines and # comments."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def load_table(path):
    return {name.strip().lower(): spdx.strip() for name, spdx in tsv_rows(path)}


def load_disputes(path):
    return {row[0]: (row[1], row[2]) for row in tsv_rows(path)}


def map_dep5(name, table):
    """A DEP-5 short-name expression to SPDX, or None when any term is unknown."""
    name = " ".join(name.split()).rstrip(",")
    whole = table.get(name.lower())
    if whole:
        return whole
    # DEP-5: "or" binds looser than "and", ", and" groups; "with X exception" attaches.
    ors = []
    for alt in re.split(r"\s+or\s+", name, flags=re.IGNORECASE):
        ands = []
        for term in re.split(r",?\s+and\s+", alt.strip().strip(","), flags=re.IGNORECASE):
            m = re.match(r"^(?P<lic>\S+)\s+with\s+(?P<exc>.+?)\s+exception$", term.strip(), re.IGNORECASE)
            if m:
                lic = table.get(m.group("lic").lower())
                exc = table.get(m.group("exc").lower())
                if not lic or not exc or " " in lic:
                    return None
                ands.append(f"{lic} WITH {exc}")
                continue
            mapped = table.get(term.strip().lower())
            if not mapped:
                return None
            ands.append(f"({mapped})" if " OR " in mapped else mapped)
        ors.append(ands)
    if len(ors) == 1:
        return " AND ".join(ors[0])
    return " OR ".join(f"({' AND '.join(a)})" if len(a) > 1 else a[0] for a in ors)


def dep5_paragraphs(text):
    """Yields (license short name, body text) of every License field that carries a body."""
    paragraph = []
    for line in text.splitlines() + [""]:
        if line.strip():
            paragraph.append(line)
            continue
        if paragraph:
            yield from license_field(paragraph)
        paragraph = []


def license_field(lines):
    for i, line in enumerate(lines):
        if not line.lower().startswith("license:"):
            continue
        name = line.split(":", 1)[1].strip()
        body = []
        for cont in lines[i + 1:]:
            if not cont[:1] in (" ", "\t"):
                break
            stripped = cont[1:] if cont.startswith(" ") else cont.lstrip("\t")
            body.append("" if stripped.strip() == "." else stripped)
        if name and body:
            yield name, "\n".join(body).strip() + "\n"


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def substantive(text):
    """Words of the body beyond a pointer to /usr/share/common-licenses."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    return sum(len(words(s)) for s in sentences if "common-licenses" not in s and "common licenses" not in s.lower())


def harvest_dep5(table):
    for path in sorted(glob.glob("/usr/share/doc/*/copyright")):
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        if not re.match(r"^Format:\s*\S*copyright-format", text):
            continue
        for name, body in dep5_paragraphs(text):
            spdx = map_dep5(name, table)
            if spdx and substantive(body) >= 20:
                yield "dep5", spdx, body, f"{path} License: {name}"


def harvest_common(table):
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        spdx = table.get(os.path.basename(path).lower())
        if spdx:
            yield "common-licenses", spdx, open(path, encoding="utf-8", errors="replace").read(), path


def license_files(folder):
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    # A third-party notices file (LICENSE-3RD-PARTY.txt, THIRD-PARTY-LICENSES) holds the licenses of bundled
    # code, not the package's own: the manifest's license does not label it.
    return [os.path.join(folder, n) for n in names if LICENSE_FILE.match(n) and not THIRD_PARTY.search(n) and os.path.isfile(os.path.join(folder, n))]


def harvest_nuget(root):
    for nuspec in sorted(glob.glob(os.path.join(root, "*", "*", "*.nuspec"))):
        text = open(nuspec, encoding="utf-8", errors="replace").read()
        m = re.search(r'<license\s+type="expression"\s*>([^<]+)</license>', text)
        if not m:
            continue
        for f in license_files(os.path.dirname(nuspec)):
            yield "nuget", m.group(1).strip(), open(f, encoding="utf-8", errors="replace").read(), f


def harvest_npm(roots):
    seen = set()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in (".bin", "test", "tests")]
            if "package.json" not in files:
                continue
            real = os.path.realpath(folder)
            if real in seen:
                continue
            seen.add(real)
            try:
                meta = json.load(open(os.path.join(folder, "package.json"), encoding="utf-8"))
            except (OSError, ValueError):
                continue
            lic = meta.get("license") if isinstance(meta, dict) else None
            if isinstance(lic, dict):
                lic = lic.get("type")
            if not isinstance(lic, str) or not re.match(r"^[A-Za-z0-9.+\-() ]+$", lic) or lic.upper() in ("UNLICENSED", "SEE LICENSE IN LICENSE"):
                continue
            for f in license_files(folder):
                yield "npm", lic.strip(), open(f, encoding="utf-8", errors="replace").read(), f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--cap", type=int, default=15)
    ap.add_argument("--nuget", default=os.path.expanduser("~/.nuget/packages"))
    ap.add_argument("--npm", action="append", default=[])
    ap.add_argument("--exclude", metavar="MANIFEST", help="leave out the texts of another harvest (a held-out set: --cap 40 --exclude .license-harvest/manifest.tsv)")
    args = ap.parse_args()
    table = load_table(os.path.join(HERE, "harvest-licenses-dep5.tsv"))
    disputes = load_disputes(os.path.join(HERE, "harvest-licenses-disputes.tsv"))
    npm_roots = args.npm or ["/usr/lib/node_modules", "/usr/share/nodejs",
                             os.path.join(os.path.dirname(HERE), "build", "license-texts", "node_modules")]
    os.makedirs(args.out, exist_ok=True)
    seen, per_label, rows = set(), {}, []
    excluded = {row[4] for row in tsv_rows(args.exclude) if len(row) > 4 and row[0] != "file"} if args.exclude else set()
    sources = [harvest_dep5(table), harvest_common(table), harvest_nuget(args.nuget), harvest_npm([r for r in npm_roots if os.path.isdir(r)])]
    for source in sources:
        for name, expected, text, origin in source:
            key = hashlib.sha1(" ".join(words(text)).encode()).hexdigest()
            if key in seen or len(words(text)) < 5:
                continue
            seen.add(key)
            if key[:16] in excluded:
                continue
            count = per_label.get((name, expected), 0)
            if count >= args.cap:
                continue
            per_label[(name, expected)] = count + 1
            os.makedirs(os.path.join(args.out, name), exist_ok=True)
            rel = f"{name}/{len(rows) + 1:05d}.txt"
            with open(os.path.join(args.out, rel), "w", encoding="utf-8") as f:
                f.write(text)
            reading, reason = disputes.get(key[:16], (None, ""))
            rows.append((rel, expected, name, origin.replace("\t", " "), key[:16],
                         "" if reading is None else "yes", reading or "", reason))
    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("file\texpected\tsource\torigin\tkey\tdisputed\treading\treason\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    by_source = {}
    for r in rows:
        by_source[r[2]] = by_source.get(r[2], 0) + 1
    disputed = sum(1 for r in rows if r[5])
    print(f"harvested {len(rows)} texts into {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items()))
          + f"; {disputed} labels disputed (scripts/harvest-licenses-disputes.tsv)")


if __name__ == "__main__":
    sys.exit(main())
