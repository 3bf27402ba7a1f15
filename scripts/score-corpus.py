#!/usr/bin/env python3
"""score-corpus: precision and recall of llm-classify against a labelled corpus.

  llm-classify testdata/corpus/labelled.ndjson | scripts/score-corpus.py [--min 0.95]
  scripts/score-corpus.py [--min X] [--decode] [--examples N] [FILE]

Input: llm-classify output whose records still carry "expect" (see
scripts/gen-corpus.py). A finding matches a label when type and path are
equal and the spans overlap by at least half the longer of the two; each
label matches at most one finding and each finding at most one label (the
largest overlaps are paired first). Findings with "decoded" set are ignored
unless --decode is given: the labels mark plain-text values only.

Placeholders: a label with "placeholder": true and a finding with
"placeholder": true both count under the row "placeholder" (whatever their
type), so a placeholder reported as a real key is a false positive of its
type and a missed placeholder, and the other way round. A record whose
labels are all placeholders must have a class no higher than internal;
each one that does not is counted and fails the run.

Prints a per-type table and a total line to stdout, up to N example false
positives and false negatives for each failing type to stderr, and exits 1
when any type's precision or recall is below --min, 0 otherwise (2 on usage
or input errors). A type with nothing expected and nothing found is not
listed; precision with nothing found, and recall with nothing expected, count
as 1.
"""

import argparse
import json
import re
import sys

TYPES = [
    "email", "phone", "credit_card", "iban", "us_ssn", "ip_address",
    "aws_access_key_id", "aws_secret_access_key", "github_token", "slack_token",
    "stripe_key", "openai_api_key", "anthropic_api_key", "google_api_key",
    "jwt", "private_key", "password", "gitlab_token", "npm_token", "pypi_token",
    "huggingface_token", "azure_storage_key", "twilio_key", "sendgrid_key",
    "mailgun_key", "shopify_token", "databricks_token", "azure_sas_key",
]

PATH_RE = re.compile(r'^\.(text|prompt|messages\[(\d+)\]\.content|[A-Za-z_][A-Za-z0-9_]*)$')


def string_at(rec, path):
    """The string a jq path names, for the simple paths the corpus uses."""
    m = PATH_RE.match(path or "")
    if not m:
        return None
    if m.group(2) is not None:
        msgs = rec.get("messages")
        i = int(m.group(2))
        if isinstance(msgs, list) and i < len(msgs) and isinstance(msgs[i], dict):
            v = msgs[i].get("content")
            return v if isinstance(v, str) else None
        return None
    v = rec.get(path[1:])
    return v if isinstance(v, str) else None


def excerpt(rec, path, start, end, width=40):
    s = string_at(rec, path)
    if s is None:
        return "(no string at %s)" % path
    b = s.encode()
    pre = b[max(0, start - width):start].decode(errors="ignore")
    val = b[start:end].decode(errors="ignore")
    post = b[end:end + width].decode(errors="ignore")
    if len(val) > 80:
        val = val[:38] + "..." + val[-38:]
    out = "%s[[%s]]%s" % (pre, val, post)
    return out.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def match(labels, finds):
    """Pairs labels and findings of one (record, type, path). Returns
    (matched label indexes, matched finding indexes)."""
    cands = []
    for i, (ls, le) in enumerate(labels):
        for j, (fs, fe) in enumerate(finds):
            ov = min(le, fe) - max(ls, fs)
            longer = max(le - ls, fe - fs)
            if ov > 0 and 2 * ov >= longer:
                cands.append((-ov, i, j))
    cands.sort()
    li, fj = set(), set()
    for _, i, j in cands:
        if i not in li and j not in fj:
            li.add(i)
            fj.add(j)
    return li, fj


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1].strip(),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", help="llm-classify output (default stdin)")
    ap.add_argument("--min", type=float, default=0.95, help="lowest passing precision and recall (default 0.95)")
    ap.add_argument("--decode", action="store_true", help="also score findings inside encoded substrings")
    ap.add_argument("--examples", type=int, default=5, metavar="N", help="examples per failing type (default 5)")
    a = ap.parse_args()
    if not 0 <= a.min <= 1:
        ap.error("--min must be between 0 and 1")

    try:
        f = open(a.file, encoding="utf-8") if a.file else sys.stdin
    except OSError as e:
        print("score-corpus: error: %s" % e, file=sys.stderr)
        return 2

    stats = {}   # type -> [expected, found, tp]
    fps, fns = {}, {}
    nrec = nerr = nnoclass = nbad = 0
    nph = 0
    phigh = []   # (id, class) of placeholder-only records above internal

    def st(t):
        if t not in stats:
            stats[t] = [0, 0, 0]
            fps[t] = []
            fns[t] = []
        return stats[t]

    for lineno, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            nbad += 1
            continue
        if not isinstance(rec, dict):
            nbad += 1
            continue
        nrec += 1
        rid = rec.get("id", "line %d" % lineno)
        llm = rec.get("_llm") if isinstance(rec.get("_llm"), dict) else {}
        if "error" in llm:
            nerr += 1
        cls = llm.get("classify")
        if not isinstance(cls, dict):
            nnoclass += 1
            cls = {}
        groups = {}   # (type, path) -> ([labels], [findings])
        labels_all = rec.get("expect") or []
        if labels_all and all(e.get("placeholder") for e in labels_all):
            nph += 1
            if cls.get("class") not in ("public", "internal"):
                phigh.append((rid, cls.get("class")))
        for e in labels_all:
            key = ("placeholder" if e.get("placeholder") else e["type"], e.get("path", ".text"))
            groups.setdefault(key, ([], []))[0].append((e["start"], e["end"]))
        for fd in cls.get("findings") or []:
            if fd.get("decoded") and not a.decode:
                continue
            key = ("placeholder" if fd.get("placeholder") else fd.get("type"), fd.get("path", ".text"))
            groups.setdefault(key, ([], []))[1].append((fd.get("start", 0), fd.get("end", 0)))
        for (t, path), (labels, finds) in groups.items():
            s = st(t)
            li, fj = match(labels, finds)
            s[0] += len(labels)
            s[1] += len(finds)
            s[2] += len(li)
            for i, sp in enumerate(labels):
                if i not in li:
                    fns[t].append((rid, path, sp, excerpt(rec, path, *sp)))
            for j, sp in enumerate(finds):
                if j not in fj:
                    fps[t].append((rid, path, sp, excerpt(rec, path, *sp)))

    if nbad:
        print("score-corpus: error: %d input lines were not JSON objects" % nbad, file=sys.stderr)
    if nerr:
        print("score-corpus: warning: %d records carry _llm.error" % nerr, file=sys.stderr)
    if nnoclass:
        print("score-corpus: warning: %d records have no _llm.classify (their labels count as missed)" % nnoclass,
              file=sys.stderr)
    if nrec == 0:
        print("score-corpus: error: no records", file=sys.stderr)
        return 2

    order = [t for t in TYPES + ["placeholder"] if t in stats] + sorted(t for t in stats if t not in TYPES + ["placeholder"] and t is not None) \
        + ([None] if None in stats else [])
    fmt = "%-22s %8s %6s %6s %5s %5s %9s %7s"
    print(fmt % ("type", "expected", "found", "TP", "FP", "FN", "precision", "recall"))
    failing = []
    tot = [0, 0, 0]
    for t in order:
        exp, found, tp = stats[t]
        fp, fn = found - tp, exp - tp
        p = tp / found if found else 1.0
        rc = tp / exp if exp else 1.0
        for k in range(3):
            tot[k] += stats[t][k]
        bad = p < a.min or rc < a.min
        if bad:
            failing.append(t)
        print(fmt % (str(t), exp, found, tp, fp, fn, "%.3f" % p, "%.3f" % rc) + ("  <" if bad else ""))
    exp, found, tp = tot
    print(fmt % ("TOTAL", exp, found, tp, found - tp, exp - tp,
                 "%.3f" % (tp / found if found else 1.0), "%.3f" % (tp / exp if exp else 1.0)))
    print("records: %d, minimum: %.2f, failing types: %s" % (nrec, a.min, " ".join(map(str, failing)) or "none"))
    print("records with placeholders only: %d, above internal: %d" % (nph, len(phigh)))
    for rid, c in phigh[:a.examples]:
        print("placeholder-only record %s is %s" % (rid, c), file=sys.stderr)

    for t in failing:
        for what, lst in (("FP", fps[t]), ("FN", fns[t])):
            for rid, path, (s, e), ctx in lst[:a.examples]:
                print("%s %s %s %s[%d:%d] %s" % (what, t, rid, path, s, e, ctx), file=sys.stderr)
            if len(lst) > a.examples:
                print("%s %s ... and %d more" % (what, t, len(lst) - a.examples), file=sys.stderr)
    if nbad:
        return 2
    return 1 if failing or phigh else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(141)
