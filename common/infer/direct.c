/*
 * direct: a policy of one backend from the command line; see direct.h.
 */
#include "infer/direct.h"

#include <string.h>

#include "core/dataclass.h"

void direct_policy_init(struct direct_policy *d, const struct direct_opts *o)
{
	struct policy *p = &d->policy;
	struct policy_backend *b = &d->backend;
	memset(d, 0, sizeof(*d));
	b->name = "direct";
	b->kind = o->provider && !strcmp(o->provider, "anthropic") ? POLICY_KIND_ANTHROPIC : POLICY_KIND_OPENAI;
	b->max_class = DATACLASS_RESTRICTED;
	b->endpoint = (char *)o->base_url;
	b->model = (char *)o->model;
	b->api_key_env = (char *)o->api_key_env;
	b->zero_retention = b->self_hosted = -1;
	b->params = jv_invalid();
	p->path = "(command line)";
	p->backends = b;
	p->nbackends = 1;
	p->fallback_on = (1u << POLICY_FAIL_RATE_LIMIT) | (1u << POLICY_FAIL_SERVER_ERROR) |
			 (1u << POLICY_FAIL_TIMEOUT) | (1u << POLICY_FAIL_CONTEXT_WINDOW);
	if (o->local) {
		const char *slash = strrchr(o->model, '/');
		b->name = "local";
		b->kind = POLICY_KIND_LOCAL;
		b->endpoint = NULL;
		b->model = (char *)(slash ? slash + 1 : o->model);
		b->model_path = (char *)o->model;
		b->threads = (int)o->threads;
		b->context_window = o->ctx;
		b->self_hosted = b->zero_retention = 1;
	}
}
