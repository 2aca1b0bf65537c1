/* Shared libraries loaded when first needed: see dynlib.h. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/dynlib.h"
#include "util/util.h"

/* pthread_once takes no argument: the library being loaded is passed through this, under the
 * lock that serialises every first load. */
static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dynlib *loading;

static void load_once(void)
{
	struct dynlib *lib = loading;
	/* RTLD_LOCAL: the library's symbols serve this table only; never closed */
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lib->failure, sizeof(lib->failure), "%s", dlerror());
		return;
	}
	for (size_t i = 0; i < lib->nsyms; i++) {
		void *f = dlsym(h, lib->syms[i].name);
		if (!f) {
			snprintf(lib->failure, sizeof(lib->failure), "%s: no %s", lib->soname, lib->syms[i].name);
			return;
		}
		*lib->syms[i].slot = f;
	}
}

int dynlib_load(struct dynlib *lib, const char *purpose, struct mapo_error *err)
{
	pthread_mutex_lock(&loading_lock);
	loading = lib;
	pthread_once(&lib->once, load_once);
	pthread_mutex_unlock(&loading_lock);
	if (lib->failure[0])
		return mapo_error_set(err, MAPO_EIO, _("the shared library %s, needed for %s, could not be loaded: %s"),
			lib->soname, purpose, lib->failure);
	return 0;
}
