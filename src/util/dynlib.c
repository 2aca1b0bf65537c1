/* Shared libraries loaded when first needed: see dynlib.h. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/dynlib.h"
#include "util/util.h"

/* Serialises first loads; a library's table is filled once, under it. */
static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;

static void load(struct dynlib *lib)
{
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
	if (!lib->tried) {
		load(lib);
		lib->tried = true;
	}
	pthread_mutex_unlock(&loading_lock);
	if (lib->failure[0])
		return mapo_error_set(err, MAPO_EIO, _("the shared library %s, needed for %s, could not be loaded: %s"),
			lib->soname, purpose, lib->failure);
	return 0;
}
