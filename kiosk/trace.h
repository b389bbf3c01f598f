/* trace.h - the --trace JSON-lines file (docs/design.md "Interfaces"), for
 * tests only: main refuses --trace unless test mode is on, because a
 * trace records what is on screen, including the answer chosen. */
#ifndef HEARD_TRACE_H
#define HEARD_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "ui.h"

typedef struct {
	uint32_t t_ms;
	const char *screen;    /* welcome|service|question|review|thanks|timeout|... */
	const char *question;  /* question id, or NULL */
	int index, of;         /* 1-based question number and count, or 0 */
	const char *lang;
	const char *spoken;    /* NULL until speech exists */
	const char *voices;    /* "en:0 ar:52": the voice each part of spoken is read in, from
	                        * its byte offset (test mode: which language's voice); NULL none */
} TraceLine;

/* Write one line for the widgets of the last painted pass; flushes. */
void trace_write(FILE *f, const TraceLine *t, const Ui *ui);
#endif
