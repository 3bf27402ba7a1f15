#!/usr/bin/env python3
"""import-injection-train: the permissively licensed part of the shared
injection training set, copied into the repo.

  import-injection-train.py [--src DIR] [--out FILE]

DIR defaults to ../shared/data/injection-train (its SOURCES.md gives each
source's repository, commit and license). Only records whose text is wholly
MIT, Apache-2.0 or CC0 material are copied:

  microsoft/BIPIA            MIT; only the email contexts (OpenAI evals
                             invoices, MIT). The table and code contexts
                             come from WikiTableQuestions and Stack Exchange
                             (CC-BY-SA-4.0) and stay in ../shared.
  meta-llama/PurpleLlama     MIT (CybersecurityBenchmarks)
  JailbreakBench/artifacts   MIT
  whylabs/langkit            Apache-2.0
  f/awesome-chatgpt-prompts  CC0-1.0
  yizhongw/self-instruct     Apache-2.0
  openai/grade-school-math   MIT

OWASP's LLM Top 10 and XQuAD (CC-BY-SA-4.0) stay in ../shared. Each line
keeps the shared set's id, source, kind and lang, so every record traces
back to SOURCES.md. Deterministic: the output follows the input order.
"""
import argparse
import json
import os
import sys

ALLOWED = {
    "meta-llama/PurpleLlama": "MIT",
    "JailbreakBench/artifacts": "MIT",
    "whylabs/langkit": "Apache-2.0",
    "f/awesome-chatgpt-prompts": "CC0-1.0",
    "yizhongw/self-instruct": "Apache-2.0",
    "openai/grade-school-math": "MIT",
    "microsoft/BIPIA": "MIT",
}


def is_bipia_email(text):
    return "SUBJECT:" in text and "|CONTENT:" in text


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(here, "..", "..", "shared", "data", "injection-train"))
    ap.add_argument("--out", default=os.path.join(here, "..", "testdata", "injection", "train", "public.ndjson"))
    a = ap.parse_args()
    n = kept = 0
    with open(os.path.join(a.src, "train.ndjson"), encoding="utf-8") as f, \
            open(a.out, "w", encoding="utf-8") as o:
        for line in f:
            r = json.loads(line)
            n += 1
            lic = ALLOWED.get(r["source"])
            if not lic:
                continue
            if r["source"] == "microsoft/BIPIA" and not is_bipia_email(r["text"]):
                continue
            out = {"id": r["id"], "text": r["text"], "label": r["label"], "kind": r["kind"],
                   "lang": r["lang"], "source": r["source"], "license": lic}
            o.write(json.dumps(out, ensure_ascii=False) + "\n")
            kept += 1
    print(f"import-injection-train: {kept} of {n} records", file=sys.stderr)


if __name__ == "__main__":
    main()
