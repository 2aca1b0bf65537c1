/* libmicrohttpd glue: one struct conn_req per request, created by the URI log callback (so that
 * it holds the raw URI), filled on the first access-handler call, fed the body on the next ones,
 * answered on the last; the completion callback writes the access log line and frees it. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/server.h"
#include "store/store.h"
#include "util/dynlib.h"

#ifndef MAPO_WEBDIR
#define MAPO_WEBDIR "src/web/static"
#endif

/* libmicrohttpd, loaded when the server starts (util/dynlib.h): the other commands do not pay
 * for it and GnuTLS at start-up. Calls go through mhd. */
#define MHD_FUNCS(X) X(MHD_add_response_header) X(MHD_create_post_processor) \
	X(MHD_create_response_from_buffer) X(MHD_destroy_post_processor) X(MHD_destroy_response) \
	X(MHD_get_connection_info) X(MHD_get_daemon_info) X(MHD_lookup_connection_value) X(MHD_post_process) \
	X(MHD_queue_response) X(MHD_quiesce_daemon) X(MHD_start_daemon) X(MHD_stop_daemon)
static struct {
	MHD_FUNCS(DYNLIB_MEMBER)
} mhd;
#define MHD_SYM(f) {#f, (void **)&mhd.f},
static const struct dynlib_sym mhd_syms[] = {MHD_FUNCS(MHD_SYM)};
static struct dynlib mhd_lib = DYNLIB_INIT("libmicrohttpd.so.12", mhd_syms);

struct conn_req {
	struct web_req rq;
	struct web_resp rs;
	struct timespec start;
	char *uri;
	bool started;
	bool answered;
	bool too_big;
	int bad;                 /* a status to answer without dispatching (400) */
	enum route_match match;
	char allow[64];
	char method[16];
	unsigned status;
	size_t bytes;
};

static const struct web_config *g_cfg;
static struct refdata g_rd;
static atomic_int g_inflight;

/* Every store a worker opened, so that shutdown closes them after the workers are gone. */
static pthread_mutex_t g_stores_lock = PTHREAD_MUTEX_INITIALIZER;
static store **g_stores;
static size_t g_nstores, g_stores_alloc;
static _Thread_local store *tl_store;

static store *thread_store(struct mapo_error *err)
{
	if (tl_store)
		return tl_store;
	if (store_open(&tl_store, g_cfg->db_path, err))
		return NULL;
	pthread_mutex_lock(&g_stores_lock);
	ALLOC_GROW(g_stores, g_nstores + 1, g_stores_alloc);
	g_stores[g_nstores++] = tl_store;
	pthread_mutex_unlock(&g_stores_lock);
	return tl_store;
}

static void close_stores(void)
{
	pthread_mutex_lock(&g_stores_lock);
	for (size_t i = 0; i < g_nstores; i++)
		store_free(g_stores[i]);
	free(g_stores);
	g_stores = NULL;
	g_nstores = g_stores_alloc = 0;
	pthread_mutex_unlock(&g_stores_lock);
	tl_store = NULL;
}

void web_config_init(struct web_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->listen, sizeof(cfg->listen), "127.0.0.1:8080");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	cfg->threads = cores > 2 ? (unsigned)cores * 2 : 4;
	auth_config_init(&cfg->auth);
	const char *dir = getenv("MAPO_WEBDIR");
	cfg->static_dir = dir && *dir ? dir : MAPO_WEBDIR;
	cfg->default_lang = i18n_lang();
}

int web_parse_listen(const char *s, struct sockaddr_storage *out, unsigned *len, struct mapo_error *err)
{
	char host[128];
	const char *port;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		port = close + 2;
	} else {
		const char *colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			goto bad;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		port = colon + 1;
	}
	long long p;
	if (parse_int(port, 0, 65535, &p))
		goto bad;
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(*host ? host : NULL, port, &hints, &res) || !res)
		goto bad;
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*len = (unsigned)res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
bad:
	return mapo_error_set(err, MAPO_EINVAL, _("bad listen address '%s' (expected HOST:PORT)"), s);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	(void)cls;
	(void)con;
	struct conn_req *cr = xcalloc(1, sizeof(*cr));
	clock_gettime(CLOCK_MONOTONIC, &cr->start);
	cr->uri = xstrdup(uri ? uri : "/");
	web_req_init(&cr->rq);
	web_resp_init(&cr->rs);
	atomic_fetch_add(&g_inflight, 1);
	return cr;
}

static char *header_dup(struct MHD_Connection *con, const char *name)
{
	const char *v = mhd.MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
	return v ? xstrdup(v) : NULL;
}

static void client_address(struct MHD_Connection *con, char out[ADDRESS_MAX])
{
	const union MHD_ConnectionInfo *ci = mhd.MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, ADDRESS_MAX);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, ADDRESS_MAX);
}

/* The first call: the request line and headers are in; the body is not. */
static void setup(struct conn_req *cr, struct MHD_Connection *con, const char *method)
{
	struct web_req *rq = &cr->rq;
	snprintf(cr->method, sizeof(cr->method), "%s", method);
	rq->method = cr->method;
	rq->cfg = g_cfg;
	rq->rd = &g_rd;
	rq->lang = g_cfg->default_lang;
	client_address(con, rq->address);

	char *q = strchr(cr->uri, '?');
	rq->path = q ? xstrndup(cr->uri, (size_t)(q - cr->uri)) : xstrdup(cr->uri);
	if (q && params_parse_urlencoded(&rq->query, q + 1, strlen(q + 1), QUERY_MAX))
		cr->bad = 400;

	rq->authorization = header_dup(con, MHD_HTTP_HEADER_AUTHORIZATION);
	rq->csrf_header = header_dup(con, CSRF_HEADER);
	rq->content_type = header_dup(con, MHD_HTTP_HEADER_CONTENT_TYPE);
	rq->accept_language = header_dup(con, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	rq->if_match = header_dup(con, MHD_HTTP_HEADER_IF_MATCH);
	rq->host = header_dup(con, MHD_HTTP_HEADER_HOST);
	rq->origin = header_dup(con, "Origin");
	const char *cookie = mhd.MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	if (cookie && params_parse_cookies(&rq->cookies, cookie))
		cr->bad = 400;

	cr->match = router_match(web_routes, web_nroutes, method, rq->path, &rq->route, &rq->caps, cr->allow,
		sizeof(cr->allow));
	size_t max = rq->route && (rq->route->flags & RF_UPLOAD) ? UPLOAD_MAX : BODY_MAX;
	buf_init(&rq->body, max);
	const char *cl = mhd.MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	long long n;
	if (cl && !parse_int(cl, 0, INT64_MAX, &n) && (unsigned long long)n > max)
		cr->too_big = true;
}

static enum MHD_Result on_post_data(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
	const char *content_type, const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct conn_req *cr = cls;
	struct web_req *rq = &cr->rq;
	if (!key)
		return MHD_YES;
	if (filename) {
		struct web_upload *u = rq->nuploads ? &rq->uploads[rq->nuploads - 1] : NULL;
		if (!u || off == 0 || strcmp(u->field, key)) {
			if (rq->nuploads == UPLOADS_MAX)
				return MHD_NO;
			u = &rq->uploads[rq->nuploads++];
			u->field = xstrdup(key);
			u->filename = xstrdup(filename);
			buf_init(&u->data, UPLOAD_MAX);
		}
		return buf_add(&u->data, data, size) ? MHD_NO : MHD_YES;
	}
	/* A field may come in pieces: append to the last one when it continues it. */
	if (off > 0 && rq->form.n && !strcmp(rq->form.v[rq->form.n - 1].name, key)) {
		struct kv *last = &rq->form.v[rq->form.n - 1];
		size_t had = strlen(last->value);
		if (had + size > FORM_MAX)
			return MHD_NO;
		last->value = xrealloc(last->value, had + size + 1);
		memcpy(last->value + had, data, size);
		last->value[had + size] = '\0';
		return MHD_YES;
	}
	if (rq->form.n >= PARAMS_MAX)
		return MHD_NO;
	char *v = xstrndup(data, size);
	params_add(&rq->form, key, v);
	free(v);
	return MHD_YES;
}

/* Turns the complete body into form fields, uploads or JSON; 0 or the status to answer. */
static int parse_body(struct conn_req *cr, struct MHD_Connection *con)
{
	struct web_req *rq = &cr->rq;
	if (!rq->body.len)
		return 0;
	if (content_type_is(rq->content_type, "application/x-www-form-urlencoded")) {
		int rc = params_parse_urlencoded(&rq->form, rq->body.data, rq->body.len, FORM_MAX);
		return rc == MAPO_ETOOBIG ? 413 : rc ? 400 : 0;
	}
	if (content_type_is(rq->content_type, "multipart/form-data")) {
		struct MHD_PostProcessor *pp = mhd.MHD_create_post_processor(con, 64 * 1024, on_post_data, cr);
		if (!pp)
			return 400;
		enum MHD_Result ok = mhd.MHD_post_process(pp, rq->body.data, rq->body.len);
		mhd.MHD_destroy_post_processor(pp);
		if (ok != MHD_YES)
			return 400;
		for (size_t i = 0; i < rq->form.n; i++)
			if (!utf8_valid(rq->form.v[i].value, strlen(rq->form.v[i].value)))
				return 400;
		return 0;
	}
	if (content_type_is(rq->content_type, "application/json")) {
		json_error_t jerr;
		rq->json = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
		return rq->json ? 0 : 400;
	}
	return 0;
}

static void add_security_headers(struct MHD_Response *r)
{
	mhd.MHD_add_response_header(r, "Content-Security-Policy",
		"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	mhd.MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	mhd.MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result answer(struct conn_req *cr, struct MHD_Connection *con)
{
	struct web_req *rq = &cr->rq;
	struct web_resp *rs = &cr->rs;
	int status = cr->bad;
	cr->answered = true;
	if (cr->too_big) {
		web_error(rq, rs, 413, "too_big", _("the request is too large"));
	} else if (status || (status = parse_body(cr, con))) {
		if (status == 413)
			web_error(rq, rs, 413, "too_big", _("the request is too large"));
		else
			web_error(rq, rs, 400, "bad_request", _("the request could not be read"));
	} else {
		struct mapo_error err;
		mapo_error_clear(&err);
		rq->db = thread_store(&err);
		if (!rq->db)
			web_error(rq, rs, 503, "unavailable", _("the database cannot be reached"));
		else
			web_dispatch(rq, rs, cr->match, cr->allow);
	}

	struct MHD_Response *r;
	size_t len;
	if (rs->fixed) {
		len = rs->fixed_len;
		r = mhd.MHD_create_response_from_buffer(len, (void *)rs->fixed, MHD_RESPMEM_PERSISTENT);
	} else {
		len = rs->body.len;
		r = mhd.MHD_create_response_from_buffer(len, buf_detach(&rs->body), MHD_RESPMEM_MUST_FREE);
	}
	if (!r)
		return MHD_NO;
	add_security_headers(r);
	if (rs->content_type)
		mhd.MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	mhd.MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		rs->cache_long ? "public, max-age=31536000, immutable" : "no-store");
	for (size_t i = 0; i < rs->headers.n; i++) {
		char *line = rs->headers.v[i];
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		mhd.MHD_add_response_header(r, line, colon + 2);
		*colon = ':';
	}
	cr->status = (unsigned)rs->status;
	cr->bytes = len;
	enum MHD_Result ok = mhd.MHD_queue_response(con, (unsigned)rs->status, r);
	mhd.MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
	const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_req *cr = *con_cls;
	if (!cr)
		*con_cls = cr = on_uri(NULL, url, con);
	if (!cr->started) {
		/* The first call only sets up: the answer is queued once the body is in, so that
		 * the connection stays usable for the next request. The exception is a body
		 * announced larger than the cap: refused before it is sent (the connection closes). */
		cr->started = true;
		setup(cr, con, method);
		if (cr->too_big)
			return answer(cr, con);
		return MHD_YES;
	}
	if (cr->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* past the cap (a chunked body): drop the rest, answer 413 at the end */
		if (!cr->too_big && buf_add(&cr->rq.body, upload_data, *upload_data_size)) {
			cr->too_big = true;
			buf_release(&cr->rq.body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(cr, con);
}

/* Writes c escaped when it is not printable ASCII, so that a path cannot forge log lines. */
static void log_path(struct buf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '"')
			buf_addch(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	struct conn_req *cr = *con_cls;
	if (!cr)
		return;
	*con_cls = NULL;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - cr->start.tv_sec) * 1e3 + (double)(end.tv_nsec - cr->start.tv_nsec) / 1e6;
	char addr[ADDRESS_MAX];
	if (cr->rq.address[0])
		snprintf(addr, sizeof(addr), "%s", cr->rq.address);
	else
		client_address(con, addr);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char when[32];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct buf line = BUF_INIT;
	buf_printf(&line, "%s %s %s ", when, addr[0] ? addr : "-", cr->method[0] ? cr->method : "-");
	char *q = strchr(cr->uri, '?');
	if (q)
		*q = '\0'; /* the query may hold a search text or a token: never logged */
	log_path(&line, cr->uri);
	buf_printf(&line, " %u %zu %.1fms\n", cr->status, cr->bytes, ms);
	fwrite(line.data, 1, line.len, stderr);
	buf_release(&line);

	web_req_release(&cr->rq);
	web_resp_release(&cr->rs);
	free(cr->uri);
	free(cr);
	atomic_fetch_sub(&g_inflight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
	/* libmicrohttpd reports malformed requests here; the access log already shows them */
}

int web_serve(const struct web_config *cfg, struct mapo_error *err)
{
	struct sockaddr_storage addr;
	unsigned addrlen;
	struct MHD_Daemon *d = NULL;
	store *s = NULL;
	int rc = web_parse_listen(cfg->listen, &addr, &addrlen, err);
	if (!rc)
		rc = dynlib_load(&mhd_lib, _("the web server"), err);
	if (rc)
		return rc;
	g_cfg = cfg;
	refdata_init(&g_rd);
	if ((rc = auth_init())) {
		mapo_error_set(err, rc, "%s", _("no source of randomness"));
		goto out;
	}
	if ((rc = web_static_load(cfg->static_dir, err)))
		goto out;
	if ((rc = store_open(&s, cfg->db_path, err)) || (rc = store_ref_load(s, &g_rd, err)))
		goto out;
	store_free(s);
	s = NULL;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the workers inherit the mask; only sigwait sees them */
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = mhd.MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : 4u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_CONNECTION_LIMIT, 1024u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_END);
	if (!d) {
		rc = mapo_error_set(err, MAPO_EIO, _("cannot listen on %s"), cfg->listen);
		goto out;
	}
	const union MHD_DaemonInfo *di = mhd.MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "";
	if (addr.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host, sizeof(host));
	printf(addr.ss_family == AF_INET6 ? "mapo: listening on http://[%s]:%u\n" : "mapo: listening on http://%s:%u\n",
		host, di ? (unsigned)di->port : 0u);
	fflush(stdout);

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "mapo: %s\n", _("stopping: finishing the requests in flight"));
	MHD_socket lfd = mhd.MHD_quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	for (int i = 0; i < 1000 && atomic_load(&g_inflight) > 0; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	mhd.MHD_stop_daemon(d);
	d = NULL;
	rc = 0;
out:
	if (d)
		mhd.MHD_stop_daemon(d);
	store_free(s);
	close_stores();
	web_static_free();
	refdata_release(&g_rd);
	return rc;
}
