#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
mapo_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(mapo_date z, int *year, int *month, int *day)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	if (year)
		*year = y + (m <= 2);
	if (month)
		*month = m;
	if (day)
		*day = d;
}

bool date_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, mapo_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return MAPO_EINVAL;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return MAPO_EINVAL;
	*out = date_from_ymd(y, m, d);
	return 0;
}

void date_format(mapo_date d, char out[DATE_STRLEN])
{
	if (d == DATE_NONE) {
		out[0] = '\0';
		return;
	}
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	/* Years stay in 0..9999 for every date mapo accepts; clamp so the output always fits. */
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

int date_year(mapo_date d)
{
	int y;
	date_to_ymd(d, &y, NULL, NULL);
	return y;
}

int date_month(mapo_date d)
{
	int m;
	date_to_ymd(d, NULL, &m, NULL);
	return m;
}

bool date_is_month_end(mapo_date d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return day == date_days_in_month(y, m);
}

mapo_date date_today(void)
{
	mapo_date d;
	const char *fixed = getenv("MAPO_TODAY");
	if (fixed && date_parse(fixed, &d) == 0)
		return d;
	return (mapo_date)(time(NULL) / 86400);
}
