#include "util/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static _Thread_local enum mapo_lang cur_lang = LANG_EN;

void i18n_init(const char *localedir)
{
	enum mapo_lang want = LANG_EN;
	const char *env[] = {"MAPO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i]);
		if (v && *v) {
			i18n_parse_lang(v, &want);
			break;
		}
	}
	/* gettext ignores LANGUAGE under the "C" locale, so pin a UTF-8 locale that always exists
	 * and make the catalog language Malay for the whole process; English never asks gettext. */
	setenv("LANGUAGE", "ms", 1);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (!localedir)
		localedir = getenv("MAPO_LOCALEDIR");
	bindtextdomain("mapo", localedir ? localedir : MAPO_LOCALEDIR);
	bind_textdomain_codeset("mapo", "UTF-8");
	textdomain("mapo");
	cur_lang = want;
}

enum mapo_lang i18n_lang(void) { return cur_lang; }

void i18n_set_lang(enum mapo_lang lang) { cur_lang = lang; }

int i18n_parse_lang(const char *s, enum mapo_lang *out)
{
	if (!strncmp(s, "ms", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_MS;
		return 0;
	}
	if (!strncmp(s, "en", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_EN;
		return 0;
	}
	if (!strcmp(s, "C") || !strcmp(s, "POSIX") || !strncmp(s, "C.", 2)) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

const char *i18n_lang_code(enum mapo_lang lang) { return lang == LANG_MS ? "ms" : "en"; }

const char *mapo_tr(enum mapo_lang lang, const char *msgid)
{
	if (lang == LANG_EN || !*msgid)
		return msgid;
	return dgettext("mapo", msgid);
}

const char *mapo_ntr(enum mapo_lang lang, const char *singular, const char *plural, unsigned long n)
{
	if (lang == LANG_EN)
		return n == 1 ? singular : plural;
	return dngettext("mapo", singular, plural, n);
}
