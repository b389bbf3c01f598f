/* staff.c - the PIN pad and the staff screen.  See staff.h. */
#include "staff.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

static int margin(const Ui *ui) { return (ui->w < ui->h ? ui->w : ui->h) / 28; }

int staff_corner(int x, int y, double px_per_mm)
{
	int side = (int)(STAFF_CORNER_MM * px_per_mm + 0.5);
	return x >= 0 && y >= 0 && x < side && y < side;
}

void staff_open(Staff *st, uint32_t now)
{
	uint32_t locked_at = st->locked_at;
	int locked = st->locked, wrong = st->wrong;
	memset(st, 0, sizeof *st);
	st->mode = STAFF_PIN;
	st->since = now;
	st->locked = locked; /* closing the pad does not lift a lock */
	st->locked_at = locked_at;
	st->wrong = wrong;
}

int staff_idle(const Staff *st, uint32_t now)
{
	return st->mode != STAFF_OFF && now - st->since >= STAFF_IDLE_MS;
}

int staff_pin_ok(const char *hash, const char *pin)
{
	if (!hash || !*hash || sodium_init() < 0)
		return -1;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? 0 : -1;
}

int staff_hash_pin_main(void)
{
	char pin[64];
	if (!fgets(pin, sizeof pin, stdin)) {
		fprintf(stderr, "heard-kiosk --hash-pin: no PIN on standard input\n");
		return 2;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	size_t n = strlen(pin);
	if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX || strspn(pin, "0123456789") != n) {
		fprintf(stderr, "heard-kiosk --hash-pin: the PIN must be %d to %d digits\n",
		        STAFF_PIN_MIN, STAFF_PIN_MAX);
		return 2;
	}
	char out[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(out, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		fprintf(stderr, "heard-kiosk --hash-pin: libsodium could not hash (out of memory?)\n");
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	printf("%s\n", out);
	return 0;
}

/* ---- the PIN pad ------------------------------------------------------- */

static StaffAction pad(Ui *ui, Staff *st, const char *hash, uint32_t now)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Rect top = rect_cut_top(&r, r.h * 22 / 100);
	Rect cancel = rect_cut_right(&top, ui->w * 26 / 100);
	rect_cut_right(&top, margin(ui));
	rect_cut_top(&r, margin(ui) / 2);
	if (st->locked && now - st->locked_at >= STAFF_LOCK_MS) /* unsigned: right across wraps */
		st->locked = 0;
	int locked = st->locked;
	char line[96], dots[STAFF_PIN_MAX * 4 + 1] = "";
	for (size_t i = 0; i < strlen(st->entered); i++)
		strcat(dots, "\xe2\x97\x8f"); /* one dot per digit, never the digit */
	if (!hash || !*hash)
		snprintf(line, sizeof line, "No staff PIN is set: see staff_pin in the README.");
	else if (locked)
		snprintf(line, sizeof line, "Too many wrong PINs. Try again in %u min.",
		         (STAFF_LOCK_MS - (now - st->locked_at) + 59999) / 60000);
	else
		snprintf(line, sizeof line, "%s", st->note ? st->note : "Staff: enter the PIN.");
	Rect title = rect_cut_top(&top, top.h / 2);
	ui_text(ui, "staff.message", line, title, ui_body_px(ui), 1, ALIGN_LEFT);
	ui_text(ui, "staff.entered", dots[0] ? dots : " ", top, ui_body_px(ui), 1, ALIGN_LEFT);

	int usable = hash && *hash && !locked, gap = margin(ui) / 2;
	int cw = (r.w - 2 * gap) / 3, rh = (r.h - 3 * gap) / 4;
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
	                                      "Delete", "0", "OK" };
	for (int i = 0; i < 12; i++) {
		char id[24];
		snprintf(id, sizeof id, "staff.key.%s", keys[i]);
		Rect b = { r.x + (i % 3) * (cw + gap), r.y + (i / 3) * (rh + gap), cw, rh };
		if (!ui_button(ui, id, keys[i], b, usable ? (i == 11 ? UI_PRIMARY : 0) : UI_DISABLED))
			continue;
		st->since = now;
		size_t n = strlen(st->entered);
		if (i == 9) {
			if (n)
				st->entered[n - 1] = '\0';
		} else if (i == 11) {
			int ok = staff_pin_ok(hash, st->entered) == 0;
			sodium_memzero(st->entered, sizeof st->entered);
			if (ok) {
				st->wrong = 0;
				st->mode = STAFF_MENU;
				return STAFF_NONE;
			}
			st->note = "That PIN is not right.";
			if (++st->wrong >= STAFF_TRIES) {
				st->wrong = 0;
				st->locked = 1;
				st->locked_at = now;
			}
		} else if (n < STAFF_PIN_MAX) {
			st->entered[n] = keys[i][0];
			st->entered[n + 1] = '\0';
		}
		ui->changed = 1;
		return STAFF_NONE;
	}
	if (ui_button(ui, "staff.cancel", "Cancel", cancel, 0))
		return STAFF_RESUME;
	if (usable && ui->in.type == IN_DIGIT && strlen(st->entered) < STAFF_PIN_MAX) {
		size_t n = strlen(st->entered);
		st->entered[n] = (char)('0' + ui->in.digit);
		st->entered[n + 1] = '\0';
		st->since = now;
		ui->changed = 1;
	}
	return STAFF_NONE;
}

/* ---- the staff screen -------------------------------------------------- */

static StaffAction menu(Ui *ui, Staff *st, const StaffInfo *in, uint32_t now)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Rect title = rect_cut_top(&r, r.h * 14 / 100);
	ui_text(ui, "staff.title", "heard: staff", title, ui_title_px(ui), 1, ALIGN_LEFT);
	Rect buttons = rect_cut_bottom(&r, r.h * 28 / 100);
	char lines[4][600];
	snprintf(lines[0], sizeof lines[0], "Database: %s", in->db);
	if (in->stored >= 0)
		snprintf(lines[1], sizeof lines[1], "Responses stored in %s: %ld", in->period, in->stored);
	else
		snprintf(lines[1], sizeof lines[1], "Responses stored in %s: cannot be read", in->period);
	snprintf(lines[2], sizeof lines[2], "Waiting to be saved: %d", in->queued);
	snprintf(lines[3], sizeof lines[3], "Last save error: %s",
	         in->last_error && *in->last_error ? in->last_error : "none");
	static const char *const ids[4] = { "staff.db", "staff.stored", "staff.queued", "staff.error" };
	int lh = r.h / 4;
	for (int i = 0; i < 4; i++)
		ui_text(ui, ids[i], lines[i], (Rect){ r.x, r.y + i * lh, r.w, lh }, ui_body_px(ui), 0,
		        ALIGN_LEFT);
	rect_cut_top(&buttons, margin(ui));
	int bw = (buttons.w - margin(ui)) / 2;
	if (ui_button(ui, "staff.resume", "Resume", rect_cut_left(&buttons, bw), UI_PRIMARY))
		return STAFF_RESUME;
	if (ui_button(ui, "staff.exit", "Exit heard", rect_cut_right(&buttons, bw), 0))
		return STAFF_EXIT;
	if (ui->in.type != IN_NONE && ui->in.type != IN_REDRAW)
		st->since = now;
	return STAFF_NONE;
}

StaffAction staff_screen(Ui *ui, Staff *st, const char *hash, const StaffInfo *info, uint32_t now)
{
	ui_background(ui);
	if (st->mode == STAFF_MENU)
		return menu(ui, st, info, now);
	return pad(ui, st, hash, now);
}
