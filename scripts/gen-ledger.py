#!/usr/bin/env python3
"""A made-up week of pipeline traffic for llm-audit report (scripts/demo-report).

Writes, into OUTDIR, one file per hour of the week, at-SECONDS.ndjson
(SECONDS: from the start of the week; records as they leave `llm-classify |
llm-filter | llm-route | llm-infer | llm-filter --stage output`, with the
`_llm` members llm-audit reads), and feedback.ndjson (scores for some of
them). Deterministic for a seed. Nothing here is a real measurement: it is
there so every chart of the report has something to draw (three backends, a
model version that changes mid-week and gets slower to its first token,
costs, blocks, denials, errors, feedback).

usage: gen-ledger.py OUTDIR [--days N] [--per-day N] [--seed N]
"""
import argparse
import json
import math
import os
import random

BACKENDS = {
    # name: (provider, latency median ms, ttft median ms, usd per 1M in, per 1M out)
    "openai": ("openai", 800, 220, 0.15, 0.60),
    "anthropic": ("anthropic", 1200, 380, 0.80, 4.00),
    "local": ("local", 2400, 90, 0.0, 0.0),
}
MODELS = {
    "openai": ["gpt-4o-mini-2024-07-18", "gpt-4o-mini-2025-01-31"],
    "anthropic": ["claude-3-5-haiku-20241022"],
    "local": ["llama-3.1-8b-instruct-q4_0.gguf"],
}
WORKLOADS = [("support", 5), ("billing", 2), ("devops", 2), ("hr", 1), ("research", 2), ("marketing", 1)]
CLASSES = [("public", 3), ("internal", 4), ("confidential", 2), ("restricted", 1)]
FINDINGS = {
    "public": [],
    "internal": [],
    "confidential": ["email", "phone", "ip_address"],
    "restricted": ["credit_card", "aws_access_key_id", "us_ssn", "iban", "github_token", "password"],
}
ERRORS = [("backend_failed", 5), ("timeout", 3), ("budget_exceeded", 1)]


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for v, w in weighted:
        x -= w
        if x <= 0:
            return v
    return weighted[-1][0]


def lognormal(rng, median, sigma=0.35):
    return median * math.exp(rng.gauss(0, sigma))


def record(rng, day, days, i):
    rid = "w-%d-%04d" % (day, i)
    workload = pick(rng, WORKLOADS)
    cls = pick(rng, CLASSES)
    found = []
    if FINDINGS[cls]:
        found = rng.sample(FINDINGS[cls], rng.randint(1, 2))
    llm = {"classify": {"class": cls, "findings": [{"type": t, "path": ".text", "start": 0, "end": 4,
                                                     "detector": t} for t in found],
                        "counts": {t: 1 for t in found}}}
    rec = {"id": rid, "workload": workload, "text": "(synthetic prompt %s)" % rid}
    verdict_in = "redact" if found else "pass"
    r = rng.random()
    if r < 0.02:
        llm["filter"] = {"stage": "input", "verdict": "block", "findings": [{"type": "prompt_injection"}]}
        rec["_llm"] = llm
        return rec
    if cls == "restricted" or cls == "confidential":
        backend, rule = "local", "stays-on-box"
    elif workload in ("research", "marketing"):
        backend, rule = "anthropic", "long-form"
    else:
        backend, rule = "openai", "default"
    policy = "sha256:" + "5e" * 32
    if r < 0.04:
        llm["filter"] = {"stage": "input", "verdict": verdict_in, "findings": []}
        llm["route"] = {"denied": True, "rule": "no-hr-on-hosted", "reason": "hr records stay in house",
                        "policy": policy}
        rec["_llm"] = llm
        return rec
    llm["route"] = {"backend": backend, "chain": [backend], "rule": rule, "reason": "rule '%s' matched" % rule,
                    "workload": workload, "policy": policy, "class": cls}
    provider, lat_ms, ttft_ms, pin, pout = BACKENDS[backend]
    models = MODELS[backend]
    model = models[-1] if day >= days // 2 + 1 else models[0]
    if r < 0.07:
        llm["filter"] = {"stage": "input", "verdict": verdict_in, "findings": []}
        llm["error"] = {"tool": "infer", "code": pick(rng, ERRORS), "message": "synthetic failure", "line": i + 1}
        rec["_llm"] = llm
        return rec
    if model == "gpt-4o-mini-2025-01-31":
        ttft_ms *= 1.8  # the new version is slower to its first token: drift shows it
    tin = rng.randint(20, 900)
    tout = rng.randint(30, 600)
    lat = lognormal(rng, lat_ms * (0.6 + tout / 600))
    llm["infer"] = {"backend": backend, "provider": provider, "model": model, "output": "(synthetic answer)",
                    "finish_reason": "stop", "usage": {"input_tokens": tin, "output_tokens": tout},
                    "latency_ms": round(lat), "ttft_ms": round(min(lognormal(rng, ttft_ms), lat)),
                    "cost_usd": round((tin * pin + tout * pout) / 1e6, 6),
                    "attempts": [{"backend": backend, "status": "ok", "latency_ms": round(lat), "error": None}]}
    llm["filter"] = {"stage": "output", "verdict": "pass", "findings": [],
                     "input": {"stage": "input", "verdict": verdict_in, "findings": []}}
    rec["_llm"] = llm
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--per-day", type=int, default=160)
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    mean_score = {"openai": 0.78, "anthropic": 0.84, "local": 0.62}
    # more traffic in working hours (UTC), less at the weekend
    hour_w = [0.25 + math.exp(-((h - 14) / 4.0) ** 2) for h in range(24)]
    with open(os.path.join(a.outdir, "feedback.ndjson"), "w") as fb:
        for day in range(a.days):
            n = int(a.per_day * (0.5 if day % 7 >= 5 else 1.0) + rng.randint(0, a.per_day // 4))
            i = 0
            for h in range(24):
                k = round(n * hour_w[h] / sum(hour_w))
                with open(os.path.join(a.outdir, "at-%d.ndjson" % ((day * 24 + h) * 3600 + 1800)), "w") as f:
                    for _ in range(k):
                        rec = record(rng, day, a.days, i)
                        i += 1
                        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
                        inf = rec["_llm"].get("infer")
                        if inf and rng.random() < 0.15:
                            s = min(1.0, max(0.0, rng.gauss(mean_score[inf["backend"]], 0.15)))
                            fb.write(json.dumps({"id": rec["id"], "score": round(s, 2), "comment": "synthetic"}) + "\n")

if __name__ == "__main__":
    main()
