/*
 * test_confspec: the table-driven config checker. One table shaped like a
 * real config (objects, arrays of objects, a map with a key callback,
 * enumerations, open and closed ranges, whole numbers, required members),
 * and a table of documents, each with the exact message expected (or ""
 * for a document that must pass).
 */
#include <string.h>

#include "core/confspec.h"
#include "unit.h"

static const char *const modes[] = { "block", "flag", NULL };
static const char *const acts[] = { "keep", "mask", NULL };

static const struct confspec act = { NULL, CONFSPEC_ENUM, 0, 0, 0, acts, NULL, NULL };
static const struct confspec inj[] = {
	{ "enabled", CONFSPEC_BOOL, 0, 0, 0, NULL, NULL, NULL },
	{ "threshold", CONFSPEC_NUMBER, 0, 0, 1, NULL, NULL, NULL },
	{ "action", CONFSPEC_ENUM, 0, 0, 0, modes, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct confspec chk[] = {
	{ "name", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "when", CONFSPEC_STRING, CONFSPEC_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct confspec chk_item = { NULL, CONFSPEC_OBJECT, 0, 0, 0, NULL, chk, NULL };
static const struct confspec pattern = { NULL, CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL };
static const struct confspec vault[] = {
	{ "ttl_days", CONFSPEC_NUMBER, CONFSPEC_MIN_OPEN, 0, 36500, NULL, NULL, NULL },
	{ "path", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct confspec out[] = {
	{ "max_length", CONFSPEC_NUMBER, CONFSPEC_INT, 1, 1e12, NULL, NULL, NULL },
	{ "ratio", CONFSPEC_NUMBER, CONFSPEC_MAX_OPEN, 0, 1, NULL, NULL, NULL },
	{ "schema", CONFSPEC_ANY_OBJECT, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct confspec root_members[] = {
	{ "version", CONFSPEC_NUMBER, CONFSPEC_INT, 1, 1, NULL, NULL, NULL },
	{ "description", CONFSPEC_STRING, CONFSPEC_EMPTY_OK, 0, 0, NULL, NULL, NULL },
	{ "actions", CONFSPEC_MAP, CONFSPEC_EMPTY_OK, 0, 0, NULL, &act, "a finding type, or default" },
	{ "injection", CONFSPEC_OBJECT, 0, 0, 0, NULL, inj, NULL },
	{ "deny", CONFSPEC_ARRAY, CONFSPEC_EMPTY_OK, 0, 0, NULL, &pattern, NULL },
	{ "checks", CONFSPEC_ARRAY, 0, 0, 0, NULL, &chk_item, NULL },
	{ "vault", CONFSPEC_OBJECT, 0, 0, 0, NULL, vault, NULL },
	{ "output", CONFSPEC_OBJECT, 0, 0, 0, NULL, out, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct confspec root = { NULL, CONFSPEC_OBJECT, 0, 0, 0, NULL, root_members, NULL };

static int calls;

static int key_ok(void *ctx, const struct confspec *map, const char *key)
{
	calls++;
	CHECK(ctx == (void *)&calls);
	CHECK(map == &root_members[2]);
	return !strcmp(key, "email") || !strcmp(key, "default");
}

static const struct {
	const char *doc, *want;
} cases[] = {
	/* Clean documents. */
	{ "{}", "" },
	{ "{\"version\":1,\"description\":\"\",\"actions\":{},\"deny\":[]}", "" },
	{ "{\"injection\":{\"enabled\":false,\"threshold\":0,\"action\":\"flag\"}}", "" },
	{ "{\"injection\":{\"threshold\":1}}", "" },
	{ "{\"actions\":{\"email\":\"keep\",\"default\":\"mask\"}}", "" },
	{ "{\"checks\":[{\"when\":\".x\"},{\"name\":\"n\",\"when\":\".y\"}]}", "" },
	{ "{\"vault\":{\"ttl_days\":0.5,\"path\":\"v.db\"},\"output\":{\"max_length\":1,\"ratio\":0.999,"
	  "\"schema\":{\"anything\":[1,{\"goes\":null}]}}}", "" },
	/* Unknown keys, at every depth, named by their full path. */
	{ "{\"actionz\":{}}", "unknown key \"actionz\"" },
	{ "{\"injection\":{\"threshhold\":0.5}}", "unknown key \"injection.threshhold\"" },
	{ "{\"checks\":[{\"when\":\".x\"},{\"when\":\".y\",\"acton\":\"flag\"}]}", "unknown key \"checks[1].acton\"" },
	{ "{\"actions\":{\"emial\":\"mask\"}}", "unknown key \"actions.emial\" (a finding type, or default)" },
	{ "{\"actions\":{\"a b\":\"mask\"}}", "unknown key \"actions[\"a b\"]\" (a finding type, or default)" },
	{ "{\"x\\u001b[31m\":1}", "unknown key \"[\"x\\x1b[31m\"]\"" },
	/* Sorted keys: the first problem does not depend on the file's order. */
	{ "{\"zz\":1,\"aa\":2}", "unknown key \"aa\"" },
	/* Wrong types. */
	{ "[]", "\"(the top level)\": expected an object, found an array" },
	{ "{\"injection\":{\"threshold\":\"0.5\"}}", "\"injection.threshold\": expected a number, found a string" },
	{ "{\"injection\":{\"threshold\":null}}", "\"injection.threshold\": expected a number, found null" },
	{ "{\"injection\":{\"enabled\":0}}", "\"injection.enabled\": expected true or false, found a number" },
	{ "{\"injection\":true}", "\"injection\": expected an object, found a boolean" },
	{ "{\"deny\":[\"word:a\",5]}", "\"deny[1]\": expected a string, found a number" },
	{ "{\"deny\":\"word:a\"}", "\"deny\": expected an array, found a string" },
	{ "{\"output\":{\"schema\":[]}}", "\"output.schema\": expected an object, found an array" },
	{ "{\"actions\":{\"email\":3}}", "\"actions.email\": expected a string, found a number" },
	/* Ranges and whole numbers. */
	{ "{\"injection\":{\"threshold\":7}}", "\"injection.threshold\": 7 is out of range [0, 1]" },
	{ "{\"injection\":{\"threshold\":-0.1}}", "\"injection.threshold\": -0.1 is out of range [0, 1]" },
	{ "{\"vault\":{\"ttl_days\":0}}", "\"vault.ttl_days\": 0 is out of range (0, 36500]" },
	{ "{\"output\":{\"ratio\":1}}", "\"output.ratio\": 1 is out of range [0, 1)" },
	{ "{\"output\":{\"max_length\":1.5}}", "\"output.max_length\": expected a whole number, found 1.5" },
	{ "{\"output\":{\"max_length\":0}}", "\"output.max_length\": 0 is out of range [1, 1e+12]" },
	{ "{\"version\":2}", "\"version\": 2 is out of range [1, 1]" },
	/* Enumerations, empties, required members, NUL bytes. */
	{ "{\"injection\":{\"action\":\"drop\"}}", "\"injection.action\": \"drop\" is not one of block, flag" },
	{ "{\"actions\":{\"email\":\"Mask\"}}", "\"actions.email\": \"Mask\" is not one of keep, mask" },
	{ "{\"checks\":[]}", "\"checks\": must not be empty" },
	{ "{\"checks\":[{\"name\":\"n\"}]}", "\"checks[0].when\" is required" },
	{ "{\"checks\":[{\"when\":\"\"}]}", "\"checks[0].when\": must not be empty" },
	{ "{\"vault\":{\"path\":\"a\\u0000b\"}}", "\"vault.path\": a string must not hold a NUL character" },
	{ "{\"actions\":{\"em\\u0000ail\":\"mask\"}}", "unknown key \"actions[\"em\\x00ail\"]\" (a finding type, or default)" },
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jv v = jv_parse(cases[i].doc);
		CHECK_MSG(jv_is_valid(v), "case %zu does not parse", i);
		char err[512] = "";
		int rc = confspec_check(&root, v, key_ok, &calls, err, sizeof(err));
		if (!cases[i].want[0])
			CHECK_MSG(rc == 0, "case %zu (%s): %s", i, cases[i].doc, err);
		else
			CHECK_MSG(rc == -1 && !strcmp(err, cases[i].want), "case %zu (%s): got \"%s\", wanted \"%s\"", i,
				  cases[i].doc, err, cases[i].want);
		jv_free(v);
	}
	CHECK(calls > 0);
}

/* Without a key callback a map takes any key; the value is still checked. */
static void test_no_callback(void)
{
	char err[256];
	jv v = jv_parse("{\"actions\":{\"whatever\":\"keep\"}}");
	CHECK_EQ_INT(confspec_check(&root, v, NULL, NULL, err, sizeof(err)), 0);
	jv_free(v);
	v = jv_parse("{\"actions\":{\"whatever\":\"nope\"}}");
	CHECK_EQ_INT(confspec_check(&root, v, NULL, NULL, err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "\"actions.whatever\": \"nope\" is not one of keep, mask");
	jv_free(v);
}

/* A path longer than the buffer is cut, never overrun; the value given is
 * borrowed (the caller still owns it). */
static void test_long_path(void)
{
	static const struct confspec leaf = { NULL, CONFSPEC_NUMBER, 0, 0, 1, NULL, NULL, NULL };
	static const struct confspec map = { NULL, CONFSPEC_MAP, 0, 0, 0, NULL, &leaf, NULL };
	char doc[1200], err[600];
	memset(doc, 0, sizeof(doc));
	strcpy(doc, "{\"");
	memset(doc + 2, 'k', 1000);
	strcat(doc, "\":5}");
	jv v = jv_parse(doc);
	CHECK(jv_is_valid(v));
	CHECK_EQ_INT(confspec_check(&map, v, NULL, NULL, err, sizeof(err)), -1);
	CHECK_MSG(strstr(err, "is out of range [0, 1]") != NULL && strlen(err) < 300, "%s", err);
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	jv_free(v);
	/* A small err buffer is cut, not overrun. */
	char small[8];
	v = jv_parse("{\"injection\":{\"threshold\":7}}");
	CHECK_EQ_INT(confspec_check(&root, v, NULL, NULL, small, sizeof(small)), -1);
	CHECK_EQ_INT(strlen(small), 7);
	jv_free(v);
}

int main(void)
{
	test_cases();
	test_no_callback();
	test_long_path();
	UNIT_DONE();
}
