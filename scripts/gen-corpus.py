#!/usr/bin/env python3
"""gen-corpus: deterministic test data for llm-classify.

  gen-corpus.py --labelled N [--seed S]    labelled NDJSON corpus (default 2400)
  gen-corpus.py --bench MB [--seed S]      ~MB megabytes of unlabelled NDJSON

Labelled records are {"id", "text", "expect"} or, for about one in ten,
{"id", "messages": [{"role", "content"}], "expect"}. Each expect item is
{"type", "path", "start", "end"}: the jq path of the string and the BYTE span
(UTF-8, end exclusive) of a planted value, i.e. what a careful human would
mark (an email without the trailing full stop, a phone with its leading + and
parentheses, a card with its separators, the whole PEM block, a password's
value without its quotes).

Every planted value is valid by construction: Luhn and issuer prefixes for
cards, ISO 13616 mod-97 check digits for IBANs, the SSA's ranges for SSNs,
the CRC32 checksum GitHub puts in its tokens, a base64url JSON header with
"alg" for JWTs. Look-alikes that must NOT be labelled are planted beside
them (Luhn-invalid cards, bad IBAN checksums, SSNs in invalid ranges, hex
digests, UUIDs, versions, dates, order numbers, public keys, placeholder
passwords, words with key-like prefixes).

Standard library only. Output depends on nothing but the arguments: the
generator uses its own random.Random(seed), never sets or dicts whose order
could vary, and only the stable parts of the random API (random, randrange,
choice, choices, shuffle, getrandbits).
"""

import argparse
import base64
import json
import random
import string
import sys
import zlib

TYPES = [
    "email", "phone", "credit_card", "iban", "us_ssn", "ip_address",
    "aws_access_key_id", "aws_secret_access_key", "github_token", "slack_token",
    "stripe_key", "openai_api_key", "anthropic_api_key", "google_api_key",
    "jwt", "private_key", "password", "gitlab_token", "npm_token", "pypi_token",
    "huggingface_token", "azure_storage_key", "twilio_key", "sendgrid_key",
    "mailgun_key", "shopify_token", "databricks_token",
]

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.digits + string.ascii_uppercase + string.ascii_lowercase
B62 = ALNUM  # GitHub's base62 alphabet: 0-9A-Za-z
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"


class Rand(random.Random):
    def s(self, alphabet, n):
        return "".join(self.choice(alphabet) for _ in range(n))

    def digits(self, n):
        return self.s(DIGITS, n)

    def rbytes(self, n):
        return bytes(self.getrandbits(8) for _ in range(n))

    def pick(self, weighted):
        """weighted: list of (weight, value)."""
        return self.choices([v for _, v in weighted], [w for w, _ in weighted])[0]


# ---------------------------------------------------------------------------
# Names, places and filler text (several languages, so that byte offsets and
# character offsets differ in many records).

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
         "Linda", "David", "Elizabeth", "Priya", "Wei", "Fatima", "Carlos",
         "Aisha", "Kenji", "Olga", "Mateo", "Chloé", "José", "Zoë", "Jürgen",
         "Łukasz", "Søren", "Siobhán", "Ngozi", "Hiroshi", "Ananya", "Björn",
         "François", "Inés", "Dmitri", "Amélie", "Thu", "Mehmet", "Sofía"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Martinez", "Nguyen", "Patel", "Kim", "Müller", "Schmidt",
        "Dubois", "Rossi", "Kowalski", "Tanaka", "Ivanova", "O'Brien",
        "Andersen", "Okafor", "Yılmaz", "Fernández", "Chen", "Haddad", "Novák",
        "Lefèvre", "Sato", "Nowak", "Silva", "Murphy"]
ASCII_FOLD = str.maketrans({"é": "e", "ë": "e", "ü": "ue", "ø": "o", "Ł": "L", "ł": "l",
                            "á": "a", "ç": "c", "í": "i", "ı": "i", "'": "",
                            "è": "e", "ö": "oe", "Ö": "Oe", "ñ": "n"})
DOMAINS = ["acme-corp.com", "globex.io", "initech.net", "umbrella.co.uk",
           "contoso.com", "fabrikam.de", "northwind.fr", "example.org",
           "mail.tyrell.ai", "wayne-enterprises.com", "gmail.com",
           "outlook.com", "yahoo.co.jp", "web.de", "gmx.net", "orange.fr",
           "libero.it", "hooli.xyz", "piedpiper.dev", "stark-industries.us",
           "uni-heidelberg.de", "cs.stanford.edu", "sub.dept.gov.au"]
HOSTS = ["db-prod-01", "api.internal", "cache-2.eu-west-1", "worker-17",
         "web01.dc2", "auth-svc", "ingest-3", "k8s-node-a4", "bastion"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Contoso",
             "Fabrikam GmbH", "Northwind SARL", "Hooli", "Pied Piper"]
CITIES = ["Berlin", "Paris", "London", "São Paulo", "München", "Kraków",
          "Zürich", "Montréal", "Tokyo", "Austin", "Lagos", "Istanbul"]

FILLER_EN = [
    "Thanks for getting back to me so quickly.",
    "I've attached the logs from this morning's run.",
    "The deployment failed again after the last merge.",
    "Could you take a look when you have a moment?",
    "We're seeing intermittent 502s from the gateway since Tuesday.",
    "Let me know if you need anything else from our side.",
    "The customer says the invoice total doesn't match the quote.",
    "I restarted the service and the queue drained within ten minutes.",
    "Please escalate this to the on-call engineer.",
    "Our team meeting moved to Thursday afternoon.",
    "The migration script ran but two tables were skipped.",
    "Can we schedule a call to go over the renewal?",
    "The dashboard shows a spike in latency around noon.",
    "I'm out of office next week, Sam will cover for me.",
    "This only happens on the staging cluster, not in production.",
    "We rolled back to the previous build as a precaution.",
    "The report is due by the end of the quarter.",
    "Shipping was delayed because of the weather in the north.",
    "I updated the ticket with the steps to reproduce.",
    "Memory usage keeps climbing until the pod is OOM-killed.",
    "Happy to help, just reply to this thread.",
    "The new onboarding flow looks great on mobile.",
    "Please don't share this document outside the team.",
    "Summarise the following conversation in three bullet points.",
    "Translate the paragraph below into plain English.",
    "Why does the cron job run twice on Sundays?",
]
FILLER_INTL = [
    "Vielen Dank für Ihre schnelle Antwort, die Übergabe ist für Montag geplant.",
    "Bitte prüfen Sie die Rechnung; der Betrag stimmt nicht überein.",
    "Merci pour votre réponse rapide, la réunion est déplacée à jeudi.",
    "Le déploiement a échoué après la dernière mise à jour.",
    "¿Podrías revisar el pedido? El cliente dice que llegó dañado.",
    "Gracias por la información, lo revisaré mañana por la mañana.",
    "お問い合わせありがとうございます。担当者から折り返しご連絡いたします。",
    "本番環境でのみエラーが発生しています。ログを添付します。",
    "请帮我查一下这个订单的状态，客户很着急。",
    "服务器在凌晨三点重启了，原因还不清楚。",
    "Здравствуйте! Подскажите, пожалуйста, как сбросить настройки?",
    "Спасибо, проблема решена после перезапуска.",
    "Obrigado pelo retorno, vou encaminhar para a equipe financeira.",
    "Dziękuję za szybką odpowiedź, sprawdzę to jutro.",
    "Grazie mille, il pacco è arrivato in perfette condizioni.",
    "Tack för hjälpen, det fungerar nu. 🙂",
    "शुक्रिया, मैं कल फिर से कोशिश करूँगा।",
    "شكراً لك، سأرسل التفاصيل غداً.",
    "Teşekkürler, sorun çözüldü gibi görünüyor.",
    "감사합니다. 내일 다시 확인해 보겠습니다.",
]
SUBJECTS = ["Login issue", "Invoice question", "Refund request",
            "Deployment broken", "Access request", "Account update",
            "Payment failed", "Re: onboarding", "Fwd: contract",
            "Urgent: outage", "Commande en retard", "Frage zur Rechnung"]


class Ctx:
    """Random filler values for one snippet."""

    def __init__(self, r):
        self.first = r.choice(FIRST)
        self.last = r.choice(LAST)
        self.name = self.first + " " + self.last
        self.company = r.choice(COMPANIES)
        self.host = r.choice(HOSTS)
        self.city = r.choice(CITIES)
        self.date = "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29))
        self.time = "%02d:%02d:%02d" % (r.randrange(24), r.randrange(60), r.randrange(60))
        self.ts = self.date + "T" + self.time + "." + r.digits(3) + "Z"
        self.port = str(r.choice([5432, 3306, 6379, 8080, 443, 9200, 27017]))
        self.user = (self.first[0] + self.last).lower().translate(ASCII_FOLD)
        self.ticket = str(r.randrange(10000, 99999))
        self.uuid = uuid4(r)

    def sub(self, tpl):
        return string.Template(tpl).substitute(
            name=self.name, first=self.first, last=self.last,
            company=self.company, host=self.host, city=self.city,
            date=self.date, time=self.time, ts=self.ts, port=self.port,
            user=self.user, ticket=self.ticket, uuid=self.uuid, V="$V")


def uuid4(r):
    h = r.s(HEX, 32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], r.choice("89ab"),
                                   h[17:20], h[20:32])


# ---------------------------------------------------------------------------
# Valid values.

def luhn_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


# (weight, issuer, prefixes, length, grouping)
CARD_ISSUERS = [
    (6, "visa", ["4"], 16, (4, 4, 4, 4)),
    (4, "mastercard", ["51", "52", "53", "54", "55"], 16, (4, 4, 4, 4)),
    (2, "mastercard2", [str(p) for p in range(2221, 2721, 37)], 16, (4, 4, 4, 4)),
    (3, "amex", ["34", "37"], 15, (4, 6, 5)),
    (2, "discover", ["6011", "65"] + [str(p) for p in range(644, 650)], 16, (4, 4, 4, 4)),
    (2, "jcb", [str(p) for p in range(3528, 3590, 7)], 16, (4, 4, 4, 4)),
    (1, "diners", ["36", "300", "305"], 14, (4, 6, 4)),
    (1, "unionpay", ["62"], 16, (4, 4, 4, 4)),
    (1, "maestro", ["6759", "6761", "5018", "5020"], 16, (4, 4, 4, 4)),
    # the rest of the public IIN tables: other lengths and networks
    (1, "jcb19", [str(p) for p in range(3528, 3590, 11)], 19, (4, 4, 4, 4, 3)),
    (1, "jcb15", ["1800", "2131"], 15, (4, 6, 5)),
    (1, "maestro13", ["50", "56", "57", "58", "63", "67"], 13, (4, 4, 5)),
    (1, "maestro19", ["50", "56", "58", "6759"], 19, (4, 4, 4, 4, 3)),
    (1, "unionpay19", ["62", "622126", "622925"], 19, (4, 4, 4, 4, 3)),
    (1, "mir", ["2200", "2201", "2202", "2203", "2204"], 16, (4, 4, 4, 4)),
    (1, "rupay", ["60", "81", "82", "508"], 16, (4, 4, 4, 4)),
    (1, "verve", ["506099", "506150", "507865", "507964", "650002", "650027"], 18, (4, 4, 4, 6)),
    (1, "diners19", ["36", "38", "300"], 19, (4, 4, 4, 4, 3)),
    (1, "troy_humo", ["9792", "9860"], 16, (4, 4, 4, 4)),
]


def card_number(r, valid=True):
    _, _, prefixes, length, grouping = r.pick([(c[0], c) for c in CARD_ISSUERS])
    p = r.choice(prefixes)
    body = p + r.digits(length - 1 - len(p))
    check = luhn_digit(body)
    if not valid:
        check = str((int(check) + r.randrange(1, 10)) % 10)
    num = body + check
    assert luhn_ok(num) == valid
    sep = r.pick([(5, " "), (3, "-"), (4, "")])
    if sep == "":
        return num
    out, i = [], 0
    for g in grouping:
        out.append(num[i:i + g])
        i += g
    return sep.join(out)


# country: (length, BBAN pattern: n digit, a upper letter, c alnum upper)
IBAN_FORMATS = [
    ("DE", "8n10n"), ("GB", "4a6n8n"), ("FR", "5n5n11n2n"), ("ES", "4n4n2n10n"),
    ("IT", "1a5n5n12n"), ("NL", "4a10n"), ("BE", "3n7n2n"), ("CH", "5n12n"),
    ("AT", "5n11n"), ("PL", "8n16n"), ("SE", "3n16n1n"), ("NO", "4n6n1n"),
    ("DK", "4n9n1n"), ("FI", "3n11n"), ("IE", "4a6n8n"), ("PT", "4n4n11n2n"),
    ("LU", "3n13c"), ("CZ", "4n6n10n"), ("HU", "3n4n1n15n1n"), ("RO", "4a16c"),
    ("GR", "3n4n16n"), ("HR", "7n10n"),
]
IBAN_LEN = {"DE": 22, "GB": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16,
            "CH": 21, "AT": 20, "PL": 28, "SE": 24, "NO": 15, "DK": 18, "FI": 18,
            "IE": 22, "PT": 25, "LU": 20, "CZ": 24, "HU": 28, "RO": 24, "GR": 27,
            "HR": 21}


def iban_mod97(s):
    return int("".join(str(int(ch, 36)) for ch in s)) % 97


def iban(r, valid=True):
    cc, pat = r.choice(IBAN_FORMATS)
    bban = ""
    num = ""
    for ch in pat:
        if ch.isdigit():
            num += ch
            continue
        n = int(num)
        num = ""
        bban += r.s({"n": DIGITS, "a": UPPER, "c": DIGITS + UPPER}[ch], n)
    check = 98 - iban_mod97(bban + cc + "00")
    if not valid:
        bad = check
        while bad == check or abs(bad - check) == 97:
            bad = r.randrange(2, 99)
        check = bad
    s = cc + "%02d" % check + bban
    assert len(s) == IBAN_LEN[cc], (cc, len(s))
    assert (iban_mod97(s[4:] + s[:4]) == 1) == valid
    if r.random() < 0.5:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def ssn(r, valid=True):
    area = r.randrange(1, 900)
    while area == 666:
        area = r.randrange(1, 900)
    group = r.randrange(1, 100)
    serial = r.randrange(1, 10000)
    if not valid:
        how = r.randrange(5)
        if how == 0:
            area = 0
        elif how == 1:
            area = 666
        elif how == 2:
            area = r.randrange(900, 1000)
        elif how == 3:
            group = 0
        else:
            serial = 0
    return "%03d" % area, "%02d" % group, "%04d" % serial


US_AREA = ["212", "415", "312", "617", "206", "303", "512", "646", "718", "202",
           "305", "404", "503", "702", "919", "615", "480", "773", "818", "929"]


def us_phone(r):
    a = r.choice(US_AREA)
    ex = str(r.randrange(2, 10)) + r.digits(2)
    while ex[1:] == "11":
        ex = str(r.randrange(2, 10)) + r.digits(2)
    ln = r.digits(4)
    return r.pick([
        (4, "(%s) %s-%s" % (a, ex, ln)),
        (4, "%s-%s-%s" % (a, ex, ln)),
        (3, "%s.%s.%s" % (a, ex, ln)),
        (3, "+1 %s %s %s" % (a, ex, ln)),
        (2, "+1 (%s) %s-%s" % (a, ex, ln)),
        (2, "+1-%s-%s-%s" % (a, ex, ln)),
        (3, "+1%s%s%s" % (a, ex, ln)),
    ])


def intl_phone(r):
    kind = r.randrange(9)
    if kind == 0:   # UK London landline
        return "+44 20 %s %s" % (r.digits(4), r.digits(4))
    if kind == 1:   # UK mobile
        return "+44 7%s %s" % (r.digits(3), r.digits(6))
    if kind == 2:   # UK, E.164
        return "+447%s" % r.digits(9)
    if kind == 3:   # DE landline
        return "+49 %s %s" % (r.choice(["30", "89", "40", "69", "221"]), r.digits(r.randrange(7, 9)))
    if kind == 4:   # DE with trunk zero in parentheses
        return "+49 (0)%s %s %s" % (r.choice(["30", "89", "40", "711"]), r.digits(4), r.digits(4))
    if kind == 5:   # DE mobile
        return "+49 1%s %s" % (r.choice(["51", "60", "70", "76"]), r.digits(8))
    if kind == 6:   # FR
        return "+33 %s %s %s %s %s" % (r.choice("1234567"), r.digits(2), r.digits(2), r.digits(2), r.digits(2))
    if kind == 7:   # FR with trunk zero
        return "+33 (0)%s %s %s %s %s" % (r.choice("1679"), r.digits(2), r.digits(2), r.digits(2), r.digits(2))
    return "+33%s%s" % (r.choice("67"), r.digits(8))


def national_phone(r):
    """A number as written inside its own country, valid for the region
    (libphonenumber's metadata): the first digits come from assigned ranges,
    the rest are random."""
    d = r.digits
    return r.pick([
        (2, lambda: "030 %s%s %s" % (r.choice("23456789"), d(2), d(4))),             # DE Berlin
        (2, lambda: "0%s %s %s" % (r.choice(["151", "160", "171", "176"]), d(4), d(4))),  # DE mobile
        (1, lambda: "089/%s%s" % (r.choice("23456789"), d(6))),                        # DE Munich
        (2, lambda: "020 7%s %s" % (d(3), d(4))),                                     # GB London
        (2, lambda: "07%s%s %s" % (r.choice("45789"), d(2), d(6))),                    # GB mobile
        (1, lambda: "0161 %s%s %s" % (r.choice("2345789"), d(2), d(4))),               # GB Manchester
        (2, lambda: "0%s %s %s %s %s" % (r.choice("67"), d(2), d(2), d(2), d(2))),     # FR mobile
        (1, lambda: "01 %s%s %s %s %s" % (r.choice("456"), d(1), d(2), d(2), d(2))),   # FR Paris
        (1, lambda: "06.%s.%s.%s.%s" % (d(2), d(2), d(2), d(2))),                      # FR, dotted
        (2, lambda: "6%s %s %s" % (d(2), d(3), d(3))),                                 # ES mobile
        (1, lambda: "91 %s%s %s %s" % (r.choice("2345"), d(2), d(2), d(2))),           # ES Madrid
        (2, lambda: "3%s%s %s %s" % (r.choice("234"), d(1), d(3), d(4))),              # IT mobile
        (1, lambda: "06 %s%s %s" % (r.choice("45789"), d(3), d(4))),                   # IT Rome
        (2, lambda: "06-%s%s" % (r.choice("12345"), d(7))),                            # NL mobile
        (1, lambda: "020 %s%s %s" % (r.choice("3456"), d(2), d(4))),                   # NL Amsterdam
        (2, lambda: "9%s%s %s" % (r.choice("789"), d(3), d(5))),                       # IN mobile
        (2, lambda: "(02) 9%s %s" % (d(3), d(4))),                                     # AU Sydney
        (2, lambda: "04%s %s %s" % (r.choice("0123456789") + d(1), d(3), d(3))),       # AU mobile
        (2, lambda: "(11) 9%s-%s" % (r.choice("6789") + d(3), d(4))),                  # BR mobile
        (1, lambda: "(21) 2%s-%s" % (d(3), d(4))),                                     # BR Rio
    ])()


def us_area_exchange(r):
    a = r.choice(US_AREA)
    ex = str(r.randrange(2, 10)) + r.digits(2)
    while ex[1:] == "11":
        ex = str(r.randrange(2, 10)) + r.digits(2)
    return a, ex, r.digits(4)


def ext_phone(r):
    a, ex, ln = us_area_exchange(r)
    e = r.digits(r.randrange(1, 5))
    return r.pick([
        (3, "(%s)%s-%sx%s" % (a, ex, ln, e)),
        (3, "+1-%s-%s-%s ext. %s" % (a, ex, ln, e)),
        (2, "%s.%s.%s ext %s" % (a, ex, ln, e)),
        (2, "(%s) %s-%s, ext. %s" % (a, ex, ln, e)),
        (1, "%s-%s-%s extension %s" % (a, ex, ln, e)),
        (1, "%s %s %s x%s" % (a, ex, ln, e)),
    ])


def plain_phone(r):
    a, ex, ln = us_area_exchange(r)
    return r.pick([(4, a + ex + ln), (1, "1" + a + ex + ln)])


def phone(r):
    return r.pick([(34, us_phone), (22, intl_phone), (30, national_phone),
                   (7, ext_phone), (7, plain_phone)])(r)


def email(r):
    f = r.choice(FIRST).translate(ASCII_FOLD).lower()
    l = r.choice(LAST).translate(ASCII_FOLD).lower()
    local = r.pick([
        (5, f + "." + l), (3, f[0] + l), (2, f + "_" + l + r.digits(2)),
        (2, f + "+" + r.choice(["billing", "news", "work", "test"])),
        (1, l + "-" + f), (1, f + r.digits(4)), (1, "support"), (1, "no-reply"),
        (1, (f + "." + l).title()),
    ])
    dom = r.choice(DOMAINS)
    if r.random() < 0.05:
        dom = dom.upper()
    return local + "@" + dom


def ipv4(r):
    kind = r.randrange(4)
    if kind == 0:
        return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256), r.randrange(1, 255))
    if kind == 1:
        return "192.168.%d.%d" % (r.randrange(256), r.randrange(1, 255))
    if kind == 2:
        return "172.%d.%d.%d" % (r.randrange(16, 32), r.randrange(256), r.randrange(1, 255))
    first = r.choice([8, 23, 34, 45, 52, 66, 81, 91, 104, 141, 151, 185, 203, 212])
    return "%d.%d.%d.%d" % (first, r.randrange(256), r.randrange(256), r.randrange(1, 255))


def ipv6(r):
    groups = ["%x" % r.randrange(0x10000) for _ in range(8)]
    kind = r.randrange(6)
    if kind == 0:     # full, zero padded
        return ":".join("%04x" % int(g, 16) for g in groups)
    if kind == 1:     # unpadded
        return ":".join(groups)
    if kind == 2:     # documentation prefix, compressed
        return "2001:db8:%s::%s" % (groups[2], groups[7])
    if kind == 3:     # link local
        return "fe80::%s:%s:%s:%s" % tuple(groups[4:8])
    if kind == 4:     # compressed in the middle
        return "%s:%s:%s::%s:%s" % ("2a00", "1450", groups[2], groups[6], groups[7])
    return "2606:4700:%s::%s" % (groups[2], groups[7])


def ip(r):
    if r.random() < 0.65:
        return ipv4(r)
    v = ipv6(r)
    return v.upper() if r.random() < 0.1 else v


def aws_key_id(r):
    return r.pick([(5, "AKIA"), (1, "ASIA")]) + r.s(UPPER + "234567", 16)


def aws_secret(r):
    return base64.b64encode(r.rbytes(30)).decode()


def b62_encode(n, width):
    out = ""
    while n:
        n, m = divmod(n, 62)
        out = B62[m] + out
    return out.rjust(width, "0")


def github_token(r):
    if r.random() < 0.2:   # fine-grained personal access token
        return "github_pat_" + r.s(ALNUM, 22) + "_" + r.s(ALNUM, 59)
    prefix = r.pick([(5, "ghp_"), (2, "gho_"), (1, "ghu_"), (2, "ghs_"), (1, "ghr_")])
    entropy = r.s(ALNUM, 30)
    return prefix + entropy + b62_encode(zlib.crc32(entropy.encode()), 6)


def slack_token(r):
    kind = r.randrange(3)
    if kind == 0:
        return "xoxb-%s-%s-%s" % (r.digits(11), r.digits(13), r.s(ALNUM, 24))
    if kind == 1:
        return "xoxp-%s-%s-%s-%s" % (r.digits(11), r.digits(11), r.digits(13), r.s(HEX, 32))
    return "xapp-1-A%s-%s-%s" % (r.s(UPPER + DIGITS, 10), r.digits(13), r.s(HEX, 64))


def stripe_key(r):
    prefix = r.pick([(4, "sk_live_"), (3, "sk_test_"), (2, "rk_live_"), (1, "rk_test_")])
    if r.random() < 0.5:
        return prefix + r.s(ALNUM, 24)
    return prefix + "51" + r.s(ALNUM, 97)


def openai_key(r):
    kind = r.randrange(3)
    if kind == 0:
        return "sk-" + r.s(ALNUM, 20) + "T3BlbkFJ" + r.s(ALNUM, 20)
    if kind == 1:
        return "sk-proj-" + r.s(B64URL, 74) + "T3BlbkFJ" + r.s(B64URL, 74)
    return "sk-svcacct-" + r.s(B64URL, 74) + "T3BlbkFJ" + r.s(B64URL, 74)


def anthropic_key(r):
    kind = r.pick([(5, "api03"), (1, "admin01")])
    return "sk-ant-" + kind + "-" + r.s(B64URL, 93) + "AA"


def google_key(r):
    return "AIza" + r.s(B64URL, 35)


def gitlab_token(r):
    prefix = r.pick([(6, "glpat-"), (2, "gldt-"), (1, "glrt-"), (1, "glptt-")])
    return prefix + r.s(B64URL.replace("-", ""), 20)


def npm_token(r):
    return "npm_" + r.s(ALNUM, 36)


def pypi_token(r):
    # a macaroon: the pypi.org location, then an identifier and caveats
    return "pypi-AgEIcHlwaS5vcmc" + r.s(B64URL, r.randrange(60, 160))


def huggingface_token(r):
    return "hf_" + r.s(string.ascii_letters, 34)


def azure_storage_key(r):
    return base64.b64encode(r.rbytes(64)).decode()


def twilio_key(r):
    return r.pick([(3, "SK"), (1, "AC")]) + r.s(HEX, 32)


def sendgrid_key(r):
    return "SG." + r.s(B64URL, 22) + "." + r.s(B64URL, 43)


def mailgun_key(r):
    return "key-" + r.s(LOWER[:6] + DIGITS, 32)


def shopify_token(r):
    return r.pick([(3, "shpat_"), (1, "shpca_"), (1, "shppa_"), (1, "shpss_")]) + r.s(HEX, 32)


def databricks_token(r):
    return "dapi" + r.s(HEX, 32)


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(r):
    alg = r.pick([(5, "HS256"), (4, "RS256"), (2, "ES256"), (1, "HS512"), (1, "PS256")])
    hdr = {"alg": alg, "typ": "JWT"}
    if alg in ("RS256", "PS256") and r.random() < 0.6:
        hdr["kid"] = r.s(ALNUM + "-_", 22)
    if r.random() < 0.3:
        hdr = dict(reversed(list(hdr.items())))
    seps = (", ", ": ") if r.random() < 0.2 else (",", ":")
    iat = 1700000000 + r.randrange(40000000)
    claims = {"sub": r.pick([(1, r.digits(10)), (1, uuid4(r)), (1, email(r))]),
              "iat": iat, "exp": iat + r.choice([900, 3600, 86400])}
    if r.random() < 0.6:
        claims["name"] = r.choice(FIRST) + " " + r.choice(LAST)
    if r.random() < 0.4:
        claims["scope"] = r.choice(["read:users", "openid profile email", "admin"])
    if r.random() < 0.3:
        claims["iss"] = "https://auth." + r.choice(DOMAINS) + "/"
    siglen = {"HS256": 32, "HS512": 64, "ES256": 64, "RS256": 256, "PS256": 256}[alg]
    return ".".join([b64url(json.dumps(hdr, separators=seps).encode()),
                     b64url(json.dumps(claims, separators=seps, ensure_ascii=False).encode()),
                     b64url(r.rbytes(siglen))])


def pem_body(r, der_prefix, nbytes, width):
    data = der_prefix + r.rbytes(nbytes - len(der_prefix))
    b = base64.b64encode(data).decode()
    return [b[i:i + width] for i in range(0, len(b), width)]


def private_key(r, eol="\n", indent=""):
    kind = r.pick([(4, "RSA"), (3, "EC"), (3, "PKCS8"), (3, "OPENSSH"), (1, "ENCRYPTED")])
    if kind == "RSA":
        label = "RSA PRIVATE KEY"
        lines = pem_body(r, b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", r.choice([1190, 1192, 1218]), 64)
    elif kind == "EC":
        label = "EC PRIVATE KEY"
        lines = pem_body(r, b"\x30\x77\x02\x01\x01\x04\x20", 121, 64)
    elif kind == "PKCS8":
        label = "PRIVATE KEY"
        lines = pem_body(r, b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00",
                         r.choice([1218, 1217, 1216]), 64) if r.random() < 0.7 else \
            pem_body(r, b"\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 48, 64)
    elif kind == "OPENSSH":
        label = "OPENSSH PRIVATE KEY"
        lines = pem_body(r, b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01",
                         r.choice([399, 1679]), 70)
    else:
        label = "ENCRYPTED PRIVATE KEY"
        lines = pem_body(r, b"\x30\x82\x05\x16\x30\x40\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0d", 1306, 64)
    out = ["-----BEGIN %s-----" % label] + lines + ["-----END %s-----" % label]
    return (eol + indent).join(out)


PASSWORD_WORDS = ["Summer", "Winter", "Dragon", "Monkey", "Sunshine", "Falcon",
                  "Orange", "Tiger", "Maple", "Rocket", "Pepper", "Coffee"]


def password_value(r):
    kind = r.randrange(5)
    if kind == 0:
        v = r.choice(PASSWORD_WORDS) + str(r.randrange(1990, 2026)) + r.choice("!#$%&*")
    elif kind == 1:
        v = r.s(ALNUM + "!#$%&*@^", r.randrange(10, 24))
    elif kind == 2:
        v = r.s(ALNUM, r.randrange(16, 33))
    elif kind == 3:
        v = r.choice(PASSWORD_WORDS).lower() + r.choice(["-", "_", "."]) + \
            r.choice(PASSWORD_WORDS).lower() + r.digits(2)
    else:
        v = "Tr0ub4dor&" + r.digits(1) if r.random() < 0.3 else \
            r.choice(["P@ssw0rd", "Welcome1", "Qwerty!23", "Passw0rd#"]) + r.digits(2)
    # A value never starts or ends with punctuation a human would read as
    # sentence punctuation, so the label is unambiguous.
    if v[0] in "!#$%&*@^.-_":
        v = "x" + v
    if v[-1] in ".-_":
        v = v + "9"
    return v


# ---------------------------------------------------------------------------
# Snippets. A snippet is a list of pieces: plain strings, or (type, value)
# tuples for planted values. Each positive snippet plants exactly one value.
# Templates use string.Template: $V is the planted value, $name etc. filler.

def T(r, c, tpl, typ, value):
    s = c.sub(tpl)
    a, b = s.split("$V")
    return [a, (typ, value), b]


POS_TEMPLATES = {
    "email": {
        "prose": ["You can reach me at $V.", "Please cc $V on the reply.",
                  "$name <$V> wrote:", "My new address is $V, the old one bounces.",
                  "Contact: $V", "Send the signed copy to $V (not to me)."],
        "config": ["admin_email: $V", "NOTIFY_EMAIL=$V", "\"email\": \"$V\",",
                   "from = \"$V\""],
        "log": ["$ts INFO login ok user=$V ip_hidden=true",
                "$ts WARN password reset requested for <$V>",
                "$date $time postfix/smtp: to=<$V>, relay=mx.$host, status=sent"],
        "code": ["DEFAULT_SENDER = \"$V\"", "send_mail(to=['$V'], subject=subject)",
                 "// maintainer: $V"],
    },
    "phone": {
        "prose": ["Call me at $V if it's urgent.", "My mobile is $V and I'm free after 3pm.",
                  "Phone: $V", "Reach the front desk on $V, ask for $first.",
                  "Tel. $V / Fax n/a"],
        "config": ["support_phone: \"$V\"", "\"phone\": \"$V\",", "ONCALL_PHONE=\"$V\""],
        "log": ["$ts INFO sms sent to $V status=delivered",
                "$ts DEBUG callback requested phone=\"$V\" ticket=$ticket"],
        "code": ["CONTACT_PHONE = \"$V\"", "user.phone = '$V'"],
    },
    "credit_card": {
        "prose": ["My card number is $V, expiry 04/27.", "Please charge the card $V for the renewal.",
                  "Card: $V", "It was the card ending in ... actually here is the full number: $V",
                  "I paid with $V but got no receipt."],
        "config": ["\"card_number\": \"$V\",", "test_card: $V"],
        "log": ["$ts ERROR payment declined card=$V amount=129.00 EUR",
                "$ts WARN charge retry pan=\"$V\" attempt=2"],
        "code": ["card = Card(number=\"$V\", exp_month=4, exp_year=2027)",
                 "assert charge(\"$V\")", "charge($V, 1999)", "pay(card=$V);",
                 "cards = [$V, None]", "{\"pan\":$V,\"cvv\":\"123\"}", "x = ($V)"],
    },
    "iban": {
        "prose": ["Please transfer the refund to my IBAN $V.", "IBAN: $V",
                  "Bank details: $V, account holder $name.",
                  "Bitte überweisen Sie den Betrag auf $V, danke."],
        "config": ["\"iban\": \"$V\",", "payout_iban: $V"],
        "log": ["$ts INFO sepa transfer queued iban=$V amount=2500.00",
                "$ts ERROR mandate rejected for account $V"],
        "code": ["account = BankAccount(iban=\"$V\")"],
    },
    "us_ssn": {
        "prose": ["My SSN is $V.", "Social Security Number: $V",
                  "SSN $V, date of birth 1984-07-12.", "The applicant's social security no. is $V"],
        "config": ["\"ssn\": \"$V\",", "ssn: $V"],
        "log": ["$ts WARN kyc check failed ssn=$V reason=mismatch"],
        "code": ["employee = Employee(name=\"$name\", ssn=\"$V\")"],
    },
    "ip_address": {
        "prose": ["My IP is $V if you need to whitelist it.", "The attack came from $V.",
                  "Can you unblock $V please?"],
        "config": ["bind_address = $V", "host: $V", "server $V:$port;", "\"ip\": \"$V\","],
        "log": ["$V - - [15/Mar/2024:$time +0000] \"GET /api/v1/users HTTP/1.1\" 200 512",
                "$ts WARN too many failed logins from $V port 52144",
                "$ts INFO X-Forwarded-For: $V", "sshd[2211]: Accepted publickey for $user from $V port 50122 ssh2"],
        "code": ["ALLOWED_HOSTS = [\"$V\"]", "conn = connect(\"$V\", $port)"],
    },
    "aws_access_key_id": {
        "prose": ["The access key $V was in the screenshot, please rotate it.",
                  "Access key ID: $V"],
        "config": ["aws_access_key_id = $V", "AWS_ACCESS_KEY_ID=$V", "\"AccessKeyId\": \"$V\","],
        "log": ["$ts ERROR AccessDenied for AccessKeyId=$V on s3://backups"],
        "code": ["session = boto3.Session(aws_access_key_id=\"$V\")"],
    },
    "aws_secret_access_key": {
        "prose": ["AWS secret access key: $V", "here's the aws secret: $V (temporary)"],
        "config": ["aws_secret_access_key = $V", "AWS_SECRET_ACCESS_KEY=$V",
                   "\"SecretAccessKey\": \"$V\",", "  secret_access_key: $V"],
        "log": ["$ts DEBUG loaded credentials aws_secret_access_key=$V"],
        "code": ["aws_secret_access_key=\"$V\",", "AWS_SECRET = '$V'"],
    },
    "github_token": {
        "prose": ["I accidentally pushed my token $V, revoking now.", "Use this token: $V"],
        "config": ["GITHUB_TOKEN=$V", "github_token: $V", "  password: $V  # GitHub PAT"],
        "log": ["$ts DEBUG git clone https://x-access-token:$V@github.com/$user/infra.git"],
        "code": ["headers = {\"Authorization\": \"token $V\"}", "gh = Github(\"$V\")"],
    },
    "slack_token": {
        "prose": ["The bot token is $V, don't share it.", "slack token: $V"],
        "config": ["SLACK_BOT_TOKEN=$V", "slack_token: \"$V\""],
        "log": ["$ts DEBUG posting to #alerts with token $V"],
        "code": ["client = WebClient(token=\"$V\")"],
    },
    "stripe_key": {
        "prose": ["Our Stripe key is $V, can you check why charges fail?"],
        "config": ["STRIPE_SECRET_KEY=$V", "stripe_api_key: $V"],
        "log": ["$ts ERROR stripe auth failed key=$V"],
        "code": ["stripe.api_key = \"$V\"", "Stripe::api_key = '$V'"],
    },
    "openai_api_key": {
        "prose": ["My OpenAI key $V stopped working.", "api key: $V"],
        "config": ["OPENAI_API_KEY=$V", "openai_api_key: \"$V\""],
        "log": ["$ts DEBUG request headers Authorization: Bearer $V"],
        "code": ["client = OpenAI(api_key=\"$V\")"],
    },
    "anthropic_api_key": {
        "prose": ["Here's my Anthropic key: $V", "key is $V"],
        "config": ["ANTHROPIC_API_KEY=$V", "anthropic_api_key: $V"],
        "log": ["$ts DEBUG x-api-key: $V"],
        "code": ["client = anthropic.Anthropic(api_key=\"$V\")"],
    },
    "google_api_key": {
        "prose": ["The Maps key is $V and it's restricted to our domain."],
        "config": ["GOOGLE_API_KEY=$V", "  apiKey: \"$V\","],
        "log": ["$ts INFO GET https://maps.googleapis.com/maps/api/geocode/json?address=$city&key=$V"],
        "code": ["const firebaseConfig = { apiKey: \"$V\", projectId: \"demo-app\" };"],
    },
    "jwt": {
        "prose": ["Here's the token from my browser: $V", "It fails with this token $V, any idea?"],
        "config": ["\"access_token\": \"$V\",", "id_token: $V"],
        "log": ["$ts DEBUG Authorization: Bearer $V", "$ts INFO Cookie: session=$V; Path=/; HttpOnly"],
        "code": ["TOKEN = \"$V\"", "fetch(url, { headers: { Authorization: `Bearer $V` } })"],
    },
    "private_key": {
        "prose": ["Here is the key I used:\n$V\nIt worked yesterday.", "Key file contents:\n\n$V\n"],
        "config": ["ssl_key: |\n  $V", "$V"],
        "log": ["$ts DEBUG loaded key material:\n$V"],
        "code": ["KEY = \"\"\"$V\"\"\"", "const key = `$V`;"],
    },
    "password": {
        "prose": ["The password is $V but please change it after login.",
                  "Username: $user / Password: $V", "my pw: $V thanks",
                  "Login with password $V and it should work.",
                  "Passwort: $V (bitte nach dem ersten Login ändern)",
                  "mot de passe : $V"],
        "config": ["password: $V", "  password: \"$V\"", "DB_PASSWORD=$V",
                   "POSTGRES_PASSWORD=$V", "\"password\": \"$V\",", "password = $V",
                   "export REDIS_PASSWORD='$V'", "MYSQL_ROOT_PASSWORD: \"$V\"",
                   "spring.datasource.password=$V"],
        "log": ["$ts DEBUG connecting with user=$user password=$V",
                "$ts WARN login attempt {\"user\":\"$user\",\"password\":\"$V\"}"],
        "code": ["conn = psycopg2.connect(user=\"$user\", password=\"$V\", host=\"$host\")",
                 "PASSWORD = '$V'", "db.auth('$user', password='$V')",
                 "mysql -u root --password=$V -h $host"],
    },
}

POS_TEMPLATES.update({
    "gitlab_token": {
        "prose": ["My GitLab token $V leaked in the CI log.", "gitlab token: $V"],
        "config": ["GITLAB_TOKEN=$V", "  private_token: \"$V\""],
        "log": ["$ts DEBUG PRIVATE-TOKEN: $V"],
        "code": ["gl = gitlab.Gitlab(url, private_token=\"$V\")"],
    },
    "npm_token": {
        "prose": ["The npm publish token is $V."],
        "config": ["//registry.npmjs.org/:_authToken=$V", "NPM_TOKEN=$V"],
        "log": ["$ts DEBUG npm auth token=$V"],
        "code": ["const token = \"$V\";"],
    },
    "pypi_token": {
        "prose": ["twine wants my PyPI token, it is $V"],
        "config": ["password = $V", "TWINE_PASSWORD=$V"],
        "log": ["$ts DEBUG upload auth __token__:$V"],
        "code": ["token = \"$V\""],
    },
    "huggingface_token": {
        "prose": ["Use my Hugging Face token $V to pull the model."],
        "config": ["HF_TOKEN=$V", "hf_token: $V"],
        "log": ["$ts DEBUG Authorization: Bearer $V"],
        "code": ["login(token=\"$V\")"],
    },
    "azure_storage_key": {
        "prose": ["The storage connection string is DefaultEndpointsProtocol=https;AccountName=$user;AccountKey=$V;EndpointSuffix=core.windows.net"],
        "config": ["AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=$user;AccountKey=$V;EndpointSuffix=core.windows.net\""],
        "log": ["$ts DEBUG conn=AccountName=$user;AccountKey=$V"],
        "code": ["conn = \"AccountName=$user;AccountKey=$V\""],
    },
    "twilio_key": {
        "prose": ["Twilio credentials: $V (rotate after the demo)."],
        "config": ["TWILIO_API_KEY=$V", "twilio_sid: $V"],
        "log": ["$ts INFO twilio client sid=$V"],
        "code": ["client = Client(\"$V\", secret)"],
    },
    "sendgrid_key": {
        "prose": ["Our SendGrid key is $V, mails stopped."],
        "config": ["SENDGRID_API_KEY=$V", "sendgrid_api_key: \"$V\""],
        "log": ["$ts DEBUG Authorization: Bearer $V"],
        "code": ["sg = SendGridAPIClient(\"$V\")"],
    },
    "mailgun_key": {
        "prose": ["mailgun api key: $V"],
        "config": ["MAILGUN_API_KEY=$V"],
        "log": ["$ts DEBUG auth api:$V"],
        "code": ["auth=(\"api\", \"$V\")"],
    },
    "shopify_token": {
        "prose": ["The Shopify admin token is $V."],
        "config": ["SHOPIFY_ACCESS_TOKEN=$V", "shopify_token: $V"],
        "log": ["$ts DEBUG X-Shopify-Access-Token: $V"],
        "code": ["session = shopify.Session(shop, version, \"$V\")"],
    },
    "databricks_token": {
        "prose": ["databricks token $V, workspace adb-$port"],
        "config": ["DATABRICKS_TOKEN=$V", "token = $V"],
        "log": ["$ts DEBUG Authorization: Bearer $V"],
        "code": ["w = WorkspaceClient(host=host, token=\"$V\")"],
    },
})
NEW_SECRET_TYPES = ["gitlab_token", "npm_token", "pypi_token", "huggingface_token",
                    "azure_storage_key", "twilio_key", "sendgrid_key", "mailgun_key",
                    "shopify_token", "databricks_token"]

# Connection strings carry a password too; a careful human marks it.
URL_PASSWORD = ["DATABASE_URL=postgres://$user:$V@$host:$port/app",
                "mongodb://admin:$V@$host:27017/?authSource=admin",
                "redis://default:$V@$host:6379/0"]


def value_for(r, typ, ctx):
    if typ == "email":
        return email(r)
    if typ == "phone":
        return phone(r)
    if typ == "credit_card":
        return card_number(r)
    if typ == "iban":
        return iban(r)
    if typ == "us_ssn":
        return "-".join(ssn(r))
    if typ == "ip_address":
        return ip(r)
    if typ == "aws_access_key_id":
        return aws_key_id(r)
    if typ == "aws_secret_access_key":
        return aws_secret(r)
    if typ == "github_token":
        return github_token(r)
    if typ == "slack_token":
        return slack_token(r)
    if typ == "stripe_key":
        return stripe_key(r)
    if typ == "openai_api_key":
        return openai_key(r)
    if typ == "anthropic_api_key":
        return anthropic_key(r)
    if typ == "google_api_key":
        return google_key(r)
    if typ == "jwt":
        return jwt(r)
    if typ == "password":
        return password_value(r)
    fn = globals().get(typ)
    if typ in NEW_SECRET_TYPES and fn:
        return fn(r)
    raise ValueError(typ)


def pos_snippet(r, typ, ctx):
    c = Ctx(r)
    if typ == "private_key":
        tpl = r.choice(POS_TEMPLATES[typ][ctx])
        if tpl.startswith("ssl_key: |"):
            v = private_key(r, indent="  ")
        elif ctx == "config" and r.random() < 0.3:
            # A service-account JSON pasted as text: newlines are the two
            # characters backslash and n; the block is still the key.
            v = private_key(r, eol="\\n")
            tpl = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo-$ticket\",\n" \
                  "  \"private_key\": \"$V\\n\",\n  \"client_email\": \"svc@demo-$ticket.iam.gserviceaccount.com\"\n}"
        else:
            v = private_key(r, eol="\r\n" if r.random() < 0.1 else "\n")
        if "client_email" in tpl:
            # the client_email above is a planted email too
            s = c.sub(tpl)
            a, b = s.split("$V")
            em = "svc@demo-%s.iam.gserviceaccount.com" % c.ticket
            b1, b2 = b.split(em)
            return [a, (typ, v), b1, ("email", em), b2]
        return T(r, c, tpl, typ, v)
    if typ == "us_ssn" and ctx == "prose":
        # Every prose template names the SSN, so unseparated and
        # space-separated forms are as clear to a reader as dashed ones.
        a, g, s = ssn(r)
        v = r.pick([(8, "-"), (1, " "), (1, "")]).join([a, g, s])
        return T(r, c, r.choice(POS_TEMPLATES[typ][ctx]), typ, v)
    if typ == "password" and ctx in ("config", "log") and r.random() < 0.1:
        return T(r, c, r.choice(URL_PASSWORD), typ, r.s(ALNUM, r.randrange(12, 25)))
    tpl = r.choice(POS_TEMPLATES[typ][ctx])
    v = value_for(r, typ, ctx)
    if typ == "ip_address" and "server $V:" in tpl and ":" in v:
        tpl = tpl.replace("server $V:", "server [$V]:")
    return T(r, c, tpl, typ, v)


# Placeholders: documentation values and masked keys. Each is a finding
# of its type marked "placeholder": true, and a record holding only such
# findings is at most internal. Labelled with "placeholder": true.
PLACEHOLDERS = [
    ("aws_access_key_id", ["AKIAIOSFODNN7EXAMPLE", "AKIAABCDEFGHIJKLMNOP", "AKIA0000000000000000"]),
    ("aws_secret_access_key", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
    ("github_token", ["ghp_" + "x" * 36, "ghp_" + "X" * 36, "ghp_0123456789abcdefghijklmnopqrstuvwxyz"]),
    ("google_api_key", ["AIza" + "X" * 35, "AIzaSy" + "X" * 33]),
    ("stripe_key", ["sk_live_" + "0" * 24, "sk_live_" + "x" * 24]),
    ("openai_api_key", ["sk-" + "x" * 48]),
    ("slack_token", ["xoxb-0000000000-0000000000000-" + "x" * 24]),
    ("gitlab_token", ["glpat-" + "x" * 20]),
    ("npm_token", ["npm_" + "0" * 36]),
    ("sendgrid_key", ["SG." + "x" * 22 + "." + "x" * 43]),
]
PLACEHOLDER_TEMPLATES = {
    "prose": ["Use a key like $V in the examples, never a real one.", "The docs show $V as the key.",
              "Replace $V with your own key."],
    "config": ["api_key: $V", "KEY=$V", "\"token\": \"$V\","],
    "log": ["$ts WARN rejected example credential $V"],
    "code": ["client = Client(key=\"$V\")  # example", "const KEY = '$V';"],
}


def placeholder_snippet(r, ctx):
    typ, vals = r.choice(PLACEHOLDERS)
    tpl = r.choice(PLACEHOLDER_TEMPLATES[ctx])
    if typ == "aws_secret_access_key":
        # a bare 40-character base64 value is an AWS secret only beside its name
        tpl = r.choice(["aws_secret_access_key = $V", "AWS_SECRET_ACCESS_KEY=$V"])
    return T(r, Ctx(r), tpl, "placeholder:" + typ, r.choice(vals))


# Look-alikes: nothing in these may be labelled.

def neg_snippet(r, ctx):
    c = Ctx(r)
    kind = r.randrange(30)
    if kind == 0:
        if ctx == "prose":
            return "Card %s was declined, the number is mistyped." % card_number(r, valid=False)
        return "%s ERROR invalid card=%s luhn=false" % (c.ts, card_number(r, valid=False))
    if kind == 1:
        return "IBAN %s rejected: invalid check digits" % iban(r, valid=False)
    if kind == 2:
        a, g, s = ssn(r, valid=False)
        return r.choice(["Test SSN %s-%s-%s is not a real number.", "ssn=%s-%s-%s (invalid)",
                         "Form field example: %s-%s-%s"]) % (a, g, s)
    if kind == 3:
        if r.random() < 0.5:
            return "commit %s\nAuthor: %s\nDate:   %s %s" % (r.s(HEX, 40), c.name, c.date, c.time)
        return r.choice(["Fixed in %s (short sha), see PR #%d." % (r.s(HEX, 7), r.randrange(100, 9999)),
                         "git cherry-pick %s" % r.s(HEX, 40)])
    if kind == 4:
        return r.choice(["request_id=%s", "X-Request-ID: %s", "\"trace_id\": \"%s\",",
                         "order %s created"]) % uuid4(r)
    if kind == 5:
        return r.choice(["md5: %s" % r.s(HEX, 32), "sha1 %s" % r.s(HEX, 40),
                         "sha256:%s" % r.s(HEX, 64),
                         "image: registry.%s/app@sha256:%s" % (r.choice(DOMAINS), r.s(HEX, 64)),
                         "ETag: \"%s\"" % r.s(HEX, 32)])
    if kind == 6:
        return r.choice(["Upgraded from 1.2.3 to 1.4.0 last night.",
                         "Windows 10.0.19041.1288, Chrome/122.0.6261.112",
                         "Running v2.14.0-rc1 on kernel 6.1.0-18-amd64.",
                         "Build 2024.03.1.4471 is out.",
                         "Requires Python 3.11.7 and OpenSSL 3.0.13.",
                         "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"])
    if kind == 7:
        return r.choice(["Meeting on %s at %s." % (c.date, c.time[:5]),
                         "Delivered %s" % c.ts,
                         "Termin am 15.03.2024 um 14:30 Uhr.",
                         "Due 03/15/2024, 2:32 PM EST.",
                         "epoch=%d" % (1700000000 + r.randrange(40000000)),
                         "uptime 14:32:07 up 12 days, load average: 0.42, 0.37, 0.30"])
    if kind == 8:
        return r.choice(["Order #%s-%s-%s has shipped." % (r.digits(3), r.digits(7), r.digits(7)),
                         "Tracking number 1Z%s%s" % (r.s(UPPER + DIGITS, 6), r.digits(10)),
                         "USPS tracking: 9400 %s %s %s %s %s" % (r.digits(4), r.digits(4), r.digits(4), r.digits(4), r.digits(2)),
                         "Invoice INV-2024-%05d, PO 45%s" % (r.randrange(100000), r.digits(8)),
                         "Ticket #%s, case %s-%s" % (c.ticket, r.digits(2), r.digits(6))])
    if kind == 9:
        return r.choice(["The skeleton loader flickers on slow networks.",
                         "We use sk-learn (scikit-learn) for the baseline model.",
                         "ghost_mode is enabled for the preview build.",
                         "The key AKIA%s looks truncated, it can't be real." % r.s(UPPER, 4),
                         "risk_live_dashboard shows no alerts.",
                         "Use the task_test_runner for unit tests.",
                         "Set STRIPE_SECRET_KEY=sk_live_YOUR_KEY_HERE in .env",
                         "OPENAI_API_KEY=sk-...",
                         "GITHUB_TOKEN=ghp_xxxxxxxxxxxx",
                         "xoxo, see you soon!",
                         "Replace AIzaYOUR_KEY with your own key."])
    if kind == 10:
        if r.random() < 0.5:
            lines = pem_body(r, b"\x30\x82\x01\x22\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 294, 64)
            return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----"
        if r.random() < 0.5:
            lines = pem_body(r, b"\x30\x82\x03\x55\x30\x82\x02\x3d\xa0\x03\x02\x01\x02", 857, 64)
            return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----"
        return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI%s %s@laptop" % (r.s(ALNUM + "+/", 43), c.user)
    if kind == 11:
        return r.choice(["I forgot my password yesterday and the reset link expired.",
                         "Password must be at least 12 characters long.",
                         "Please reset your password via the link in the email.",
                         "The password field is empty when I submit the form.",
                         "Never share your password with anyone, including support.",
                         "Mein Passwort funktioniert nicht mehr.",
                         "Changed the password policy to require MFA."])
    if kind == 12:
        return r.choice(["password: <your-password>", "password=********",
                         "DB_PASSWORD=${DB_PASSWORD}", "password: \"{{ vault_db_password }}\"",
                         "\"password\": \"\",", "password: null", "PASSWORD=<redacted>",
                         "password: process.env.DB_PASSWORD", "password=os.environ[\"DB_PASS\"]",
                         "password: [REDACTED]", "  password: ${POSTGRES_PASSWORD:?required}"])
    if kind == 13:
        # a pagination cursor: base64 JSON but not a JWT
        cur = base64.b64encode(json.dumps({"page": r.randrange(2, 50), "after": r.digits(6)}).encode()).decode()
        return "next_cursor=%s" % cur
    if kind == 14:
        return "nonce=%s" % base64.b64encode(r.rbytes(30)).decode()
    if kind == 15:
        mac = ":".join("%02x" % r.getrandbits(8) for _ in range(6))
        return "%s dhcpd: DHCPACK to lease for %s via eth0" % (c.time, mac)
    if kind == 16:
        return r.choice(["ISBN 978-3-16-148410-0", "Ref. %s/%s/%s" % (r.digits(4), r.digits(2), r.digits(5)),
                         "Total: $1,234,567.89", "Betrag: 2.500,00 €", "ZIP 94105-%s" % r.digits(4),
                         "Postcode SW1A 1AA", "Room 4.12, floor 3", "ext. %s" % r.digits(4)])
    if kind == 17:
        return "Coordinates 48.8584, 2.2945 (%s)" % c.city
    if kind == 18:
        return "Build #%s took %d.%02ds, cache hit ratio 0.%s" % (r.digits(5), r.randrange(100), r.randrange(100), r.digits(3))
    if kind == 19:
        return "The CRC was 0x%s and the offset 0x%s." % (r.s(HEX, 8), r.s(HEX, 16))
    if kind == 20:
        return "Account number %s, sort code %s-%s-%s" % (r.digits(8), r.digits(2), r.digits(2), r.digits(2))
    if kind == 21:
        return r.choice(["base64 of the payload: %s" % base64.b64encode(r.rbytes(48)).decode(),
                         "integrity sha512-%s" % base64.b64encode(r.rbytes(64)).decode()])
    if kind == 22:
        return "com.%s.app.MainActivity crashed at line %d" % (r.choice(["acme", "globex", "initech"]), r.randrange(10, 999))
    if kind == 23:
        return r.choice(["See https://docs.%s/guide/setup#step-3 for details." % r.choice(DOMAINS),
                         "Docs: https://github.com/%s/tools/blob/main/README.md" % c.user])
    if kind == 24:
        return "Serial number SN-%s-%s, model XR-%d" % (r.s(UPPER + DIGITS, 4), r.s(UPPER + DIGITS, 6), r.randrange(100, 999))
    if kind == 26:
        # Numbers a phone detector could take: a valid-looking US number
        # named as something else, timestamps, versions, amounts.
        a, ex, ln = us_area_exchange(r)
        return r.choice(["Order %s%s%s has shipped." % (a, ex, ln),
                         "Invoice no. 0%s %s %s" % (r.choice("23456789"), r.digits(3), r.digits(4)),
                         "ts=%d%s" % (1700000000 + r.randrange(40000000), r.digits(3)),
                         "tracking %s%s%s" % (a, ex, ln),
                         "Customer ID: %s-%s-%s" % (a, ex, ln)])
    if kind == 27:
        return r.choice(["Released %s.%s.%s (build %s)." % (r.randrange(1, 30), r.randrange(100), r.digits(5), r.digits(4)),
                         "Total due: $%s,%s,%s.%s" % (r.randrange(1, 999), r.digits(3), r.digits(3), r.digits(2)),
                         "Betrag: %s.%s.%s,%s EUR" % (r.randrange(1, 99), r.digits(3), r.digits(3), r.digits(2)),
                         "price %s.%s" % (r.digits(8), r.digits(2)),
                         "took %s ms over %s.%s s" % (r.digits(7), r.digits(4), r.digits(3))])
    if kind == 28:
        return r.choice(["%s-%s-%s %s:%s:%s,%s INFO worker %s started" % (
                             "2024", "%02d" % r.randrange(1, 13), "%02d" % r.randrange(1, 29),
                             "%02d" % r.randrange(24), "%02d" % r.randrange(60), "%02d" % r.randrange(60),
                             r.digits(3), r.digits(5)),
                         "Termin: %02d/%02d/%d, Raum %s" % (r.randrange(1, 29), r.randrange(1, 13),
                                                             r.randrange(2020, 2030), r.digits(3)),
                         "ISBN %s-%s-%s-%s-%s" % ("978", r.digits(1), r.digits(4), r.digits(4), r.digits(1)),
                         "ZIP %s-%s" % (r.digits(5), r.digits(4)),
                         "Ref. %s/%s/%s" % (r.digits(4), r.digits(2), r.digits(5))])
    if kind == 29:
        return r.choice(["ratio 0.%s" % r.digits(10), "pi is 3.%s" % r.digits(12),
                         "offset=%s%s" % (r.choice("123456789"), r.digits(10)),
                         "sha256 %s..." % r.digits(12),
                         "coords %s.%s, %s.%s" % (r.randrange(10, 80), r.digits(6), r.randrange(1, 20), r.digits(6))])
    return "Phone support hours: 9:00-17:30 CET, Mon-Fri."


# ---------------------------------------------------------------------------
# Records.

KINDS = ["ticket", "email", "chat", "config", "log", "code", "intl"]
KIND_CTX = {"ticket": "prose", "email": "prose", "chat": "prose", "config": "config",
            "log": "log", "code": "code", "intl": "prose"}
# Secrets show up more in config and code; PII more in prose. Weights per ctx.
SECRET_TYPES = ["aws_access_key_id", "aws_secret_access_key", "github_token",
                "slack_token", "stripe_key", "openai_api_key", "anthropic_api_key",
                "google_api_key", "jwt", "private_key", "password"] + NEW_SECRET_TYPES


def type_weights(ctx):
    w = []
    for t in TYPES:
        secret = t in SECRET_TYPES
        if ctx == "prose":
            w.append(1.0 if not secret else 0.5)
        elif ctx in ("config", "code"):
            w.append(1.3 if secret else 0.5)
        else:
            w.append(1.0)
    return w


def filler(r, intl_bias):
    if r.random() < intl_bias:
        return r.choice(FILLER_INTL)
    return r.choice(FILLER_EN)


class Builder:
    def __init__(self):
        self.parts = []
        self.nbytes = 0
        self.labels = []

    def add(self, s):
        self.parts.append(s)
        self.nbytes += len(s.encode())

    def add_pieces(self, pieces):
        if isinstance(pieces, str):
            self.add(pieces)
            return
        for p in pieces:
            if isinstance(p, str):
                self.add(p)
            else:
                typ, val = p
                start = self.nbytes
                self.add(val)
                self.labels.append((typ, start, self.nbytes))

    def text(self):
        return "".join(self.parts)


def chat_prefix(r, c, i):
    return "[%02d:%02d] %s: " % (9 + i // 6, (i * 7) % 60, r.choice([c.first, "support", "agent", c.user]))


def build_text(r, kind, snippets, intl_bias, min_len=0):
    """Wrap snippets (lists of pieces) in a kind-specific document."""
    c = Ctx(r)
    b = Builder()
    nfill = r.randrange(1, 5)
    body = snippets[:]
    for _ in range(nfill):
        body.insert(r.randrange(len(body) + 1), filler(r, intl_bias))
    if kind == "ticket":
        b.add("Ticket #%s [%s] %s\nReporter: %s\nPriority: %s\n\n" % (
            c.ticket, r.choice(["open", "pending", "new"]), r.choice(SUBJECTS), c.name,
            r.choice(["P1", "P2", "P3"])))
        for i, p in enumerate(body):
            b.add_pieces(p)
            b.add(r.choice([" ", " ", "\n", "\n\n"]))
        b.add("\n-- \nSent from the %s support portal" % c.company)
    elif kind == "email":
        b.add("Subject: %s\n\nHi %s,\n\n" % (r.choice(SUBJECTS), r.choice(FIRST)))
        for p in body:
            b.add_pieces(p)
            b.add(r.choice([" ", "\n\n"]))
        b.add("\n\n%s\n%s\n%s, %s" % (r.choice(["Best,", "Regards,", "Cheers,", "Mit freundlichen Grüßen,", "Cordialement,"]),
                                      c.name, c.company, c.city))
    elif kind == "chat":
        for i, p in enumerate(body):
            b.add(chat_prefix(r, c, i))
            b.add_pieces(p)
            b.add("\n")
    elif kind == "config":
        style = r.randrange(3)
        b.add(r.choice(["# %s config, generated %s\n" % (c.company, c.date),
                        "---\n", "[default]\n", "# .env for %s\n" % c.host]))
        for p in body:
            if isinstance(p, str) and p in FILLER_EN + FILLER_INTL:
                p = "# " + p
            b.add_pieces(p)
            b.add("\n")
            if style == 0 and r.random() < 0.5:
                b.add(r.choice(["log_level: info\n", "timeout: 30s\n", "replicas: 3\n",
                                "region = eu-west-1\n", "PORT=%s\n" % c.port]))
    elif kind == "log":
        for p in body:
            if isinstance(p, str) and (p in FILLER_EN or p in FILLER_INTL):
                p = "%s INFO [%s] %s" % (Ctx(r).ts, r.choice(["api", "worker", "auth"]), p)
            b.add_pieces(p)
            b.add("\n")
    elif kind == "code":
        b.add(r.choice(["import os\n\n", "package main\n\n", "// config.js\n", "#!/bin/sh\nset -e\n"]))
        for p in body:
            if isinstance(p, str) and (p in FILLER_EN or p in FILLER_INTL):
                p = r.choice(["# ", "// "]) + p
            b.add_pieces(p)
            b.add("\n")
    else:  # intl
        for p in body:
            b.add_pieces(p)
            b.add(r.choice([" ", "\n"]))
    while b.nbytes < min_len:
        b.add(r.choice([" ", "\n"]) + filler(r, intl_bias))
    return b


def plan_types(r, ctx, k):
    w = type_weights(ctx)
    return [r.choices(TYPES, w)[0] for _ in range(k)]


def labelled_record(r, idx):
    rid = "c%06d" % idx
    kind = r.choice(KINDS)
    ctx = KIND_CTX[kind]
    k = r.pick([(36, 0), (34, 1), (20, 2), (7, 3), (3, 4)])
    negs = [neg_snippet(r, ctx) for _ in range(r.pick([(3, 0), (4, 1), (2, 2), (1, 3)]))]
    types = plan_types(r, ctx, k)
    if any("nonce=" in n for n in negs):
        # A bare 40-character base64 value is an AWS secret only beside an
        # AWS/secret keyword; keep the look-alike away from such keywords.
        types = [t if t != "aws_secret_access_key" else "aws_access_key_id" for t in types]
    snippets = [pos_snippet(r, t, ctx) for t in types] + negs
    if r.random() < 0.05:
        snippets.append(placeholder_snippet(r, ctx))
    r.shuffle(snippets)
    intl_bias = 0.7 if kind == "intl" else 0.15
    if r.random() < 0.1:
        # OpenAI chat form: spread snippets over the turns.
        msgs = [{"role": "system", "content": r.choice([
            "You are a helpful support assistant for %s." % r.choice(COMPANIES),
            "You summarise tickets. Never reveal personal data.",
            "Du bist ein hilfreicher Assistent."])}]
        expect = []
        nturn = r.randrange(1, 4)
        turns = [[] for _ in range(nturn)]
        for s in snippets:
            turns[r.randrange(nturn)].append(s)
        for i, sn in enumerate(turns):
            if i > 0:
                msgs.append({"role": "assistant", "content": r.choice([
                    "Thanks, I've noted that. Anything else?",
                    "Could you share more details?",
                    "Verstanden. Ich kümmere mich darum."])})
            b = build_text(r, "intl" if r.random() < 0.3 else "chat", sn, intl_bias)
            path = ".messages[%d].content" % len(msgs)
            msgs.append({"role": "user", "content": b.text()})
            expect += [label(t, path, s, e) for t, s, e in b.labels]
        return {"id": rid, "messages": msgs, "expect": expect}
    b = build_text(r, kind, snippets, intl_bias)
    return {"id": rid, "text": b.text(),
            "expect": [label(t, ".text", s, e) for t, s, e in b.labels]}


def label(t, path, s, e):
    if t.startswith("placeholder:"):
        return {"type": t[12:], "path": path, "start": s, "end": e, "placeholder": True}
    return {"type": t, "path": path, "start": s, "end": e}


def check_record(rec):
    """The labels point at what was planted: re-derive each from its span."""
    for e in rec["expect"]:
        if e["path"] == ".text":
            s = rec["text"]
        else:
            s = rec["messages"][int(e["path"][10:e["path"].index("]")])]["content"]
        v = s.encode()[e["start"]:e["end"]].decode()
        assert v and v == v.strip(), (rec["id"], e, v)
        if e["type"] == "credit_card":
            assert luhn_ok("".join(ch for ch in v if ch.isdigit())), v


def dumps(rec):
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def gen_labelled(n, seed, out):
    r = Rand(seed)
    counts = {t: 0 for t in TYPES}
    empty = 0
    for i in range(1, n + 1):
        rec = labelled_record(r, i)
        check_record(rec)
        for e in rec["expect"]:
            counts[e["type"]] += 1
        empty += not rec["expect"]
        out.write(dumps(rec) + "\n")
    return counts, empty


def bench_block(r, target_bytes):
    """Unlabelled records, 200-4000 bytes, about 3% with PII."""
    lines = []
    total = 0
    i = 0
    while total < target_bytes:
        i += 1
        kind = r.choice(KINDS)
        ctx = KIND_CTX[kind]
        snippets = []
        if r.random() < 0.03:
            snippets = [pos_snippet(r, t, ctx) for t in plan_types(r, ctx, r.randrange(1, 3))]
        if r.random() < 0.3:
            snippets.append(neg_snippet(r, ctx))
        want = int(200 * (20 ** r.random()))   # 200..4000, log-uniform
        b = build_text(r, kind, snippets, 0.7 if kind == "intl" else 0.15, min_len=want - 60)
        rest = json.dumps(b.text(), ensure_ascii=False)
        line = ",\"text\":" + rest + ",\"source\":\"" + kind + "\"}\n"
        lines.append(line)
        total += len(line.encode()) + 17
    return lines


def gen_bench(mb, seed, out):
    target = int(mb * 1024 * 1024)
    block_bytes = min(target, 25 * 1024 * 1024)
    r = Rand(seed)
    lines = [l.encode() for l in bench_block(r, block_bytes)]
    written = 0
    rep = 0
    w = out.buffer if hasattr(out, "buffer") else out
    while written < target:
        chunk = []
        for i, l in enumerate(lines):
            head = b'{"id":"b%03d-%07d"' % (rep, i)
            chunk.append(head)
            chunk.append(l)
            written += len(head) + len(l)
            if written >= target:
                break
        w.write(b"".join(chunk))
        rep += 1
    w.flush()


def main():
    ap = argparse.ArgumentParser(description="Generate the llm-classify test corpus.")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--labelled", type=int, metavar="N", help="N labelled records (default 2400)")
    g.add_argument("--bench", type=float, metavar="MB", help="about MB megabytes of benchmark NDJSON")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", action="store_true", help="print label counts to stderr")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    a = ap.parse_args()
    out = open(a.output, "w", encoding="utf-8", newline="\n") if a.output else sys.stdout
    if a.bench is not None:
        if a.bench <= 0:
            ap.error("--bench needs a positive size")
        gen_bench(a.bench, a.seed, out)
        return 0
    n = 2400 if a.labelled is None else a.labelled
    if n < 0:
        ap.error("--labelled needs N >= 0")
    counts, empty = gen_labelled(n, a.seed, out)
    out.flush()
    if a.stats:
        for t in TYPES:
            print("%-24s %5d" % (t, counts[t]), file=sys.stderr)
        print("%-24s %5d of %d" % ("records without labels", empty, n), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
