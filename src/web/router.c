#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/router.h"

#define SEGS_MAX 32

/* Splits a path (after its leading '/') into segments; "" for "/". Fails on an empty segment
 * inside the path ("//"), or more than SEGS_MAX segments. */
static int split(const char *path, const char *seg[SEGS_MAX], size_t len[SEGS_MAX], size_t *n)
{
	if (*path != '/')
		return -1;
	path++;
	*n = 0;
	if (!*path)
		return 0;
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t l = slash ? (size_t)(slash - path) : strlen(path);
		if (!l || *n == SEGS_MAX)
			return -1;
		seg[*n] = path;
		len[*n] = l;
		(*n)++;
		if (!slash)
			return 0;
		path = slash + 1;
	}
}

static bool is_capture(const char *s, size_t l) { return l >= 3 && s[0] == '{' && s[l - 1] == '}'; }
static bool is_tail(const char *s, size_t l) { return is_capture(s, l) && s[l - 2] == '*'; }

/* Matches decoded path segments against pattern segments from index pi / si on. */
static bool match_from(const char *const *pseg, const size_t *plen, size_t pn, char **vseg, size_t vn,
	size_t pi, size_t si, struct params *caps)
{
	for (; pi < pn; pi++, si++) {
		if (is_tail(pseg[pi], plen[pi])) {
			size_t rest = pn - pi - 1; /* literal segments after the tail */
			if (vn < si + 1 + rest)
				return false;
			size_t take = vn - si - rest;
			if (!match_from(pseg, plen, pn, vseg, vn, pi + 1, si + take, NULL))
				return false;
			if (caps) {
				struct buf v = BUF_INIT;
				for (size_t k = 0; k < take; k++) {
					if (k)
						buf_addch(&v, '/');
					buf_addstr(&v, vseg[si + k]);
				}
				char *name = xstrndup(pseg[pi] + 1, plen[pi] - 3);
				params_add(caps, name, buf_str(&v));
				free(name);
				buf_release(&v);
				match_from(pseg, plen, pn, vseg, vn, pi + 1, si + take, caps);
			}
			return true;
		}
		if (si >= vn)
			return false;
		if (is_capture(pseg[pi], plen[pi])) {
			if (strchr(vseg[si], '/'))
				return false;
			if (caps) {
				char *name = xstrndup(pseg[pi] + 1, plen[pi] - 2);
				params_add(caps, name, vseg[si]);
				free(name);
			}
		} else if (strlen(vseg[si]) != plen[pi] || memcmp(vseg[si], pseg[pi], plen[pi])) {
			return false;
		}
	}
	return si == vn;
}

struct decoded {
	char *seg[SEGS_MAX];
	size_t n;
};

static int decode_path(const char *path, struct decoded *d)
{
	const char *raw[SEGS_MAX];
	size_t len[SEGS_MAX];
	size_t n = 0;
	d->n = 0;
	if (split(path, raw, len, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (url_decode(raw[i], len[i], false, &d->seg[i]))
			return -1;
		d->n = i + 1;
		/* "." and ".." never name anything here; refusing them keeps paths canonical */
		if (!strcmp(d->seg[i], ".") || !strcmp(d->seg[i], "..") || !*d->seg[i])
			return -1;
	}
	return 0;
}

static void decoded_release(struct decoded *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->seg[i]);
	d->n = 0;
}

static bool match_decoded(const char *pattern, struct decoded *d, struct params *caps)
{
	const char *pseg[SEGS_MAX];
	size_t plen[SEGS_MAX], pn;
	if (split(pattern, pseg, plen, &pn))
		return false;
	return match_from(pseg, plen, pn, d->seg, d->n, 0, 0, caps);
}

bool route_pattern_match(const char *pattern, const char *path, struct params *caps)
{
	struct decoded d;
	bool ok = false;
	if (!decode_path(path, &d))
		ok = match_decoded(pattern, &d, caps);
	decoded_release(&d);
	return ok;
}

enum route_match router_match(const struct route *routes, size_t n, const char *method, const char *path,
	const struct route **out, struct params *caps, char *allow, size_t allow_len)
{
	struct decoded d;
	enum route_match res = ROUTE_NO_PATH;
	*out = NULL;
	if (allow_len)
		allow[0] = '\0';
	if (!strcmp(method, "HEAD"))
		method = "GET";
	if (decode_path(path, &d))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (!match_decoded(routes[i].pattern, &d, NULL))
			continue;
		if (!strcmp(routes[i].method, method)) {
			match_decoded(routes[i].pattern, &d, caps);
			*out = &routes[i];
			res = ROUTE_FOUND;
			goto out;
		}
		res = ROUTE_NO_METHOD;
		size_t used = strlen(allow);
		if (allow_len && !strstr(allow, routes[i].method) && used + strlen(routes[i].method) + 3 < allow_len)
			snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", routes[i].method);
	}
out:
	decoded_release(&d);
	return res;
}

char *route_openapi_path(const char *pattern)
{
	struct buf b = BUF_INIT;
	for (const char *p = pattern; *p; p++)
		if (!(*p == '*' && p[1] == '}'))
			buf_addch(&b, *p);
	return buf_detach(&b);
}
