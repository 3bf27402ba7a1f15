#!/usr/bin/python3
"""A TLS chat-completions server for the llm-infer TLS tests (tests/tls.bats).

  fake-tls.py --cert C --key K --port-file F --log L [--no-h2]

It binds 127.0.0.1 on a free port, writes the port to F, and answers
POST .../chat/completions with a canned OpenAI answer, over HTTP/2 when
the client offers it in ALPN (h2, from Debian's python3-h2) and
HTTP/1.1 with keep-alive otherwise (or always, with --no-h2). Each request
is appended to L as one JSON line: {"proto", "conn", "path"}; conn numbers
the TLS connection, so a test can see keep-alive at work. A handshake that
fails (the client refused the certificate) is logged as {"handshake":
"failed"}. Runs on the system python3: Debian's h2 lives there.
"""
import argparse
import json
import socket
import ssl
import threading

ANSWER = json.dumps({"id": "x", "object": "chat.completion", "model": "m",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok tls"},
                                  "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 3, "completion_tokens": 2}}).encode()

lock = threading.Lock()
conn_seq = [0]


def log(args, entry):
    with lock:
        with open(args.log, "a") as f:
            f.write(json.dumps(entry) + "\n")


def serve_h2(args, tls, cid):
    import h2.config
    import h2.connection
    import h2.events
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
    conn.initiate_connection()
    tls.sendall(conn.data_to_send())
    paths = {}
    while True:
        data = tls.recv(65536)
        if not data:
            return
        for ev in conn.receive_data(data):
            if isinstance(ev, h2.events.RequestReceived):
                paths[ev.stream_id] = dict(ev.headers).get(b":path", b"").decode()
            elif isinstance(ev, h2.events.DataReceived):
                conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.StreamEnded):
                log(args, {"proto": "h2", "conn": cid, "path": paths.get(ev.stream_id, "")})
                conn.send_headers(ev.stream_id, [(":status", "200"), ("content-type", "application/json"),
                                                 ("content-length", str(len(ANSWER)))])
                conn.send_data(ev.stream_id, ANSWER, end_stream=True)
        out = conn.data_to_send()
        if out:
            tls.sendall(out)


def serve_h1(args, tls, cid):
    f = tls.makefile("rb")
    while True:
        line = f.readline()
        if not line:
            return
        path = line.split()[1].decode() if len(line.split()) > 1 else ""
        n = 0
        while True:
            h = f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            k, _, v = h.decode().partition(":")
            if k.strip().lower() == "content-length":
                n = int(v.strip())
        f.read(n)
        log(args, {"proto": "http/1.1", "conn": cid, "path": path})
        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(ANSWER)
                    + ANSWER)


def handle(args, ctx, sock):
    with lock:
        conn_seq[0] += 1
        cid = conn_seq[0]
    try:
        tls = ctx.wrap_socket(sock, server_side=True)
    except (ssl.SSLError, OSError):
        log(args, {"handshake": "failed", "conn": cid})
        sock.close()
        return
    try:
        if tls.selected_alpn_protocol() == "h2":
            serve_h2(args, tls, cid)
        else:
            serve_h1(args, tls, cid)
    except (OSError, ssl.SSLError):
        pass
    finally:
        tls.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--no-h2", action="store_true")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.set_alpn_protocols(["http/1.1"] if args.no_h2 else ["h2", "http/1.1"])
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    import os
    os.rename(args.port_file + ".tmp", args.port_file)
    while True:
        s, _ = srv.accept()
        threading.Thread(target=handle, args=(args, ctx, s), daemon=True).start()


if __name__ == "__main__":
    main()
