#!/usr/bin/env python3
"""Cross-check the engine's BPE pre-tokenizers (common/engine/pretok.c)
against llama.cpp's regular expressions run by Python's `regex` module
(pip or Debian python3-regex; not a build dependency), applied as
llama.cpp applies them: each expression splits the pieces of the one
before; GPT-2, Llama 3, Qwen2 and Qwen3.5 expressions by matching at each position
(llama.cpp's hand-written matchers: an unmatched character is a piece of its
own), the others by search (the text between matches is a piece). Like
std::regex there, whitespace beyond ASCII is seen as U+000B, and \\s is
ASCII whitespace.

  scripts/pretok-crosscheck.py TOOL_DIR [UCD_DIR] [VOCAB_INP]

Texts: llama.cpp's tokenizer test texts, hand-picked ones, and 4000 random
strings over a tricky alphabet (fixed seed). Prints the mismatches per
kind; exit status 1 when any.
"""
import random
import regex
import subprocess
import sys

TOOL = sys.argv[1] + "/pretok-pieces"
UCD = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/unicode"
INP = sys.argv[3] if len(sys.argv) > 3 else "testdata/engine/ggml-vocab-gpt-2.gguf.inp"
# DeepSeek LLM's cased-letter bracket expression, as code point ranges
R = [(0x41,0x5A),(0x61,0x7A),(0xB5,0xB5),(0xC0,0xD6),(0xD8,0xF6),(0xF8,0x1BA),(0x1BC,0x1BF),(0x1C4,0x293),(0x295,0x2AF),
(0x370,0x373),(0x376,0x377),(0x37B,0x37D),(0x37F,0x37F),(0x386,0x386),(0x388,0x38A),(0x38C,0x38C),(0x38E,0x3A1),(0x3A3,0x3F5),
(0x3F7,0x481),(0x48A,0x52F),(0x531,0x556),(0x10A0,0x10C5),(0x13A0,0x13F5),(0x13F8,0x13FD),(0x1C90,0x1CBA),(0x1CBD,0x1CBF),
(0x1D00,0x1D2B),(0x1D6B,0x1D77),(0x1D79,0x1D9A),(0x1E00,0x1F15),(0x1F18,0x1F1D),(0x1F20,0x1F45),(0x1F48,0x1F4D),(0x1F50,0x1F57),
(0x1F59,0x1F59),(0x1F5B,0x1F5B),(0x1F5D,0x1F5D),(0x1F5F,0x1F7D),(0x1F80,0x1FB4),(0x1FB6,0x1FBC),(0x1FBE,0x1FBE),(0x1FC2,0x1FC4),
(0x1FC6,0x1FCC),(0x1FD0,0x1FD3),(0x1FD6,0x1FDB),(0x1FE0,0x1FEC),(0x1FF2,0x1FF4),(0x1FF6,0x1FFC),(0x2102,0x2102),(0x2107,0x2107),
(0x210A,0x2113),(0x2115,0x2115),(0x2119,0x211D),(0x2124,0x2124),(0x2126,0x2126),(0x2128,0x2128),(0x212A,0x212D),(0x212F,0x2134),
(0x2139,0x2139),(0x213C,0x213F),(0x2145,0x2149),(0x214E,0x214E),(0x2183,0x2184),(0x2C00,0x2C7B),(0x2C7E,0x2CE4),(0x2CEB,0x2CEE),
(0x2CF2,0x2CF3),(0xA640,0xA66D),(0xA680,0xA69B),(0xA722,0xA76F),(0xA771,0xA787),(0xA78B,0xA78E),(0xAB70,0xABBF),(0xFB00,0xFB06),
(0xFB13,0xFB17),(0xFF21,0xFF3A),(0xFF41,0xFF5A),(0x10400,0x1044F),(0x104B0,0x104D3),(0x104D8,0x104FB),(0x10C80,0x10CB2),
(0x10CC0,0x10CF2),(0x118A0,0x118DF),(0x1E900,0x1E943)]
WS=set()
for line in open(UCD + '/PropList.txt'):
    line=line.split('#')[0].strip()
    if not line: continue
    rng,prop=[x.strip() for x in line.split(';')]
    if prop!='White_Space': continue
    lo,_,hi=rng.partition('..')
    for c in range(int(lo,16),int(hi or lo,16)+1): WS.add(c)
S=r'[\t\n\x0b\x0c\r ]'; NS=r'[^\t\n\x0b\x0c\r ]'
def fix(p): return p.replace(r'[^\s',r'[^\t\n\x0b\x0c\r ').replace(r'\s',S).replace(r'\S',NS)
GPT2=fix(r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)")
LL3=fix(r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QW2=LL3.replace(r'\p{N}{1,3}',r'\p{N}')
QW35=fix(r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
TEK=fix(r"[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+")
DSL=''.join('\\U%08x-\\U%08x'%(lo,hi) for lo,hi in R)
CJK=r'[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]'
DSP=r'[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]'
KINDS={
 'gpt-2':[('c',GPT2)], 'llama-bpe':[('c',LL3)], 'qwen2':[('c',QW2)], 'qwen35':[('c',QW35)], 'mpt':[('c',GPT2)],
 'smollm':[('s',r'\p{N}'),('c',GPT2)],
 'falcon':[('s',r'[\p{P}$+<=>^~|`]+'),('c',GPT2),('s',r'[0-9][0-9][0-9]')],
 'deepseek-llm':[('s',r'[\r\n]'),('s',S+'?['+DSL+']+'),('s',S+'?'+DSP+'+'),('s',S+r'+\Z'),('s',CJK+'+'),('s',r'\p{N}+')],
 'deepseek-coder':[('s',r'[\r\n]'),('s',S+r'?\p{L}+'),('s',S+r'?\p{P}+'),('s',CJK+'+'),('s',r'\p{N}')],
 'tekken':[('c',TEK)],
}
def split(text, passes):
    t=''.join('\x0b' if (ord(ch)>=0x80 and ord(ch) in WS) else ch for ch in text)
    chunks=[(0,len(t))]
    for mode,pat in passes:
        rx=regex.compile(pat)
        out=[]
        for a,b in chunks:
            q=a
            if mode=='c':
                while q<b:
                    m=rx.match(t,q,b)
                    e=m.end() if m and m.end()>q else q+1
                    out.append((q,e)); q=e
            else:
                for m in rx.finditer(t,a,b):
                    if m.end()==m.start(): continue
                    if m.start()>q: out.append((q,m.start()))
                    out.append((m.start(),m.end())); q=m.end()
                if q<b: out.append((q,b))
        chunks=out
    return [text[a:b] for a,b in chunks]
def cpieces(kind, texts):
    data=b'\0'.join(x.encode() for x in texts)+b'\0'
    out=subprocess.run([TOOL, kind],input=data,capture_output=True).stdout
    res=[]
    for rec in out.split(b'\0')[:len(texts)]:
        res.append([p.decode() for p in rec.split(b'\x01')[:-1]])
    return res
inp=open(INP).read().split('\n__ggml_vocab_test__\n')
hand=["HELLOworld","ÉCOLE normale","café Über","McDonald's iPhone XMLHttpRequest","3.14159 1234567 $100+<=>","a  \n\n  b  ",
 "日本語テキスト 한국어 中文","trailing   ","\u3000ideo\u3000space\u3000","tab\there","foo/bar\n//\r\ny","emoji 😀👍🏽!","Ελληνικά Кириллица",
 "ＡＢＣ！ｄｅｆ","‘quoted’ “text”","it's I'LL","x\u00a0y\u0085z","ǅemal ǈ","ſtraße","٣٤٥ ١٢","--==>>","a—b…c","  \n","\r\n\r\n","1,234.56",
 "ÀÉÎõü","ǄǅǆDž","ŉ","x-y_z","@user #tag","\u2028line\u2029","ᾼι","𐐀𐐨","a\u0301b",
 "\u0301abc"," \u0301x","!\u0301","e\u0301\u0302 9\u0303","नमस्ते दुनिया","ภาษาไทย"]
alpha=list("aAzZ09 \t\n\r'.,!?-/$+<=>^~|`_") + ["é","É","ß","ǅ","µ","ß","ſ","ǈ","日","한","ٱ","٣","½","Ⅻ","😀","\u3000","\u00a0","\u0301","—","…","“","ｆ","Ｆ","！","ᾼ","Ω","K","𐐀","\u2028","ʔ","ƻ","\u0302","\u093f","\u20dd"]
random.seed(5)
rnd=[''.join(random.choice(alpha) for _ in range(random.randint(1,14))) for _ in range(4000)]
texts=[x for x in inp if '\0' not in x]+hand+rnd
bad=0
for kind,passes in KINDS.items():
    got=cpieces(kind,texts); nb=0
    for t,g in zip(texts,got):
        w=split(t,passes)
        if g!=w:
            nb+=1
            if nb<=4: print(kind, repr(t), '\n  C  ', g, '\n  ref', w)
    print(kind, 'mismatches', nb, 'of', len(texts)); bad+=nb
sys.exit(1 if bad else 0)
