#!/usr/bin/env python3
"""A fake LLM API for the llm-infer tests: OpenAI Chat Completions and
Anthropic Messages on loopback, with faults chosen per request.

  fake-llm.py --port-file F [--log L] [--fault-rate R --seed S]

It binds 127.0.0.1 on a free port and writes the port to F (then prints
it), so tests never race for ports. Each request is appended to L as one
JSON line: path, model, the auth headers it carried, the body.

A fault is asked for by a magic string anywhere in the prompt:

  FAULT:<kind>[:retry_after=S][:times=N][:model=M][:ms=MS]

kind: 429 500 503 529 slow stall reset truncated malformed context
content_policy content_filter auth bad_request stream_cut stream_error.
times=N faults only the first N requests with this prompt and model (so a
retry succeeds, deterministically); model=M only requests for model M.
With --fault-rate R, other requests fail with probability R, chosen by a
hash of (seed, prompt, model, attempt number): the same every run.

Python 3 standard library only.
"""
import argparse
import hashlib
import json
import os
import re
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULT_RE = re.compile(r"FAULT:([a-z0-9_]+)((?::[a-z_]+=[A-Za-z0-9_.\-]+)*)")
RATE_FAULTS = ["429", "500", "503", "reset", "truncated", "malformed", "context", "content_policy"]

args = None
log_lock = threading.Lock()
count_lock = threading.Lock()
counts = {}


def text_of(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle
        # and delayed ACKs add 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_json(self, code, obj, extra=None):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.send_json(200, {"ok": True})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        try:
            req = json.loads(raw)
        except ValueError:
            self.send_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
            return
        anthropic = self.path.split("?")[0].endswith("/messages")
        model = req.get("model", "")
        msgs = req.get("messages") or []
        prompt = " ".join([text_of(req.get("system", ""))] + [text_of(m.get("content")) for m in msgs])
        last = text_of(msgs[-1].get("content")) if msgs else ""
        entry = {"path": self.path, "model": model, "anthropic": anthropic,
                 "authorization": self.headers.get("Authorization"),
                 "api_key": self.headers.get("api-key"),
                 "x_api_key": self.headers.get("x-api-key"),
                 "anthropic_version": self.headers.get("anthropic-version"),
                 "body": req, "raw": raw.decode("utf-8", "replace")}
        with count_lock:
            key = (prompt, model)
            attempt = counts.get(key, 0)
            counts[key] = attempt + 1
        entry["attempt"] = attempt
        if args.log:
            with log_lock:
                with open(args.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")
        fault, opts = self.pick_fault(prompt, model, attempt)
        if fault and self.fault(fault, opts, anthropic, req):
            return
        self.answer(anthropic, req, model, prompt, last, fault, opts)

    def pick_fault(self, prompt, model, attempt):
        for m in FAULT_RE.finditer(prompt):
            opts = dict(kv.split("=", 1) for kv in m.group(2).split(":") if kv)
            if "model" in opts and opts["model"] != model:
                continue
            if "times" in opts and attempt >= int(opts["times"]):
                continue
            return m.group(1), opts
        if args.fault_rate > 0:
            h = hashlib.sha256(("%d|%s|%s|%d" % (args.seed, prompt, model, attempt)).encode()).digest()
            x = struct.unpack(">Q", h[:8])[0] / 2.0**64
            if x < args.fault_rate:
                return RATE_FAULTS[h[8] % len(RATE_FAULTS)], {"retry_after": "0"}
        return None, {}

    def error(self, anthropic, code, atype, otype, ocode, msg, extra=None):
        if anthropic:
            self.send_json(code, {"type": "error", "error": {"type": atype, "message": msg}}, extra)
        else:
            self.send_json(code, {"error": {"message": msg, "type": otype, "param": None, "code": ocode}}, extra)

    def fault(self, kind, opts, anthropic, req):
        """Returns True when the fault is the whole response."""
        ra = {"Retry-After": opts["retry_after"]} if "retry_after" in opts else None
        if kind == "429":
            self.error(anthropic, 429, "rate_limit_error", "requests", "rate_limit_exceeded",
                       "Rate limit reached for requests", ra)
        elif kind in ("500", "503"):
            self.error(anthropic, int(kind), "api_error", "server_error", None, "The server had an error", ra)
        elif kind == "529":
            self.error(anthropic, 529, "overloaded_error", "server_error", None, "Overloaded", ra)
        elif kind == "slow":
            time.sleep(int(opts.get("ms", "1500")) / 1000.0)
            return False
        elif kind == "stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"id":')
            self.wfile.flush()
            time.sleep(float(opts.get("ms", "30000")) / 1000.0)
            self.close_connection = True
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
        elif kind == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "500")
            self.end_headers()
            self.wfile.write(b'{"id":"x","choices":[{"message":')
            self.wfile.flush()
            self.close_connection = True
        elif kind == "malformed":
            body = b'{"id":"x","choices":[{"message":{"content":"oops"'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif kind == "context":
            if anthropic:
                self.error(True, 400, "invalid_request_error", None, None,
                           "prompt is too long: 250000 tokens > 200000 maximum")
            else:
                self.error(False, 400, None, "invalid_request_error", "context_length_exceeded",
                           "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")
        elif kind == "content_policy":
            if anthropic:
                self.error(True, 400, "invalid_request_error", None, None, "content_policy_violation: Output blocked by content filtering policy")
                return True
            self.error(False, 400, None, "invalid_request_error", "content_policy_violation",
                       "Your request was rejected as a result of our safety system.")
        elif kind == "auth":
            key = self.headers.get("Authorization") or self.headers.get("x-api-key") or ""
            # Real APIs echo part of a bad key; the client must not repeat it.
            self.error(anthropic, 401, "authentication_error", "invalid_request_error", "invalid_api_key",
                       "Incorrect API key provided: %s. Header was %s" % (key.replace("Bearer ", ""), key))
        elif kind == "bad_request":
            self.error(anthropic, 400, "invalid_request_error", "invalid_request_error", None,
                       "Invalid value for 'temperature'")
        else:
            return False
        return True

    def answer(self, anthropic, req, model, prompt, last, fault, opts):
        out = "echo: " + last
        words = out.split()
        tin, tout = max(1, len(prompt.split())), len(words)
        if "FAULT:content_filter" in prompt and (fault == "content_filter"):
            finish = "refusal" if anthropic else "content_filter"
        else:
            finish = "end_turn" if anthropic else "stop"
        if req.get("stream"):
            self.stream(anthropic, model, words, tin, tout, finish, fault, opts)
            return
        if anthropic:
            self.send_json(200, {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                                 "content": [{"type": "text", "text": out}], "stop_reason": finish,
                                 "usage": {"input_tokens": tin, "output_tokens": tout}})
        else:
            self.send_json(200, {"id": "chatcmpl-1", "object": "chat.completion", "model": model,
                                 "choices": [{"index": 0, "message": {"role": "assistant", "content": out},
                                              "finish_reason": finish}],
                                 "usage": {"prompt_tokens": tin, "completion_tokens": tout,
                                           "total_tokens": tin + tout}})

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def stream(self, anthropic, model, words, tin, tout, finish, fault, opts):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        delay = int(opts.get("ms", "0")) / 1000.0 if fault == "slow_tokens" else 0
        ev = []
        if anthropic:
            def e(name, obj):
                return ("event: %s\ndata: %s\n\n" % (name, json.dumps(obj))).encode()
            ev.append(e("message_start", {"type": "message_start", "message": {"id": "msg_1", "model": model,
                        "usage": {"input_tokens": tin, "output_tokens": 1}}}))
            ev.append(e("content_block_start", {"type": "content_block_start", "index": 0,
                        "content_block": {"type": "text", "text": ""}}))
            ev.append(b": ping\n\n")
            for i, w in enumerate(words):
                ev.append(e("content_block_delta", {"type": "content_block_delta", "index": 0,
                            "delta": {"type": "text_delta", "text": (" " if i else "") + w}}))
            ev.append(e("content_block_stop", {"type": "content_block_stop", "index": 0}))
            ev.append(e("message_delta", {"type": "message_delta", "delta": {"stop_reason": finish},
                        "usage": {"output_tokens": tout}}))
            if fault == "stream_error":
                ev.insert(3, e("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}))
            ev.append(e("message_stop", {"type": "message_stop"}))
        else:
            def d(obj):
                return ("data: %s\r\n\r\n" % json.dumps(obj)).encode()
            base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": model}
            ev.append(d(dict(base, choices=[{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}])))
            for i, w in enumerate(words):
                ev.append(d(dict(base, choices=[{"index": 0, "delta": {"content": (" " if i else "") + w},
                                                 "finish_reason": None}])))
            ev.append(d(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": finish}])))
            ev.append(d(dict(base, choices=[], usage={"prompt_tokens": tin, "completion_tokens": tout})))
            if fault == "stream_error":
                ev.insert(2, d({"error": {"message": "The server had an error", "type": "server_error"}}))
            ev.append(b"data: [DONE]\n\n")
        if fault == "stream_cut":
            ev = ev[: max(2, len(ev) // 2)]
        for x in ev:
            self.chunk(x)
            if delay:
                time.sleep(delay)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        if fault == "stream_cut":
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--fault-rate", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    port = srv.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
