/* trace.c - JSON lines for --trace.  See trace.h. */
#include "trace.h"

#include "util.h"

void trace_write(FILE *f, const TraceLine *t, const Ui *ui)
{
	static const char *const states[] = { "normal", "focused", "selected", "disabled" };
	fprintf(f, "{\"t_ms\":%u,\"screen\":", t->t_ms);
	json_str(f, t->screen);
	fputs(",\"question\":", f);
	json_str(f, t->question);
	if (t->of > 0)
		fprintf(f, ",\"index\":%d,\"of\":%d", t->index, t->of);
	else
		fputs(",\"index\":null,\"of\":null", f);
	fputs(",\"lang\":", f);
	json_str(f, t->lang);
	fprintf(f, ",\"width\":%d,\"height\":%d,\"clipped\":%d,\"widgets\":[", ui->w, ui->h, ui->clipped);
	for (int i = 0; i < ui->nwidgets; i++) {
		const UiWidget *w = &ui->widgets[i];
		fputs(i ? ",{\"id\":" : "{\"id\":", f);
		json_str(f, w->id);
		fputs(",\"role\":", f);
		json_str(f, w->role);
		fputs(",\"label\":", f);
		json_str(f, w->label);
		fprintf(f, ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"state\":\"%s\"",
		        w->r.x, w->r.y, w->r.w, w->r.h, states[w->state]);
		if (w->text_px > 0) /* the size its text was set at */
			fprintf(f, ",\"text_px\":%d", w->text_px);
		if (w->ltr)
			fputs(",\"dir\":\"ltr\"", f);
		fputs(w->clipped ? ",\"clipped\":true}" : "}", f);
	}
	fputs("],\"spoken\":", f);
	json_str(f, t->spoken);
	if (t->voices) {
		fputs(",\"voices\":", f);
		json_str(f, t->voices);
	}
	fputs("}\n", f);
	fflush(f);
}
