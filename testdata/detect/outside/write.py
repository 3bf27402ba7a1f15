#!/usr/bin/env python3
"""write.py: writes the held-out detection set in this folder.

  python3 testdata/detect/outside/write.py testdata/detect/outside

The texts are written by hand below, in the shapes people paste: code,
config, CI files, logs, shell history, prose. Values are made up here from
the providers' and standards' documented formats (prefix, alphabet, length,
checksum), with a seeded random.Random, so the same run gives the same
bytes. In a text, <<type:value>> marks a value llm-classify must report
(<<type?:value>>: reported, marked as a placeholder); the markers are
taken out and become labels {"type", "path", "start", "end"} in UTF-8
bytes, the shape scripts/score-corpus.py reads. See README.md.
"""

import base64
import json
import os
import random
import re
import string
import sys
import zlib

R = random.Random(20261208)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
B62 = UP + LO + DG
B64 = B62 + "+/"
U64 = B62 + "-_"
HEX = "0123456789abcdef"
B32 = UP + "234567"


def rnd(alpha, n):
    # at least one of each class the alphabet has, so no value is all one kind
    while True:
        v = "".join(R.choice(alpha) for _ in range(n))
        if n < 8 or not any(set(alpha) >= set(k) and not (set(v) & set(k)) for k in (UP, LO, DG)):
            return v


# ---------------------------------------------------------------- secrets

def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (DG + UP + LO)[r] + out
    return out.rjust(width, "0")


def gh(prefix):
    body = rnd(B62, 30)
    return prefix + body + b62(zlib.crc32(body.encode()), 6)


def gh_pat():
    return "github_pat_" + rnd(B62, 22) + "_" + rnd(B62, 59)


def aws_id(p="AKIA"):
    return p + rnd(UP + "234567", 16)


def aws_secret():
    return rnd(B64, 40)


def slack_bot():
    return "xoxb-%s-%s-%s" % (rnd(DG, 12), rnd(DG, 13), rnd(B62, 24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (rnd(DG, 11), rnd(DG, 12), rnd(DG, 13), rnd(HEX, 32))


def slack_app():
    return "xapp-1-A%s-%s-%s" % (rnd(UP + DG, 10), rnd(DG, 13), rnd(HEX, 64))


def slack_hook(kind="services", scheme="https://"):
    t = "T" + rnd(UP + DG, 10)
    if kind == "services":
        return "%shooks.slack.com/services/%s/B%s/%s" % (scheme, t, rnd(UP + DG, 10), rnd(B62, 24))
    if kind == "workflows":
        return "%shooks.slack.com/workflows/%s/A%s/%s/%s" % (scheme, t, rnd(UP + DG, 10), rnd(DG, 18), rnd(B62, 24))
    return "%shooks.slack.com/triggers/%s/%s/%s" % (scheme, t, rnd(DG, 13), rnd(HEX, 32))


def stripe(p="sk_live_", new=True):
    return p + ("51" + rnd(B62, 97) if new else rnd(B62, 24))


def openai(kind="proj"):
    if kind == "legacy":
        return "sk-" + rnd(B62, 20) + "T3BlbkFJ" + rnd(B62, 20)
    return "sk-%s-" % kind + rnd(U64, 74) + "T3BlbkFJ" + rnd(U64, 74)


def anthropic(kind="api03"):
    return "sk-ant-%s-" % kind + rnd(U64, 93) + "AA"


def google():
    return "AIza" + rnd(U64, 35)


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(alg="HS256", extra=None):
    h = {"alg": alg, "typ": "JWT"}
    if extra:
        h.update(extra)
    p = {"sub": str(R.randint(10**6, 10**9)), "iat": R.randint(1.6e9, 1.8e9), "scope": "read write"}
    siglen = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64, "PS256": 256, "EdDSA": 64}[alg]
    return ".".join([b64u(json.dumps(h, separators=(",", ":")).encode()),
                     b64u(json.dumps(p, separators=(",", ":")).encode()),
                     b64u(bytes(R.randrange(256) for _ in range(siglen)))])


def pem(label, nbytes=600, width=64, nl="\n", headers=""):
    body = base64.b64encode(bytes(R.randrange(256) for _ in range(nbytes))).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return nl.join(["-----BEGIN %s-----" % label] + ([headers] if headers else []) + lines + ["-----END %s-----" % label])


def gitlab(p="glpat-"):
    return p + rnd(U64.replace("-", ""), 20)


def npm():
    return "npm_" + rnd(B62, 36)


def pypi(test=False):
    head = "pypi-AgENdGVzdC5weXBpLm9yZw" if test else "pypi-AgEIcHlwaS5vcmc"
    return head + rnd(U64, R.randint(120, 180))


def hf(org=False):
    return ("api_org_" if org else "hf_") + rnd(UP + LO, 34)


def azure_account_key():
    return base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()


def azure_sas():
    return base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode()


def twilio(p="SK"):
    return p + rnd(HEX, 32)


def sendgrid():
    return "SG." + rnd(U64, 22) + "." + rnd(U64, 43)


def mailgun_old():
    return "key-" + rnd(LO + DG, 32)


def mailgun_new():
    return "%s-%s-%s" % (rnd(HEX, 32), rnd(HEX, 8), rnd(HEX, 8))


def shopify(p="shpat_"):
    return p + rnd(HEX, 32)


def databricks():
    return "dapi" + rnd(HEX, 32)


# Context shapes a value is pasted in: (language, template). {N} is the
# variable's name as that language writes it, {v} the marked value.
def contexts(NAME, v):
    low = NAME.lower()
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), low)
    return [
        ("env", "# .env.production\n%s=%s\nLOG_LEVEL=info" % (NAME, v)),
        ("shell", "export %s=\"%s\"\n./deploy.sh --env prod" % (NAME, v)),
        ("actions", "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      %s: %s\n    steps:\n      - run: make release" % (NAME, v)),
        ("yaml", "services:\n  api:\n    image: acme/api:2.3\n    environment:\n      - %s=%s" % (NAME, v)),
        ("json", "{\n  \"name\": \"billing\",\n  \"%s\": \"%s\",\n  \"retries\": 3\n}" % (camel, v)),
        ("xml", "<appSettings>\n  <add key=\"%s\" value=\"%s\" />\n</appSettings>" % (NAME, v)),
        ("ini", "[default]\nregion = eu-west-1\n%s = %s" % (low, v)),
        ("docker", "FROM python:3.12-slim\nENV %s=%s\nCMD [\"gunicorn\", \"app:app\"]" % (NAME, v)),
        ("terraform", "resource \"kubernetes_secret\" \"app\" {\n  data = {\n    %s = \"%s\"\n  }\n}" % (low, v)),
        ("powershell", "$env:%s = \"%s\"\nInvoke-RestMethod -Uri $uri -Headers $headers" % (NAME, v)),
        ("java", "private static final String %s = \"%s\";" % (NAME, v)),
        ("go", "func newClient() *Client {\n\t%s := \"%s\"\n\treturn &Client{key: %s}\n}" % (camel, v, camel)),
        ("python", "client = Client(\n    %s=\"%s\",\n    timeout=30,\n)" % (low, v)),
        ("js", "const %s = '%s';\nmodule.exports = { %s };" % (camel, v, camel)),
        ("php", "<?php\ndefine('%s', '%s');" % (NAME, v)),
        ("ruby", "config.%s = '%s'" % (low, v)),
        ("csharp", "var %s = \"%s\";\nvar client = new HttpClient();" % (camel, v)),
        ("log", "2024-11-03T09:14:22.481Z DEBUG config loaded: %s=%s source=env" % (low, v)),
        ("trace", "Traceback (most recent call last):\n  File \"/srv/app/main.py\", line 88, in <module>\n    client.login(\"%s\")\nAuthError: 401 Unauthorized" % v),
        ("history", "  512  curl -s -H \"Authorization: Bearer %s\" https://api.internal/v1/me" % v),
        ("prose", "hey, here's the key for staging: %s - rotate it after the demo" % v),
        ("kotlin", "val %s = \"%s\"" % (camel, v)),
    ]


def pick(NAME, v, k, start):
    cs = contexts(NAME, v)
    return [cs[(start + i * 5) % len(cs)][1] for i in range(k)]


SECRETS = []  # marked texts


def add(*texts):
    SECRETS.extend(texts)


def many(t, NAMES, gen, k=12):
    """k texts of type t: names and values cycled over the context shapes."""
    for i in range(k):
        NAME = NAMES[i % len(NAMES)]
        v = gen(i)
        add(pick(NAME, "<<%s:%s>>" % (t, v), 1, i * 7 + len(t))[0])


def build_secrets():
    # AWS access key IDs: AKIA (long-term), ASIA (temporary, STS)
    many("aws_access_key_id", ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "S3_ACCESS_KEY_ID"],
         lambda i: aws_id("ASIA" if i % 4 == 3 else "AKIA"), 12)
    a, b = aws_id(), aws_secret()
    add("[default]\naws_access_key_id = <<aws_access_key_id:%s>>\naws_secret_access_key = <<aws_secret_access_key:%s>>\n" % (a, b))
    a, b = aws_id("ASIA"), aws_secret()
    add('{\n    "Credentials": {\n        "AccessKeyId": "<<aws_access_key_id:%s>>",\n        "SecretAccessKey": "<<aws_secret_access_key:%s>>",\n        "SessionToken": "<<password:FwoGZXIvYXdzEBYaD>>",\n        "Expiration": "2024-10-11T19:25:31+00:00"\n    }\n}' % (a, b))
    a, b = aws_id(), aws_secret()
    add('AWSCredentials creds = new BasicAWSCredentials("<<aws_access_key_id:%s>>", "<<aws_secret_access_key:%s>>");' % (a, b))
    a, b = aws_id(), aws_secret()
    add('provider "aws" {\n  region     = "us-east-1"\n  access_key = "<<aws_access_key_id:%s>>"\n  secret_key = "<<aws_secret_access_key:%s>>"\n}' % (a, b))
    a, b = aws_id(), aws_secret()
    add("s3 = boto3.client('s3', aws_access_key_id='<<aws_access_key_id:%s>>', aws_secret_access_key='<<aws_secret_access_key:%s>>')" % (a, b))
    # AWS secret access keys beside their keyword
    for NAME in ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "AWS_SECRET_KEY", "SecretAccessKey",
                 "secret_access_key", "awsSecretKey", "AWS_SECRET"]:
        add(pick(NAME, "<<aws_secret_access_key:%s>>" % aws_secret(), 1, len(NAME))[0])
    add("$ aws configure\nAWS Access Key ID [None]: <<aws_access_key_id:%s>>\nAWS Secret Access Key [None]: <<aws_secret_access_key:%s>>\nDefault region name [None]: eu-central-1" % (aws_id(), aws_secret()))

    # GitHub
    many("github_token", ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "HOMEBREW_GITHUB_API_TOKEN"],
         lambda i: gh_pat() if i % 5 == 4 else gh(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"][i % 5]), 14)
    add("git remote set-url origin https://<<github_token:%s>>@github.com/acme/infra.git" % gh("ghp_"))
    add("git clone https://x-access-token:<<github_token:%s>>@github.com/acme/site.git" % gh("ghs_"))
    add("machine github.com\n  login ci-bot\n  password <<github_token:%s>>" % gh("ghp_"))
    add("curl -H 'Authorization: token <<github_token:%s>>' https://api.github.com/user/repos" % gh("gho_"))
    add("echo <<github_token:%s>> | docker login ghcr.io -u ci-bot --password-stdin" % gh_pat())

    # Slack
    many("slack_token", ["SLACK_BOT_TOKEN", "SLACK_TOKEN", "SLACK_USER_TOKEN"],
         lambda i: [slack_bot, slack_user, slack_app][i % 3](), 12)
    add("SLACK_WEBHOOK_URL=<<slack_token:%s>>" % slack_hook("services"))
    add("curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' <<slack_token:%s>>" % slack_hook("services"))
    add("notify:\n  webhook: <<slack_token:%s>>" % slack_hook("workflows"))
    add("requests.post(\"<<slack_token:%s>>\", json={\"msg\": text})" % slack_hook("triggers"))
    add("webhook (no scheme in the wiki): <<slack_token:%s>>" % slack_hook("services", ""))
    add("const hook = '<<slack_token:%s>>';" % slack_hook("workflows", ""))
    add("SLACK_REFRESH=<<slack_token:xoxe-1-%s>>" % rnd(B62 + "-", 140).strip("-"))
    add("token rotated: <<slack_token:xoxe.xoxp-1-%s>>" % rnd(B62, 150))

    # Stripe
    many("stripe_key", ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY"],
         lambda i: stripe(["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"][i % 6], i % 2 == 0), 14)
    add("Stripe.api_key = \"<<stripe_key:%s>>\"" % stripe("sk_live_", False))
    add("stripe.setApiKey(\"<<stripe_key:%s>>\");" % stripe("sk_test_"))
    add("curl https://api.stripe.com/v1/charges -u <<stripe_key:%s>>: -d amount=2000" % stripe("sk_live_"))

    # OpenAI
    many("openai_api_key", ["OPENAI_API_KEY", "OPENAI_KEY", "OPENAI_TOKEN"],
         lambda i: openai(["proj", "legacy", "svcacct", "admin", "proj"][i % 5]), 13)
    add("client = OpenAI(api_key=\"<<openai_api_key:%s>>\")" % openai("proj"))
    add("curl https://api.openai.com/v1/models -H \"Authorization: Bearer <<openai_api_key:%s>>\"" % openai("legacy"))

    # Anthropic
    many("anthropic_api_key", ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY", "ANTHROPIC_KEY"],
         lambda i: anthropic("admin01" if i % 4 == 3 else "api03"), 12)
    add("curl https://api.anthropic.com/v1/messages -H \"x-api-key: <<anthropic_api_key:%s>>\" -H \"anthropic-version: 2023-06-01\"" % anthropic())
    add("anthropic.Anthropic(api_key=\"<<anthropic_api_key:%s>>\")" % anthropic())

    # Google
    many("google_api_key", ["GOOGLE_API_KEY", "MAPS_API_KEY", "FIREBASE_API_KEY", "GEMINI_API_KEY"],
         lambda i: google(), 12)
    add("<script src=\"https://maps.googleapis.com/maps/api/js?key=<<google_api_key:%s>>&callback=initMap\"></script>" % google())
    add("const firebaseConfig = {\n  apiKey: \"<<google_api_key:%s>>\",\n  authDomain: \"shop-4711.firebaseapp.com\",\n  projectId: \"shop-4711\"\n};" % google())
    add("GET /v1beta/models/gemini-pro:generateContent?key=<<google_api_key:%s>> HTTP/1.1" % google())

    # JWT
    many("jwt", ["ACCESS_TOKEN", "ID_TOKEN", "AUTH_JWT", "SESSION_TOKEN"],
         lambda i: jwt(["HS256", "RS256", "ES256", "HS512", "PS256", "EdDSA"][i % 6],
                       {"kid": rnd(B62, 12)} if i % 3 == 1 else None), 12)
    add("GET /api/orders HTTP/1.1\nHost: shop.internal\nAuthorization: Bearer <<jwt:%s>>" % jwt())
    add("Set-Cookie: session=<<jwt:%s>>; Path=/; HttpOnly; Secure" % jwt("RS256"))
    add("https://app.example.org/callback#id_token=<<jwt:%s>>&state=af0ifjsldkj" % jwt("RS256", {"kid": "k1"}))

    # Private keys
    add("<<private_key:%s>>" % pem("RSA PRIVATE KEY", 1190))
    add("key.pem:\n<<private_key:%s>>\n" % pem("PRIVATE KEY", 1218))
    add("<<private_key:%s>>" % pem("EC PRIVATE KEY", 121))
    add("<<private_key:%s>>" % pem("OPENSSH PRIVATE KEY", 400, 70))
    add("<<private_key:%s>>" % pem("ENCRYPTED PRIVATE KEY", 1300))
    add("<<private_key:%s>>" % pem("DSA PRIVATE KEY", 440))
    add("<<private_key:%s>>" % pem("RSA PRIVATE KEY", 1190, 64, "\n", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,%s\n" % rnd("0123456789ABCDEF", 32)))
    add("<<private_key:%s>>" % pem("PGP PRIVATE KEY BLOCK", 900, 64, "\n", "Version: GnuPG v2\n"))
    add("tls:\n  key: |\n    <<private_key:%s>>\n" % pem("PRIVATE KEY", 1218, 64, "\n    "))
    add("{\n  \"type\": \"service_account\",\n  \"project_id\": \"billing-prod-4471\",\n  \"private_key_id\": \"%s\",\n  \"private_key\": \"<<private_key:%s>>\\n\",\n  \"client_email\": \"<<email:deployer@billing-prod-4471.iam.gserviceaccount.com>>\"\n}" % (rnd(HEX, 40), pem("PRIVATE KEY", 1218, 64, "\\n")))
    add("resource \"tls_private_key\" \"x\" {}\nlocals {\n  key = <<EOT\n<<private_key:%s>>\nEOT\n}" % pem("RSA PRIVATE KEY", 1190))
    add("DEPLOY_KEY=\"<<private_key:%s>>\"" % pem("OPENSSH PRIVATE KEY", 400, 70, "\\n"))
    add("<<private_key:%s>>" % pem("RSA PRIVATE KEY", 1190, 64, "\r\n"))
    add("String key = \"<<private_key:%s>>\";" % pem("PRIVATE KEY", 1218, 64, "\\n"))

    # Passwords in assignments of many languages and formats
    pw = lambda: rnd(B62, R.randint(4, 8)) + R.choice("!#%*@^") + rnd(B62, R.randint(3, 7))
    add("DB_PASSWORD=<<password:%s>>" % pw())
    add("spring.datasource.password=<<password:%s>>" % pw())
    add("database:\n  host: db.internal\n  user: app\n  password: \"<<password:%s>>\"" % pw())
    add("{\"username\": \"svc_backup\", \"password\": \"<<password:%s>>\"}" % pw())
    add("<connectionStrings>\n  <add name=\"Main\" connectionString=\"Server=sql01;Database=Shop;User Id=shop;Password=<<password:%s>>;\" />\n</connectionStrings>" % pw())
    add("<datasource>\n  <user-name>sa</user-name>\n  <password><<password:%s>></password>\n</datasource>" % pw())
    add("System.setProperty(\"javax.net.ssl.keyStorePassword\", \"<<password:%s>>\");" % pw())
    add("$config['db_pass'] .= '<<password:%s>>';" % pw())
    add("DB_PASSWORD ?= <<password:%s>>" % pw())
    add("var dbPassword string = \"<<password:%s>>\"" % pw())
    add("conn = psycopg2.connect(host=\"db\", user=\"app\", password=\"<<password:%s>>\")" % pw())
    add("mysql.createConnection({ host: 'db', user: 'root', password: '<<password:%s>>' })" % pw())
    add("postgresql://app:<<password:%s>>@db.internal:5432/shop" % pw().replace("@", "").replace("#", "").replace("%", ""))
    add("docker login registry.acme.io --username deploy --password <<password:%s>>" % pw())
    add("machine ftp.acme.io login backup password <<password:%s>>" % pw())
    add("$securePass = ConvertTo-SecureString -String \"<<password:%s>>\" -AsPlainText -Force" % pw())
    add("ENV MYSQL_ROOT_PASSWORD=<<password:%s>>" % pw())
    add("  - name: POSTGRES_PASSWORD\n    value: \"<<password:%s>>\"" % pw())
    add("2024-09-12 08:01:44 WARN login failed user=admin password=<<password:%s>> ip=<<ip_address:10.2.3.4>>" % pw())
    add("redis_url = \"redis://:<<password:%s>>@cache.internal:6379/0\"" % pw().replace("@", "").replace("#", "").replace("%", ""))
    add("jdbc:mysql://db:3306/shop?user=app&password=<<password:%s>>&useSSL=true" % pw().replace("&", "").replace("#", ""))
    add("password = '<<password:%s>>'  # TODO move to vault" % pw())
    # more shapes of the same family: maps, object initialisers, XML beans, CLI flags
    add("$db = ['host' => 'db', 'password' => '<<password:%s>>'];" % pw())
    add("config = { :username => 'deploy', :password => \"<<password:%s>>\" }" % pw())
    add("var opts = new SmtpOptions { Host = \"smtp.acme.io\", Password = \"<<password:%s>>\" };" % pw())
    add("<bean id=\"ds\" class=\"org.apache.commons.dbcp2.BasicDataSource\">\n  <property name=\"password\" value=\"<<password:%s>>\"/>\n</bean>" % pw())
    add("settings[\"password\"] = \"<<password:%s>>\"" % pw())
    add("ENV['SMTP_PASSWORD'] = '<<password:%s>>'" % pw())
    add("docker run -d -e POSTGRES_PASSWORD=<<password:%s>> postgres:16" % pw())
    add("kubectl create secret generic db --from-literal=password=<<password:%s>>" % pw())
    add("helm upgrade api ./chart --set db.password=<<password:%s>>" % pw())
    add("ansible_become_password: <<password:%s>>" % pw())
    add("SECRET_KEY = '<<password:%s>>'" % rnd(B62 + "!@#%^*-_", 50))
    add("JWT_SECRET=<<password:%s>>" % rnd(B62, 32))
    add("client_secret: <<password:%s>>" % rnd(B62 + "~_.-", 40))
    add("\"clientSecret\": \"<<password:%s>>\"," % rnd(B62 + "~_.-", 40))
    add("{ \"name\": \"DB_PASSWORD\", \"value\": \"<<password:%s>>\" }" % pw())
    add("<add key=\"SmtpPassword\" value=\"<<password:%s>>\" />" % pw())
    add("$ sshpass -p '<<password:%s>>' ssh root@<<ip_address:10.0.4.12>>" % pw())
    add("new NetworkCredential(\"svc_print\", \"<<password:%s>>\")" % pw())
    add("requests.get(url, auth=(\"admin\", \"<<password:%s>>\"))" % pw())
    add("curl -u admin:<<password:%s>> https://jenkins.acme.io/api/json" % pw().replace("@", "").replace("#", "").replace("%", ""))
    add("PGPASSWORD=<<password:%s>> psql -h db -U app shop" % pw())
    add("mysql -u root -p'<<password:%s>>' -h <<ip_address:127.0.0.1>> shop" % pw())
    add("password := \"<<password:%s>>\"" % pw())
    add("let password = \"<<password:%s>>\";" % pw())
    add("val dbPass: String = \"<<password:%s>>\"" % pw())
    add("[client]\nuser=backup\npassword=<<password:%s>>" % pw())
    add("SMTP_PASS=<<password:%s>>" % pw())
    add("app.secret_key = \"<<password:%s>>\"" % rnd(B62, 32))
    add("@Value(\"${db.password:<<password:%s>>}\")" % pw())
    add("Password: <<password:%s>>" % pw())

    # GitLab
    many("gitlab_token", ["GITLAB_TOKEN", "CI_TOKEN", "GL_TOKEN", "GITLAB_PRIVATE_TOKEN"],
         lambda i: gitlab(["glpat-", "gldt-", "glrt-", "gloas-", "glpat-", "glsoat-", "glffct-", "glcbt-"][i % 8]), 12)
    add("curl --header \"PRIVATE-TOKEN: <<gitlab_token:%s>>\" \"https://gitlab.example.com/api/v4/projects\"" % gitlab())
    add("git clone https://oauth2:<<gitlab_token:%s>>@gitlab.com/acme/app.git" % gitlab())
    add("trigger: curl -X POST -F token=<<gitlab_token:glptt-%s>> -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline" % rnd(HEX, 40))

    # npm
    many("npm_token", ["NPM_TOKEN", "NODE_AUTH_TOKEN", "NPM_AUTH_TOKEN"], lambda i: npm(), 10)
    add("//registry.npmjs.org/:_authToken=<<npm_token:%s>>" % npm())
    add("- run: echo \"//registry.npmjs.org/:_authToken=<<npm_token:%s>>\" > ~/.npmrc" % npm())

    # PyPI
    many("pypi_token", ["PYPI_TOKEN", "PYPI_API_TOKEN", "TWINE_PASSWORD"], lambda i: pypi(i % 4 == 3), 10)
    add("[pypi]\n  username = __token__\n  password = <<pypi_token:%s>>" % pypi())
    add("twine upload -u __token__ -p <<pypi_token:%s>> dist/*" % pypi())

    # Hugging Face
    many("huggingface_token", ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACEHUB_API_TOKEN"],
         lambda i: hf(i % 5 == 4), 11)
    add("huggingface-cli login --token <<huggingface_token:%s>>" % hf())
    add("model = AutoModel.from_pretrained(\"acme/private-llm\", token=\"<<huggingface_token:%s>>\")" % hf())

    # Azure storage account keys
    for i in range(10):
        acct = "st" + rnd(LO + DG, 10)
        k = azure_account_key()
        form = i % 5
        if form == 0:
            add("AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=<<azure_storage_key:%s>>;EndpointSuffix=core.windows.net\"" % (acct, k))
        elif form == 1:
            add("{\n  \"Values\": {\n    \"AzureWebJobsStorage\": \"DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=<<azure_storage_key:%s>>\"\n  }\n}" % (acct, k))
        elif form == 2:
            add("<add name=\"Storage\" connectionString=\"AccountName=%s;AccountKey=<<azure_storage_key:%s>>;DefaultEndpointsProtocol=https\" />" % (acct, k))
        elif form == 3:
            add("var conn = \"DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=<<azure_storage_key:%s>>;BlobEndpoint=https://%s.blob.core.windows.net/;\";" % (acct, k, acct))
        else:
            add("az storage blob upload --account-name %s --account-key <<azure_storage_key:%s>> -c backups -f db.bak" % (acct, k))
    add("export AZURE_STORAGE_ACCOUNT=stbackup01\nexport AZURE_STORAGE_KEY=<<azure_storage_key:%s>>" % azure_account_key())
    add("resource \"azurerm_function_app\" \"f\" {\n  storage_account_name       = \"stfunc01\"\n  storage_account_access_key = \"<<azure_storage_key:%s>>\"\n}" % azure_account_key())

    # Twilio
    many("twilio_key", ["TWILIO_API_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_SID"],
         lambda i: twilio("AC" if i % 3 == 1 else "SK"), 11)
    add("client = Client(\"<<twilio_key:%s>>\", auth_token)" % twilio("AC"))
    add("curl -X POST https://api.twilio.com/2010-04-01/Accounts/<<twilio_key:%s>>/Messages.json -u <<twilio_key:%s>>:$SECRET" % (twilio("AC"), twilio("SK")))

    # SendGrid
    many("sendgrid_key", ["SENDGRID_API_KEY", "SENDGRID_KEY", "SMTP_PASSWORD"], lambda i: sendgrid(), 11)
    add("smtp:\n  host: smtp.sendgrid.net\n  user: apikey\n  pass: <<sendgrid_key:%s>>" % sendgrid())

    # Mailgun
    many("mailgun_key", ["MAILGUN_API_KEY", "MAILGUN_KEY", "MAILGUN_PRIVATE_KEY"],
         lambda i: mailgun_old() if i % 2 else mailgun_new(), 11)
    add("curl -s --user 'api:<<mailgun_key:%s>>' https://api.mailgun.net/v3/mg.acme.io/messages" % mailgun_old())
    add("mailgun:\n  domain: mg.acme.io\n  secret: <<mailgun_key:%s>>" % mailgun_new())

    # Shopify
    many("shopify_token", ["SHOPIFY_ACCESS_TOKEN", "SHOPIFY_API_SECRET", "SHOPIFY_TOKEN"],
         lambda i: shopify(["shpat_", "shpca_", "shppa_", "shpss_"][i % 4]), 12)
    add("curl -H \"X-Shopify-Access-Token: <<shopify_token:%s>>\" https://acme.myshopify.com/admin/api/2024-04/shop.json" % shopify())

    # Databricks
    many("databricks_token", ["DATABRICKS_TOKEN", "DATABRICKS_PAT", "DBX_TOKEN"],
         lambda i: databricks() + ("-2" if i % 6 == 5 else ""), 11)
    add("[DEFAULT]\nhost  = https://adb-4471.11.azuredatabricks.net\ntoken = <<databricks_token:%s>>" % databricks())

    # Round two: the same types where they sit in URLs, headers, escaped
    # JSON, markdown, CSV downloads and tool configs, with punctuation after.
    add("https://api.github.com/repos/acme/app/issues?access_token=<<github_token:%s>>&state=open" % gh("ghp_"))
    add("[url \"https://<<github_token:%s>>@github.com/\"]\n\tinsteadOf = https://github.com/" % gh("ghp_"))
    add("https://ci-bot:<<github_token:%s>>@github.com" % gh("ghp_"))
    add("Use `<<github_token:%s>>` for the bot, then rotate it." % gh("ghu_"))
    add("token was <<github_token:%s>>." % gh("gho_"))
    add("{\"text\":\"failed with {\\\"token\\\":\\\"<<github_token:%s>>\\\"}\"}" % gh("ghs_"))
    add("$hook = \"<<slack_token:https:\\/\\/hooks.slack.com\\/services\\/T%s\\/B%s\\/%s>>\";" % (rnd(UP + DG, 10), rnd(UP + DG, 10), rnd(B62, 24)))
    add("{\"webhook_url\":\"<<slack_token:https:\\/\\/hooks.slack.com\\/services\\/T%s\\/B%s\\/%s>>\"}" % (rnd(UP + DG, 9), rnd(UP + DG, 11), rnd(B62, 24)))
    add("curl -H 'Authorization: Bearer <<slack_token:%s>>' https://slack.com/api/auth.test" % slack_bot())
    add("SLACK_WEBHOOK=<<slack_token:%s>>" % slack_hook("services", "http://"))
    add("slack token (legacy): <<slack_token:xoxb-%s-%s>>" % (rnd(DG, 12), rnd(B62, 24)))
    add("Authorization: Bearer <<stripe_key:%s>>" % stripe("sk_live_"))
    add("`<<stripe_key:%s>>`, not the publishable pk_live_%s" % (stripe("rk_live_"), rnd(B62, 24)))
    add("<meta-data android:name=\"com.google.android.geo.API_KEY\" android:value=\"<<google_api_key:%s>>\"/>" % google())
    add("\"api_key\": [ { \"current_key\": \"<<google_api_key:%s>>\" } ]" % google())
    add("https://www.googleapis.com/youtube/v3/search?part=snippet&q=cats&key=<<google_api_key:%s>>" % google())
    add("GET /bucket/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=<<aws_access_key_id:%s>>%%2F20240611%%2Fus-east-1%%2Fs3%%2Faws4_request" % aws_id())
    add("User name,Password,Access key ID,Secret access key\nci-deploy,,<<aws_access_key_id:%s>>,<<aws_secret_access_key:%s>>" % (aws_id(), aws_secret()))
    add("aws.accessKeyId=<<aws_access_key_id:%s>>\naws.secretKey=<<aws_secret_access_key:%s>>" % (aws_id(), aws_secret()))
    add("GET /api/v1/me?token=<<jwt:%s>> HTTP/2" % jwt())
    add("{\"access_token\":\"<<jwt:%s>>\",\"token_type\":\"Bearer\",\"expires_in\":3600}" % jwt("RS256", {"kid": rnd(B62, 16)}))
    add("localStorage.setItem('id_token', '<<jwt:%s>>');" % jwt("ES256"))
    add("<SecretKey><<private_key:%s>></SecretKey>" % pem("EC PRIVATE KEY", 121))
    add("```\n<<private_key:%s>>\n```" % pem("OPENSSH PRIVATE KEY", 400, 70))
    add("npmAuthToken: \"<<npm_token:%s>>\"" % npm())
    add("poetry config pypi-token.pypi <<pypi_token:%s>>" % pypi())
    add("os.environ[\"HF_TOKEN\"] = \"<<huggingface_token:%s>>\"" % hf())
    add("curl -H \"Authorization: Bearer <<huggingface_token:%s>>\" https://huggingface.co/api/whoami-v2" % hf())
    add("https://<<twilio_key:%s>>:<<password:%s>>@api.twilio.com/2010-04-01/Accounts.json" % (twilio("SK"), rnd(HEX, 32)))
    add("Authorization: Bearer <<sendgrid_key:%s>>" % sendgrid())
    add("https://api:<<mailgun_key:%s>>@api.mailgun.net/v3/domains" % mailgun_old())
    add("Authorization: Bearer <<databricks_token:%s>>" % databricks())
    add("databricks configure --token <<<databricks_token:%s>>>" % databricks())
    add("shopify: { token: '<<shopify_token:%s>>' }" % shopify("shpat_"))
    add("glab auth login --token <<gitlab_token:%s>>" % gitlab())
    add("OPENAI_API_KEY=<<openai_api_key:%s>>," % openai("proj"))
    add("ANTHROPIC_API_KEY='<<anthropic_api_key:%s>>'" % anthropic())
    add("\"SharedAccessKey\": \"<<azure_sas_key:%s>>\"" % azure_sas())
    add("amqp://guest_user:<<password:%s>>@rabbit.internal:5672/" % rnd(B62, 14))
    add("smtp://mailer:<<password:%s>>@smtp.acme.io:587" % rnd(B62, 12))
    add("https://admin:<<password:%s>>@grafana.acme.io/api/dashboards" % rnd(B62, 12))
    add("{\"user\":\"svc\",\"password\":\"<<password:%s>>\"}" % pw())
    add("java -Ddb.password=<<password:%s>> -jar app.jar" % pw())
    add("db.internal:5432:shop:app:<<password:%s>>" % rnd(B62, 14))

    # Azure shared access keys
    for i in range(11):
        ns = "sb-" + rnd(LO, 8)
        k = azure_sas()
        form = i % 5
        if form == 0:
            add("ServiceBusConnection=Endpoint=sb://%s.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<<azure_sas_key:%s>>" % (ns, k))
        elif form == 1:
            add("\"EventHub\": \"Endpoint=sb://%s.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<<azure_sas_key:%s>>;EntityPath=telemetry\"" % (ns, k))
        elif form == 2:
            add("HostName=%s.azure-devices.net;DeviceId=pump-07;SharedAccessKey=<<azure_sas_key:%s>>" % (ns, k))
        elif form == 3:
            add("var cs = \"Endpoint=sb://%s.servicebus.windows.net/;SharedAccessKey=<<azure_sas_key:%s>>;SharedAccessKeyName=listen\";" % (ns, k))
        else:
            add("export EVENTHUB_CONN='Endpoint=sb://%s.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=<<azure_sas_key:%s>>'" % (ns, k))


# ---------------------------------------------------------------- phones

# (region, national as printed, E.164): every number checked valid for its
# region against libphonenumber's metadata when this file was written.
NATIONAL = [l.split("\t") for l in """\
US	(415) 867-2301	+14158672301
US	212-736-4410	+12127364410
CA	(604) 682-4433	+16046824433
CA	416.979.2208	+14169792208
GB	020 7183 8750	+442071838750
GB	0161 496 0735	+441614960735
GB	07911 123456	+447911123456
DE	030 22730412	+493022730412
DE	089 4520-1900	+498945201900
DE	0171 4439682	+491714439682
FR	01 42 68 53 00	+33142685300
FR	06 71 84 29 13	+33671842913
FR	04.91.55.21.70	+33491552170
ES	915 32 87 10	+34915328710
ES	622 48 31 95	+34622483195
IT	02 7634 2201	+390276342201
IT	347 218 9034	+393472189034
NL	020 552 9111	+31205529111
NL	06 48213570	+31648213570
IN	98452 31760	+919845231760
IN	080 2657 1122	+918026571122
AU	(03) 9654 2130	+61396542130
AU	0423 781 554	+61423781554
BR	(21) 3974-5520	+552139745520
BR	(11) 97342-8816	+5511973428816
BE	02 513 49 27	+3225134927
BE	0478 23 91 54	+32478239154
CH	044 268 71 11	+41442687111
CH	079 334 52 81	+41793345281
AT	01 5874 331	+4315874331
AT	0664 4128 377	+436644128377
PL	22 628 45 71	+48226284571
PL	601 482 337	+48601482337
SE	08-506 321 00	+46850632100
SE	070-381 29 46	+46703812946
NO	22 47 85 10	+4722478510
NO	917 33 482	+4791733482
DK	33 12 84 52	+4533128452
DK	28 46 19 73	+4528461973
FI	09 6122 4580	+358961224580
FI	040 738 2155	+358407382155
IE	01 671 3892	+35316713892
IE	087 241 6638	+353872416638
PT	213 426 580	+351213426580
PT	936 218 447	+351936218447
NZ	09 377 4521	+6493774521
NZ	021 884 3127	+64218843127
MX	55 5281 4433	+525552814433
MX	33 3615 2809	+523336152809
AR	011 4312-5566	+541143125566
JP	03-3581-4211	+81335814211
JP	080-4127-6635	+818041276635
KR	02-735-8819	+8227358819
KR	010-4521-7730	+821045217730
CN	010 6532 1188	+861065321188
CN	139 1028 4477	+8613910284477
SG	6336 4411	+6563364411
SG	9172 3348	+6591723348
ZA	021 418 3300	+27214183300
ZA	082 451 7729	+27824517729
NG	0803 412 7785	+2348034127785
KE	0722 415 338	+254722415338
EG	0100 482 3317	+201004823317
TR	(0212) 244 61 30	+902122446130
TR	0532 418 27 66	+905324182766
RU	8 (495) 628-14-37	+74956281437
RU	8 (916) 524-33-18	+79165243318
UA	044 279 3316	+380442793316
UA	067 412 5580	+380674125580
IL	03-527-4410	+97235274410
IL	052-631-8847	+972526318847
AE	04 331 8822	+97143318822
AE	050 418 2276	+971504182276
SA	011 465 2290	+966114652290
SA	055 318 4427	+966553184427
PH	(02) 8527 4410	+63285274410
PH	0917 823 4456	+639178234456
ID	(021) 5703 2211	+622157032211
ID	0812-8833-4421	+6281288334421
TH	02 254 1133	+6622541133
TH	081 345 2217	+66813452217
VN	024 3825 1144	+842438251144
VN	091 234 7788	+84912347788
CO	(601) 3341122	+576013341122
CO	310 4521187	+573104521187
CL	(2) 2633 4410	+56226334410
CL	9 8421 3376	+56984213376
HK	2521 4433	+85225214433
HK	9182 7744	+85291827744
MY	03-2161 4433	+60321614433
MY	012-318 4476	+60123184476""".splitlines()]

DEFAULT_REGIONS = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR"}
NANP = {"US", "CA"}

PHONE_CTX = [
    "Call us on {p} (Mon-Fri 9-17).",
    "Tel.: {p}",
    "Mobile: {p}\nEmail: <<email:anna.k@example.org>>",
    "<a href=\"tel:{p}\">Hotline</a>",
    "contact_phone: \"{p}\"",
    "{{\"customer\": \"M. Okafor\", \"phone\": \"{p}\"}}",
    "Bitte rufen Sie mich unter {p} zurück.",
    "Appelez le {p} pour confirmer.",
    "If urgent, ring {p} and ask for Priya.",
    "Kontakt: {p}, tylko w godzinach pracy",
    "2024-06-11 10:02:33 INFO sms sent to {p} status=queued",
    "| Jordan Lee | Sales | {p} |",
    "WhatsApp {p}",
    "phone={p}&name=Rita",
    "Fax {p}",
]


def intl_forms(e164, national):
    cc_digits = e164[1:]
    # the international form: "+CC " and the national number without its trunk prefix
    for cc_len in (1, 2, 3):
        cc = cc_digits[:cc_len]
        rest = cc_digits[cc_len:]
        nd = re.sub(r"\D", "", national)
        if nd.endswith(rest):
            break
    groups = re.findall(r"\d+", national)
    # drop the trunk prefix from the first group
    trunk = re.sub(r"\D", "", national)[:len(re.sub(r"\D", "", national)) - len(rest)]
    g0 = groups[0][len(trunk):] if trunk and groups[0].startswith(trunk) else groups[0]
    gs = ([g0] if g0 else []) + groups[1:]
    return "+%s %s" % (cc, " ".join(gs)), e164, "00%s %s" % (cc, " ".join(gs)), "+%s-%s" % (cc, "-".join(gs))


PHONES, PHONES_NAT = [], []


def build_phones():
    k = 0
    for region, nat, e164 in NATIONAL:
        spaced, compact, zz, dashed = intl_forms(e164, nat)
        for form in (spaced, compact, dashed, zz):
            k += 1
            PHONES.append(PHONE_CTX[k % len(PHONE_CTX)].format(p="<<phone:%s>>" % form))
        k += 1
        t = PHONE_CTX[k % len(PHONE_CTX)].format(p="<<phone:%s>>" % nat)
        (PHONES if region in DEFAULT_REGIONS or region in NANP else PHONES_NAT).append(t)
    # with a "(0)" trunk digit, and tel: links
    for p in ["+44 (0)20 7183 8750", "+49 (0)89 4520-1900", "+33 (0)1 42 68 53 00", "+41 (0)44 268 71 11",
              "+31 (0)20 552 9111", "+43 (0)1 5874 331"]:
        PHONES.append("Phone: <<phone:%s>>" % p)
    for p in ["+14158672301", "+442071838750", "+81-3-3581-4211", "+61-3-9654-2130", "+5511973428816"]:
        PHONES.append("<a href=\"tel:<<phone:%s>>\">call</a>" % p)
    # more international writings
    for p in ["(+44) 20 7183 8750", "+44(0)2071838750", "0044 20 7183 8750", "+49-30-22730412", "+91-98452-31760",
              "+61 (0)3 9654 2130", "+55 (21) 3974-5520", "+81 (0)3-3581-4211", "+7 (495) 628-14-37",
              "1 (415) 867-2301", "1-415-867-2301", "+1.415.867.2301", "+1 (212) 736-4410", "+34 622 48 31 95",
              "+39 347 218 9034", "+31 6 48213570", "tel:+33-6-71-84-29-13", "+353 (0)87 241 6638"]:
        PHONES.append("Telefon: <<phone:%s>>" % p if not p.startswith("tel:") else "<a href=\"tel:<<phone:%s>>\">" % p[4:])
    # with extensions
    for p in ["(415) 867-2301 ext. 214", "+1 212-736-4410 x332", "212.736.4410 ext 12", "+44 20 7183 8750 ext. 4410",
              "(604) 682-4433, ext. 5", "+49 30 22730412-118", "415-867-2301 extension 9",
              "+1 (416) 979-2208 #204"]:
        PHONES.append("Reach me at <<phone:%s>> any time." % p)
    # as Faker's en_US provider writes them: area and exchange are random digits
    faker = ["(555)123-4567x890", "001-415-555-0132", "+1-394-271-6538x21304", "(817)386-0243",
             "643.219.8870x5521", "+1-202-918-3376", "001-730-581-1146x702", "288-114-7735",
             "(921)750-3382x18", "770.194.2645", "+1-531-809-2289x1470", "001-268-342-5516",
             "(301)216-4457", "846-901-3382x006", "(404)555-0199", "+1-919-413-6637",
             "560.387.1209x9934", "001-862-713-2648x4211", "(213)401-9927", "+1-315-562-8871x39"]
    # and as Faker's other locales write theirs (de_DE, en_GB, nl_NL, pt_BR, en_IN, en_AU)
    faker += ["+49(0)5551 123456", "(05551) 123456", "+44(0)1865 274321", "(01865) 274321", "(020) 1234567",
              "+31(0)20 1234567", "+55 (011) 1234-5678", "(011) 1234 5678", "+91 9876543210", "09876543210",
              "+61 2 1234 5678", "+1 (555) 123-4567 x123"]
    for i, p in enumerate(faker):
        PHONES.append(["phone_number: %s", "Contact %s for details.", "{\"name\": \"Karen Bell\", \"phone_number\": \"%s\"}",
                       "Ph: %s"][i % 4] % ("<<phone:%s>>" % p))


# ---------------------------------------------------------------- cards

def luhn_complete(prefix, length):
    body = prefix + "".join(R.choice(DG) for _ in range(length - len(prefix) - 1))
    for d in DG:
        n = body + d
        s, dbl = 0, False
        for ch in reversed(n):
            x = int(ch)
            if dbl:
                x *= 2
                if x > 9:
                    x -= 9
            s += x
            dbl = not dbl
        if s % 10 == 0:
            return n


# network, IIN prefixes (picked from the published ranges), lengths
NETWORKS = [
    ("Visa", ["4"], [13, 16, 19]),
    ("Mastercard", ["51", "53", "55", "2221", "2720", "2500"], [16]),
    ("American Express", ["34", "37"], [15]),
    ("Discover", ["6011", "644", "649", "65", "622126", "622925"], [16, 19]),
    ("JCB", ["3528", "3589", "3540"], [16, 17, 18, 19]),
    ("Diners Club", ["300", "305", "36", "38", "39", "3095"], [14, 16]),
    ("UnionPay", ["62", "6212", "6288"], [16, 17, 18, 19]),
    ("Maestro", ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6763", "0604"], [12, 13, 15, 16, 19]),
    ("Mir", ["2200", "2201", "2202", "2204"], [16, 17, 18, 19]),
    ("RuPay", ["60", "6521", "81", "82", "508"], [16]),
    ("Verve", ["506099", "506198", "650002", "650027", "507865"], [16, 18, 19]),
    ("Troy", ["9792"], [16]),
    ("Elo", ["4011", "4389", "5067", "6277", "6363", "6504", "6516"], [16]),
    ("Hipercard", ["606282"], [16]),
    ("Dankort", ["5019"], [16]),
]


def group(n, sep):
    if len(n) == 15:
        parts = [n[:4], n[4:10], n[10:]]
    elif len(n) == 14:
        parts = [n[:4], n[4:10], n[10:]]
    else:
        parts = [n[i:i + 4] for i in range(0, len(n), 4)]
    return sep.join(parts)


CARD_CTX = [
    "Card number: {c}",
    "charge({c}, 1999)",
    "{{\"pan\": \"{c}\", \"exp\": \"04/29\"}}",
    "cards = [{c}, None]",
    "payment.card={c}",
    "Please charge my card {c} for the renewal.",
    "2024-07-01 12:00:03 ERROR declined pan={c} reason=do_not_honor",
    "<CardNumber>{c}</CardNumber>",
    "  card_number: '{c}'",
    "Karte {c}, gültig bis 09/27",
    "test('{c}')",
    "| Visa | {c} | OK |",
    "card:{c};cvv:xxx",
    "new Card(\"{c}\", 12, 2028)",
]

CARDS = []


def build_cards():
    k = 0
    for net, pres, lens in NETWORKS:
        for L in lens:
            for p in pres[:3] if len(lens) > 2 else pres:
                n = luhn_complete(p, L)
                sep = ["", " ", "-", ".", " "][k % 5]
                c = n if not sep or L in (12, 13, 17, 18) and sep == "." else group(n, sep)
                k += 1
                CARDS.append(CARD_CTX[k % len(CARD_CTX)].format(c="<<credit_card:%s>>" % c))


# ---------------------------------------------------------------- IBANs

# country, length, BBAN layout (n digits, a upper-case letters, c alphanumerics),
# from the SWIFT IBAN registry
IBAN_FMT = """AD 24 4n4n12c|AE 23 3n16n|AL 28 8n16c|AT 20 5n11n|AZ 28 4a20c|BA 20 3n3n8n2n|BE 16 3n7n2n|BG 22 4a4n2n8c|
BH 22 4a14c|BR 29 8n5n10n1a1c|BY 28 4c4n16c|CH 21 5n12c|CR 22 4n14n|CY 28 3n5n16c|CZ 24 4n6n10n|DE 22 8n10n|
DK 18 4n9n1n|DO 28 4c20n|EE 20 2n2n11n1n|EG 29 4n4n17n|ES 24 4n4n1n1n10n|FI 18 3n11n|FO 18 4n9n1n|FR 27 5n5n11c2n|
GB 22 4a6n8n|GE 22 2a16n|GI 23 4a15c|GL 18 4n9n1n|GR 27 3n4n16c|GT 28 4c20c|HR 21 7n10n|HU 28 3n4n1n15n1n|
IE 22 4a6n8n|IL 23 3n3n13n|IQ 23 4a3n12n|IS 26 4n2n6n10n|IT 27 1a5n5n12c|JO 30 4a4n18c|KW 30 4a22c|KZ 20 3n13c|
LB 28 4n20c|LC 32 4a24c|LI 21 5n12c|LT 20 5n11n|LU 20 3n13c|LV 21 4a13c|MC 27 5n5n11c2n|MD 24 2c18c|ME 22 3n13n2n|
MK 19 3n10c2n|MR 27 5n5n11n2n|MT 31 4a5n18c|MU 30 4a2n2n12n3n3a|NL 18 4a10n|NO 15 4n6n1n|PK 24 4a16c|PL 28 8n16n|
PS 29 4a21c|PT 25 4n4n11n2n|QA 29 4a21c|RO 24 4a16c|RS 22 3n13n2n|SA 24 2n18c|SC 31 4a2n2n16n3a|SE 24 3n16n1n|
SI 19 5n8n2n|SK 24 4n6n10n|SM 27 1a5n5n12c|ST 25 8n11n2n|SV 28 4a20n|TL 23 3n14n2n|TN 24 2n3n13n2n|TR 26 5n1n16c|
UA 29 6n19c|VA 22 3n15n|VG 24 4a16n|XK 20 4n10n2n|LY 25 3n3n15n|SD 18 2n12n|BI 27 5n5n11n2n|DJ 27 5n5n11n2n|
RU 33 9n5n15c|MN 20 4n12n|NI 28 4a20n|SO 23 4n3n12n|OM 23 3n16c|HN 28 4a20n|FK 18 2a12n|YE 30 4a4n18c"""

SEPA = set("AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA".split())


def iban(cc, fmt):
    bban = ""
    for cnt, kind in re.findall(r"(\d+)([nac])", fmt):
        alpha = {"n": DG, "a": UP, "c": UP + DG}[kind]
        bban += "".join(R.choice(alpha) for _ in range(int(cnt)))
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    check = 98 - int(num) % 97
    return cc + "%02d" % check + bban


IBAN_CTX = [
    "IBAN: {i}",
    "Bitte überweisen Sie den Betrag auf {i} (BIC angeben).",
    "{{\"iban\": \"{i}\", \"holder\": \"Acme GmbH\"}}",
    "Payee account {i}, reference INV-2291",
    "<IBAN>{i}</IBAN>",
    "  iban: {i}",
    "Veuillez virer sur le compte {i} avant le 15.",
    "beneficiary_iban={i}",
]
IBANS = []


def build_ibans():
    k = 0
    for ent in IBAN_FMT.replace("\n", "").split("|"):
        cc, length, fmt = ent.split()
        v = iban(cc, fmt)
        assert len(v) == int(length), (cc, len(v), length)
        printed = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
        for form in (printed, v) if cc in SEPA or k % 2 == 0 else (v, printed):
            k += 1
            IBANS.append(IBAN_CTX[k % len(IBAN_CTX)].format(i="<<iban:%s>>" % form))


# ---------------------------------------------------------------- negatives

NEG = []


def build_negatives():
    def hexs(n):
        return "".join(R.choice(HEX) for _ in range(n))

    for _ in range(20):
        NEG.append(R.choice(["commit %s\nAuthor: Dana <<<email:dana@users.noreply.github.com>>>",
                             "Merge pull request #%d" % R.randint(1, 9999) + " from acme/fix %s",
                             "git checkout %s", "sha256sum: %s  release.tar.gz", "md5=%s",
                             "ETag: \"%s\"", "digest: sha256:%s"]).replace("%s", hexs(R.choice([7, 12, 32, 40, 64]))))
    for _ in range(15):
        u = "%s-%s-%s-%s-%s" % (hexs(8), hexs(4), "4" + hexs(3), R.choice("89ab") + hexs(3), hexs(12))
        NEG.append(R.choice(["request_id=%s", "\"uuid\": \"%s\"", "X-Request-ID: %s", "trace %s failed after 3 retries",
                             "tenant: %s", "subscription_id = \"%s\""]) % u)
    for _ in range(15):
        b = base64.b64encode(bytes(R.randrange(256) for _ in range(R.choice([30, 45, 60, 90])))).decode()
        NEG.append(R.choice(["data:image/png;base64,%s", "nonce=%s", "checksum: %s", "\"blob\": \"%s\"",
                             "integrity=\"sha384-%s\""]) % b)
    for v in ["1.2.3", "10.0.19041.1288", "Chrome/122.0.6261.112", "v2.14.0-rc1", "5.15.0-105-generic",
              "node-v20.11.1-linux-x64", "openssl 3.0.13 30 Jan 2024", "glibc 2.36-9+deb12u4", "build 20240611.3",
              "Android 14 (UP1A.231005.007)", "go1.22.3", "python==3.12.4", "cudnn 8.9.7.29", "Version 17.9.6 (build 34622.214)"]:
        NEG.append("upgraded to %s last night" % v)
    for d in ["2024-06-11", "11/06/2024", "06.11.2024", "2024-06-11T10:02:33.481Z", "Tue, 11 Jun 2024 10:02:33 GMT",
              "1718100153", "1718100153481", "20240611100233", "2024/06/11 10:02", "11 Jun 2024 10:02:33.481"]:
        NEG.append("timestamp %s recorded" % d)
    for _ in range(20):
        NEG.append(R.choice(["Order #%d shipped" % R.randint(10**7, 10**10 - 1),
                             "Invoice no. INV-%d-%04d" % (R.randint(2019, 2025), R.randint(1, 9999)),
                             "PO %d-%d" % (R.randint(100, 999), R.randint(100000, 999999)),
                             "Tracking 1Z%s" % "".join(R.choice(UP + DG) for _ in range(16)),
                             "USPS 9400 %04d %04d %04d %04d %02d" % (tuple(R.randint(0, 9999) for _ in range(4)) + (R.randint(0, 99),)),
                             "Amazon order %03d-%07d-%07d" % (R.randint(100, 999), R.randint(0, 9999999), R.randint(0, 9999999)),
                             "serial SN%d" % R.randint(10**9, 10**11),
                             "case 0%d opened" % R.randint(10**7, 10**8)]))
    for _ in range(12):
        NEG.append(R.choice(["lat=%.6f, lon=%.6f", "\"coordinates\": [%.5f, %.5f]", "POINT(%.4f %.4f)"]) %
                   (R.uniform(-80, 80), R.uniform(-170, 170)))
    for isbn in ["978-3-16-148410-0", "ISBN 0-306-40615-2", "978-0-13-110362-7", "ISBN-13: 9781492052203", "ISBN 3-598-21508-8"]:
        NEG.append("see %s, chapter 4" % isbn)
    for amt in ["$1,234,567.89", "EUR 2.500.000,00", "12345678.90", "£ 4,120.00", "¥1,200,000", "total: 1 234 567,00 zł"]:
        NEG.append("amount due %s" % amt)
    for x in ["00:1A:2B:3C:4D:5E", "<<ip_address:fe80::1ff:fe23:4567:890a>>%eth0", "port 54321", "pid 123456", "inode 9876543210",
              "offset=36630391958", "took 0482987 ms", "size 1073741824 bytes", "uid=1000(dev) gid=1000(dev)",
              "rows 1-2500 of 2,731,004", "ZIP 94105-1234", "+/- 0.0005", "1e-12", "0x7ffd5a3c1e40", "CVE-2024-3094",
              "RFC 7519", "ISO 3166-1", "HTTP/1.1 200 OK", "chmod 0755", "Ref. 0116/90/69124", "EAN 4006381333931",
              "GTIN 00012345600012", "IMEI 35-209900-176148-1", "run 2024 15 2024 15", "16.69.78063"]:
        NEG.append("log: %s" % x)
    # code and config that looks key-like but is no secret
    for x in ["password = os.environ[\"DB_PASSWORD\"]", "password: ${DB_PASSWORD}", "token = getToken()",
              "api_key = config.get('api_key')", "secret: {{ .Values.secret }}", "PASSWORD=", "password: \"\"",
              "password = None", "if password == confirm_password:", "password_hash = bcrypt(pw)",
              "\"password\": \"<your-password>\"", "DB_PASSWORD=changeme", "Password must be at least 12 characters.",
              "I forgot my password yesterday", "api_key = \"REPLACE_ME\"", "token: ********",
              "secret_key = settings.SECRET_KEY", "export GITHUB_TOKEN=$(gh auth token)",
              "env:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}", "password_reset_url = '/reset'",
              "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}", "STRIPE_KEY=sk_live_YOUR_KEY_HERE",
              "OPENAI_API_KEY=sk-...", "key: AIzaYOUR_KEY", "skeleton loader", "sk-learn is not a thing, scikit-learn is",
              "ghost_mode = true", "risk_live_dashboard", "task_test_runner", "xoxo, Ana", "AKIA1234",
              "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + rnd(B64, 60) + "\n-----END PUBLIC KEY-----",
              "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU" + rnd(B64, 64) + "\n-----END CERTIFICATE-----",
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rnd(B64, 43) + " dev@laptop",
              "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + rnd(B64, 200) + " ci@runner",
              "npm_config_registry=https://registry.npmjs.org/", "hf_hub_download(repo_id=\"gpt2\")",
              "dapi_version = 2", "key-value store", "SG.config.js", "shpat_count = 0", "glpat- tokens expire after a year",
              "pypi-upload job", "AccountKey=<storage-key>", "SharedAccessKey=<key>", "Bearer <token>",
              "Authorization: Basic dXNlcjpwYXNz is base64 of user:pass (docs)", "eyJhbGciOi... (truncated)",
              "SKU-20240611-0001", "ACME-TICKET-4471", "AC-130 gunship", "key-frame interpolation",
              "x-api-key: ${API_KEY}", "password=os.getenv('PW')", "\"apiKey\": process.env.API_KEY",
              "const token = req.headers.authorization;", "secrets.GITLAB_TOKEN", "{{ vault_db_password }}",
              "passwd: [REDACTED]", "password=********", "the password is required", "set password null",
              "var password string", "$password = $_POST['password'];", "DATABASE_URL=postgres://app@db:5432/shop",
              "https://user@example.com/path", "git@github.com:acme/app.git", "mongodb://localhost:27017/test"]:
        NEG.append(x)
    # hex and base64 runs beside words a scanner keys on, but no key shape
    for _ in range(12):
        NEG.append(R.choice(["cache_key = \"%s\"" % hexs(40), "sessionId: %s" % hexs(32), "build id %s" % hexs(40),
                             "fingerprint SHA256:%s" % rnd(B64, 43), "csrf_token_name = \"csrfmiddlewaretoken\"",
                             "commit_sha=%s" % hexs(40), "object_key: uploads/%s.jpg" % hexs(32)]))
    # published example keys and masked values: found, marked as placeholders
    for x in ["<<aws_access_key_id?:AKIAIOSFODNN7EXAMPLE>>",
              "aws_secret_access_key = <<aws_secret_access_key?:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY>>",
              "<<aws_access_key_id?:AKIAXXXXXXXXXXXXXXXX>>", "<<aws_access_key_id?:AKIA0000000000000000>>",
              "GITHUB_TOKEN=<<github_token?:ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>>",
              "token: <<github_token?:ghp_000000000000000000000000000000000000>>",
              "key=<<google_api_key?:AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX>>",
              "apiKey: \"AIzaSyDOCAbC123dEf456GhI789jKl012-MnO\" (too short for a key)",
              "stripe: <<stripe_key?:sk_test_4eC39HqLyjWDarjtT1zdp7dc>>",
              "<<stripe_key?:sk_live_000000000000000000000000>>",
              "SLACK_TOKEN=<<slack_token?:xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx>>",
              "<<gitlab_token?:glpat-xxxxxxxxxxxxxxxxxxxx>>", "NPM_TOKEN=<<npm_token?:npm_000000000000000000000000000000000000>>",
              "<<sendgrid_key?:SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>>",
              "<<private_key?:-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY----->>",
              "<<private_key?:-----BEGIN PRIVATE KEY-----\nYOUR KEY HERE\n-----END PRIVATE KEY----->>",
              "<<private_key?:-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY----->>",
              "<<anthropic_api_key?:sk-ant-api03-%s>>" % rnd(U64, 40),
              "<<openai_api_key?:sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>>",
              "<<jwt?:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c>>",
              "<<huggingface_token?:hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>>",
              "<<shopify_token?:shpat_00000000000000000000000000000000>>",
              "<<databricks_token?:dapi00000000000000000000000000000000>>",
              "<<twilio_key?:SK00000000000000000000000000000000>>",
              "<<mailgun_key?:key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>>"]:
        NEG.append(x)
    # ordinary code: none of it is a secret
    code = ["for (int i = 0; i < n; i++) { sum += a[i]; }", "def handler(event, context):\n    return {\"statusCode\": 200}",
            "SELECT id, email FROM users WHERE created_at > '2024-01-01' LIMIT 100;", "import numpy as np\nx = np.zeros((1024, 768))",
            "func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {", "let total = items.reduce((a, b) => a + b.price, 0);",
            "public static void main(String[] args) throws Exception {", "CMD [\"node\", \"server.js\"]", "EXPOSE 8080/tcp",
            "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs-2024\"\n}", "- uses: actions/checkout@v4",
            "- uses: actions/setup-node@8f152de45cc393bb48ce5d89d36b731f54556e65", "image: nginx@sha256:" + hexs(64),
            "retries: 3\ntimeout_ms: 15000\nbackoff: exponential", "[tool.poetry.dependencies]\npython = \"^3.11\"",
            "#include <stdio.h>\nint main(void) { return 0; }", "fn main() { println!(\"{}\", 42); }",
            "Write-Host \"Deployed build $env:BUILD_ID\"", "$ kubectl get pods -n prod | grep Crash",
            "2024-06-11T10:02:33Z INFO GET /healthz 200 1.2ms", "key_id = \"k-2024-06\"", "session_timeout = 3600",
            "password_min_length = 12", "token_ttl_seconds = 86400", "API_BASE_URL=https://api.acme.io/v2",
            "max_tokens: 4096", "secret_name = \"prod/db\"", "user_id = 4155550132", "order_total = 1999",
            "const KEY_CODES = { ENTER: 13, ESC: 27 };", "sha1 = hashlib.sha1(data).hexdigest()",
            "<input type=\"password\" name=\"password\" required>", "chmod 600 ~/.ssh/id_ed25519",
            "ssh-keygen -t ed25519 -C \"<<email:dev@acme.io>>\"", "openssl genrsa -out key.pem 2048", "gpg --export-secret-keys > backup.gpg"]
    NEG.extend(code)
    # prose with numbers
    prose = ["We shipped 2,431 orders in Q2, up 14% from 2,130.", "Room 1204, building 7, floor 12.",
             "The meeting moved from 10:30 to 14:00 on 2024-06-12.", "Population: 8 336 817 (2020 census).",
             "Flight LH 400 departs 13:40, gate B44.", "Vote counts: 120 455 for, 98 301 against.",
             "Call of Duty 4 sold 15 000 000 copies.", "Chapter 12, pages 211-245.", "Batch 2024-06-11-004 passed QA.",
             "Score 98.6 out of 100 on 12 of 15 runs.", "The kernel 6.1.0-21-amd64 boots in 3.2 s.",
             "Build #48213570 failed at step 12.", "Account 12345678, sort code 12-34-56 (UK).",
             "Temperature 21.5 °C, humidity 48 %, pressure 1013 hPa.", "Mileage: 123 456 km, VIN WVWZZZ1JZXW000001."]
    NEG.extend(prose)
    for x in ["password_field = forms.CharField(widget=forms.PasswordInput)", "type Password string",
              "func (u *User) SetPassword(p string) error {", "if (!user.password) return res.status(401);",
              "passwordEncoder = new BCryptPasswordEncoder(12);", "docker run -e POSTGRES_PASSWORD -d postgres:16",
              "kubectl get secret db -o jsonpath='{.data.password}'", "helm install api ./chart --set db.password=$DB_PASSWORD",
              "$credential = Get-Credential", "read -s -p \"Password: \" PASSWORD", "PASSWORD_MIN=12", "token_type: bearer",
              "grant_type=client_credentials&scope=read", "api_key_header = \"X-API-Key\"", "SECRET_KEY = os.environ[\"SECRET_KEY\"]",
              "client_secret: ${CLIENT_SECRET}", "auth=(user, password)", "curl -u \"$USER:$PASS\" https://ci/api"]:
        NEG.append(x)


# ---------------------------------------------------------------- addresses

# IP addresses where logs and configs put them, so that a version string
# taken for one (in negatives) weighs against real ones
OTHER = []


def build_other():
    for i in range(24):
        v4 = "%d.%d.%d.%d" % (R.choice([10, 172, 192, 34, 52, 81, 203]), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
        v6 = "2001:db8:%x:%x::%x" % (R.randint(1, 0xffff), R.randint(1, 0xffff), R.randint(1, 0xffff))
        OTHER.append([
            "Dec  8 01:02:03 bastion sshd[4411]: Failed password for root from <<ip_address:%s>> port 52144 ssh2" % v4,
            "<<ip_address:%s>> - - [08/Dec/2026:01:02:03 +0000] \"GET /login HTTP/1.1\" 200 512" % v4,
            "upstream backend {\n    server <<ip_address:%s>>:8080;\n}" % v4,
            "listen_address: \"[<<ip_address:%s>>]:443\"" % v6,
            "DB_HOST=<<ip_address:%s>>" % v4,
            "X-Forwarded-For: <<ip_address:%s>>, <<ip_address:%s>>" % (v4, "10.0.%d.%d" % (R.randint(0, 255), R.randint(1, 254))),
        ][i % 6])


# ---------------------------------------------------------------- output

MARK = re.compile(r"<<([a-z_0-9]+)(\??):(.*?)>>", re.S)


def record(i, prefix, marked):
    text, labels, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        start = len(text.encode())
        text += m.group(3)
        lab = {"type": m.group(1), "path": ".text", "start": start, "end": len(text.encode())}
        if m.group(2):
            lab["placeholder"] = True
        labels.append(lab)
        pos = m.end()
    text += marked[pos:]
    assert "<<" not in text or "<<EOT" in text, marked
    return {"id": "%s%04d" % (prefix, i), "text": text, "expect": labels}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    build_secrets()
    build_phones()
    build_cards()
    build_ibans()
    build_negatives()
    build_other()
    for name, prefix, texts in [("secrets", "s", SECRETS), ("phones", "p", PHONES), ("phones-national", "q", PHONES_NAT),
                                ("cards", "c", CARDS), ("ibans", "i", IBANS), ("negatives", "n", NEG),
                                ("addresses", "a", OTHER)]:
        with open(os.path.join(out, name + ".ndjson"), "w", encoding="utf-8") as f:
            for i, t in enumerate(texts, 1):
                f.write(json.dumps(record(i, prefix, t), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
