/* stats_runs.c - prints random series and what report_stats.c's
 * run-chart rules find in them, for tests/unit/stats_check.py to compare
 * with its own reading of the rules (Perla et al. 2011).
 *     stats_runs SEED COUNT
 * Each line: the 12 values (-1: a month not shown), the median, then
 * shift side, length, end and trend direction, length, end. */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: stats_runs SEED COUNT\n", stderr);
		return 2;
	}
	srand((unsigned)atoi(argv[1]));
	for (int c = atoi(argv[2]); c > 0; c--) {
		double v[12];
		/* few distinct values, so ties with the median and with the
		 * month before come up often; now and then a month not shown */
		int spread = 2 + rand() % 6;
		for (int i = 0; i < 12; i++)
			v[i] = rand() % 9 == 0 ? -1 : 40 + rand() % spread;
		double median = 40 + rand() % spread;
		int slen, send, tlen, tend;
		int side = stats_shift(v, 12, median, &slen, &send);
		int dir = stats_trend(v, 12, &tlen, &tend);
		for (int i = 0; i < 12; i++)
			printf("%g ", v[i]);
		printf("%g %d %d %d %d %d %d\n", median, side, slen, send, dir, tlen, tend);
	}
	return 0;
}
