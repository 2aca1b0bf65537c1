/* Calendar dates as days since 1970-01-01 (proleptic Gregorian), so that periods are integer
 * ranges. DATE_NONE marks an absent date. */
#ifndef MAPO_DATE_H
#define MAPO_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t mapo_date;
#define DATE_NONE INT32_MIN
#define DATE_STRLEN 11 /* "YYYY-MM-DD" and its NUL */

mapo_date date_from_ymd(int year, int month, int day);
void date_to_ymd(mapo_date d, int *year, int *month, int *day);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* Strict ISO 8601 calendar date YYYY-MM-DD with a real day (years 1000-9999); 0 or MAPO_EINVAL. */
int date_parse(const char *s, mapo_date *out);
/* Writes YYYY-MM-DD (or "" for DATE_NONE) into out, which holds DATE_STRLEN bytes. */
void date_format(mapo_date d, char out[DATE_STRLEN]);
int date_year(mapo_date d);
int date_month(mapo_date d);
bool date_is_month_end(mapo_date d);
/* Today in UTC, or MAPO_TODAY (YYYY-MM-DD) when set, so tests and demos can fix the clock. */
mapo_date date_today(void);

#endif
