/* Translation. English is the source language; Malay (and any other) comes from po/<lang>.po
 * through gettext. The language is chosen per thread, so one server answers each user in theirs:
 * the process is set up once (i18n_init) so that gettext returns the second language, and
 * mapo_tr() returns the msgid untouched for English. */
#ifndef MAPO_I18N_H
#define MAPO_I18N_H

enum mapo_lang { LANG_EN = 0, LANG_MS = 1 };

/* Sets up gettext with the catalogs in localedir (NULL: MAPO_LOCALEDIR or the build's own) and
 * makes the interface language of this thread the one the environment asks for. */
void i18n_init(const char *localedir);

/* The language of messages for the calling thread. */
enum mapo_lang i18n_lang(void);
void i18n_set_lang(enum mapo_lang lang);

/* Parses "ms"/"en" (also "ms_MY.UTF-8"-like values); returns 0, or -1 when unknown. */
int i18n_parse_lang(const char *s, enum mapo_lang *out);
const char *i18n_lang_code(enum mapo_lang lang);

/* msgid in lang; the result is static (the catalog's or msgid itself). */
const char *mapo_tr(enum mapo_lang lang, const char *msgid);
const char *mapo_ntr(enum mapo_lang lang, const char *singular, const char *plural, unsigned long n);

#define _(s) mapo_tr(i18n_lang(), (s))
#define N_(s) (s)
#define Q_(s, p, n) mapo_ntr(i18n_lang(), (s), (p), (n))

#endif
