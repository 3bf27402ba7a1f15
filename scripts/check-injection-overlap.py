#!/usr/bin/env python3
"""check-injection-overlap: does an evaluation set share text with training data?

  check-injection-overlap.py [--n N] EVAL.ndjson TRAIN.ndjson...

Words are the runs of letters and digits (Python's \\w+) of the case-folded
text without its combining marks (so that a Devanagari or Thai word is one
word, not one per letter), and a run of three or more one-letter words
("s y s t e m", "s.y.s.t.e.m") is read as one word. Two records share
text when they have a run of N words in common (N-word shingles, default
12), or, for a text shorter than N words, when the training data holds the
same words in the same order as a whole record. Prints each evaluation record that shares text, with the shared
run and the training file, and exits 1 if there is one; 0 otherwise.
Standard library only.
"""
import json
import re
import sys
import unicodedata

WORD = re.compile(r"\w+")


def words(text):
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    out, run = [], []
    for w in WORD.findall(text) + [""]:
        if len(w) == 1:
            run.append(w)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


def shingles(ws, n):
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def main():
    args = sys.argv[1:]
    n = 12
    if args[:1] == ["--n"] and len(args) > 1:
        n = int(args[1])
        args = args[2:]
    if len(args) < 2 or n < 1:
        sys.stderr.write("usage: check-injection-overlap.py [--n N] EVAL.ndjson TRAIN.ndjson...\n")
        return 2
    seen = {}    # shingle -> training file
    whole = {}   # a short training text's words -> training file
    for path in args[1:]:
        with open(path, encoding="utf-8") as fp:
            for line in fp:
                if not line.strip():
                    continue
                ws = words(json.loads(line).get("text", ""))
                if len(ws) < n:
                    whole.setdefault(" ".join(ws), path)
                for s in shingles(ws, n):
                    seen.setdefault(s, path)
    bad = 0
    with open(args[0], encoding="utf-8") as fp:
        for lineno, line in enumerate(fp, 1):
            if not line.strip():
                continue
            ws = words(json.loads(line).get("text", ""))
            hit = None
            if len(ws) < n:
                key = " ".join(ws)
                if key in whole:
                    hit = (key, whole[key])
            for s in sorted(shingles(ws, n)):
                if s in seen:
                    hit = (s, seen[s])
                    break
            if hit:
                bad += 1
                print("%s:%d shares \"%s\" with %s" % (args[0], lineno, hit[0], hit[1]))
    if bad:
        print("%d record(s) of %s share text with the training data" % (bad, args[0]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
