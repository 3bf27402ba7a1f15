#!/usr/bin/env python3
"""A loopback OpenTelemetry collector for the llm-audit export --otlp tests:
OTLP/HTTP with JSON bodies (POST /v1/traces), checking every request.

  fake-otlp.py --port-file F --log L [--script CODES] [--always CODE]

It binds 127.0.0.1 on a free port and writes the port to F, so tests never
race for ports. Each request is appended to L as one JSON line:

  {"t": seconds (monotonic), "path", "content_type", "status" answered,
   "valid": the body is OTLP JSON as the spec maps it, "problem",
   "spans": [{"traceId", "spanId", "name", "kind", "start", "end",
              "dur": end - start in ns, "status", "attrs": {key: value}}],
   "resource": {key: value},
   "body_bytes", "raw": the body as text}

--script CODES answers the first requests with these codes in turn, e.g.
"503,429:1" (429 with Retry-After: 1), then 200; --always CODE answers
every request with CODE. An invalid body is answered 400.

Python 3 standard library only.
"""
import argparse
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEX = re.compile(r"^[0-9a-f]+$")
DIGITS = re.compile(r"^[0-9]+$")
VALUE_KINDS = {"stringValue", "intValue", "doubleValue", "boolValue", "arrayValue", "kvlistValue", "bytesValue"}

args = None
lock = threading.Lock()
script = []


def value(v):
    if not isinstance(v, dict) or len(v) != 1 or next(iter(v)) not in VALUE_KINDS:
        raise ValueError("an AnyValue with one of %s, not %r" % (sorted(VALUE_KINDS), v))
    k, x = next(iter(v.items()))
    if k == "intValue":
        if not (isinstance(x, str) and re.match(r"^-?[0-9]+$", x)) and not isinstance(x, int):
            raise ValueError("intValue %r" % x)
        return int(x)
    if k == "doubleValue":
        if not isinstance(x, (int, float)):
            raise ValueError("doubleValue %r" % x)
        return float(x)
    if k == "stringValue":
        if not isinstance(x, str):
            raise ValueError("stringValue %r" % x)
        return x
    if k == "arrayValue":
        return [value(e) for e in x.get("values", [])]
    return x


def attrs(lst):
    if not isinstance(lst, list):
        raise ValueError("attributes must be a list")
    out = {}
    for a in lst:
        if set(a) != {"key", "value"} or not isinstance(a["key"], str):
            raise ValueError("an attribute must be {key, value}: %r" % a)
        if a["key"] in out:
            raise ValueError("attribute %s twice" % a["key"])
        out[a["key"]] = value(a["value"])
    return out


def check(body):
    """The spans of a valid ExportTraceServiceRequest, or ValueError."""
    d = json.loads(body)
    spans, resource = [], {}
    rs = d.get("resourceSpans")
    if not isinstance(rs, list) or not rs:
        raise ValueError("no resourceSpans")
    for r in rs:
        resource.update(attrs(r.get("resource", {}).get("attributes", [])))
        for ss in r.get("scopeSpans", []):
            if not isinstance(ss.get("scope", {}).get("name", ""), str):
                raise ValueError("scope.name")
            for s in ss.get("spans", []):
                for k, n in (("traceId", 32), ("spanId", 16)):
                    v = s.get(k)
                    if not isinstance(v, str) or len(v) != n or not HEX.match(v) or set(v) == {"0"}:
                        raise ValueError("%s %r is not %d lower-case hex digits (not all zero)" % (k, v, n))
                for k in ("startTimeUnixNano", "endTimeUnixNano"):
                    if not isinstance(s.get(k), str) or not DIGITS.match(s[k]):
                        raise ValueError("%s %r is not a decimal string" % (k, s.get(k)))
                if int(s["endTimeUnixNano"]) < int(s["startTimeUnixNano"]):
                    raise ValueError("a span ends before it starts")
                if not isinstance(s.get("name"), str) or not s["name"]:
                    raise ValueError("a span without a name")
                if s.get("kind", 0) not in range(6):
                    raise ValueError("kind %r" % s.get("kind"))
                st = s.get("status", {})
                if st and st.get("code", 0) not in (0, 1, 2):
                    raise ValueError("status %r" % st)
                spans.append({"traceId": s["traceId"], "spanId": s["spanId"], "name": s["name"],
                              "kind": s.get("kind", 0), "start": int(s["startTimeUnixNano"]),
                              "end": int(s["endTimeUnixNano"]), "status": st,
                              "dur": int(s["endTimeUnixNano"]) - int(s["startTimeUnixNano"]),
                              "attrs": attrs(s.get("attributes", []))})
    return spans, resource


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        rec = {"t": time.monotonic(), "path": self.path, "content_type": self.headers.get("Content-Type"),
               "valid": False, "problem": None, "spans": [], "resource": {}, "body_bytes": n, "raw": body}
        try:
            rec["spans"], rec["resource"] = check(body)
            rec["valid"] = True
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            rec["problem"] = str(e)
        code, retry_after = 200, None
        with lock:
            if args.always:
                code = args.always
            elif script:
                code, retry_after = script.pop(0)
        if not rec["valid"] or self.path.split("?")[0] != "/v1/traces" or rec["content_type"] != "application/json":
            code = 400
        rec["status"] = code
        with lock, open(args.log, "a") as f:
            f.write(json.dumps(rec) + "\n")
        out = b"{}" if code == 200 else json.dumps({"code": 3, "message": rec["problem"] or "injected"}).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.end_headers()
        self.wfile.write(out)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--script", default="")
    p.add_argument("--always", type=int, default=0)
    args = p.parse_args()
    for item in filter(None, args.script.split(",")):
        c, _, ra = item.partition(":")
        script.append((int(c), int(ra) if ra else None))
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
