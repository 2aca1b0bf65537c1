#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/request.h"

void params_init(struct params *p)
{
	p->v = NULL;
	p->n = p->alloc = 0;
}

void params_release(struct params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	params_init(p);
}

void params_add(struct params *p, const char *name, const char *value)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n].name = xstrdup(name);
	p->v[p->n].value = xstrdup(value);
	p->n++;
}

void params_set(struct params *p, const char *name, const char *value)
{
	for (size_t i = 0; i < p->n; i++) {
		if (!strcmp(p->v[i].name, name)) {
			free(p->v[i].value);
			p->v[i].value = xstrdup(value);
			return;
		}
	}
	params_add(p, name, value);
}

const char *params_get(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return p->v[i].value;
	return NULL;
}

const char *params_get_nonempty(const struct params *p, const char *name)
{
	const char *v = params_get(p, name);
	return v && *v ? v : NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(const char *s, size_t len, bool plus_space, char **out)
{
	char *d = xmalloc(len + 1);
	size_t n = 0;
	*out = NULL;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= len) {
				free(d);
				return MAPO_EINVAL;
			}
			int a = hexval((unsigned char)s[i + 1]), b = hexval((unsigned char)s[i + 2]);
			if (a < 0 || b < 0) {
				free(d);
				return MAPO_EINVAL;
			}
			c = (char)(a * 16 + b);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		d[n++] = c;
	}
	d[n] = '\0';
	if (!utf8_valid(d, n)) {
		free(d);
		return MAPO_EINVAL;
	}
	*out = d;
	return 0;
}

void url_encode(struct buf *out, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~' || (keep_slash && *p == '/')) {
			buf_addch(out, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_add(out, e, 3);
		}
	}
}

int params_parse_urlencoded(struct params *p, const char *s, size_t len, size_t max_len)
{
	if (len > max_len)
		return MAPO_ETOOBIG;
	size_t pairs = 0;
	const char *end = s + len;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		if (stop > s) {
			if (++pairs > PARAMS_MAX)
				return MAPO_ETOOBIG;
			const char *eq = memchr(s, '=', (size_t)(stop - s));
			char *name, *value;
			if (url_decode(s, (size_t)((eq ? eq : stop) - s), true, &name))
				return MAPO_EINVAL;
			int rc = eq ? url_decode(eq + 1, (size_t)(stop - eq - 1), true, &value) : 0;
			if (rc) {
				free(name);
				return MAPO_EINVAL;
			}
			params_add(p, name, eq ? value : "");
			free(name);
			if (eq)
				free(value);
		}
		s = amp ? amp + 1 : end;
	}
	return 0;
}

int params_parse_cookies(struct params *p, const char *header)
{
	size_t len = strlen(header), pairs = 0;
	if (len > QUERY_MAX)
		return MAPO_ETOOBIG;
	if (!utf8_valid(header, len))
		return MAPO_EINVAL;
	const char *s = header;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == ';')
			s++;
		if (!*s)
			break;
		const char *semi = strchr(s, ';');
		const char *stop = semi ? semi : s + strlen(s);
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		if (eq && eq > s) {
			if (++pairs > PARAMS_MAX)
				return MAPO_ETOOBIG;
			const char *ne = eq;
			while (ne > s && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			const char *v = eq + 1, *ve = stop;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
				v++;
				ve--;
			}
			char *name = xstrndup(s, (size_t)(ne - s));
			char *value = xstrndup(v, (size_t)(ve - v));
			params_add(p, name, value);
			free(name);
			free(value);
		}
		s = stop;
	}
	return 0;
}

bool content_type_is(const char *header, const char *type)
{
	if (!header)
		return false;
	while (*header == ' ')
		header++;
	size_t n = strlen(type);
	if (strncasecmp(header, type, n))
		return false;
	char c = header[n];
	return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

int accept_language_pick(const char *header)
{
	if (!header)
		return -1;
	const char *s = header;
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		enum mapo_lang lang;
		char tag[16];
		size_t n = 0;
		while (s[n] && s[n] != ',' && s[n] != ';' && s[n] != ' ' && n < sizeof(tag) - 1) {
			tag[n] = (char)tolower((unsigned char)s[n]);
			n++;
		}
		tag[n] = '\0';
		if (n && !i18n_parse_lang(tag, &lang) && strcmp(tag, "c"))
			return (int)lang;
		const char *comma = strchr(s, ',');
		if (!comma)
			break;
		s = comma + 1;
	}
	return -1;
}
