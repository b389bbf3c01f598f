/* staff.c - the PIN pad and the staff screen.  See staff.h. */
#include "staff.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

_Static_assert(STAFF_PIN_MIN == 6, "the pad's note says six digits");
#define LOCK_MAGIC "heard-staff-lock 1"

static int margin(const Ui *ui) { return (ui->w < ui->h ? ui->w : ui->h) / 28; }

int staff_corner(int x, int y, double px_per_mm)
{
	int side = (int)(STAFF_CORNER_MM * px_per_mm + 0.5);
	return x >= 0 && y >= 0 && x < side && y < side;
}

/* ---- the lock file ------------------------------------------------------ */

/* Write the count and the lock's end (wall clock, 0 for none) to the lock
 * file: a fresh temporary file in the same folder, synced, then renamed
 * over it, so a power cut leaves the old state or the new one.  A failure
 * keeps the lock in memory only; nothing is logged. */
static void lock_save(const Staff *st, time_t until)
{
	char tmp[sizeof st->lock_path + 8], text[64];
	if (!st->lock_path[0])
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", st->lock_path);
	int len = snprintf(text, sizeof text, LOCK_MAGIC "\nwrong %d\nuntil %lld\n", st->wrong,
	                   (long long)until);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0) /* left by a power cut */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int bad = write(fd, text, (size_t)len) != len || fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad || rename(tmp, st->lock_path) != 0) {
		unlink(tmp);
		return;
	}
	char dir[sizeof st->lock_path];
	snprintf(dir, sizeof dir, "%s", st->lock_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0'; /* "/x" keeps its "/" */
	int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) { /* the rename itself is on the disk */
		fsync(dfd);
		close(dfd);
	}
}

/* Read the lock file into wrong and until; 1 when there is none, 0 read,
 * -1 with err when it is not the kiosk's own file. */
static int lock_read(const char *path, int *wrong, long long *until, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 1;
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		snprintf(err, errlen, "%s: cannot read the staff PIN lock: %s%s", path,
		         strerror(errno), errno == ELOOP ? " (a symlink: remove it)" : "");
		goto fail;
	}
	if (util_own_private(path, &sb, 0600, err, errlen))
		goto fail;
	char text[128] = "";
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	if (sscanf(text, LOCK_MAGIC "\nwrong %d\nuntil %lld", wrong, until) != 2 || *wrong < 0)
		*wrong = -1; /* not written by heard, or cut short: taken as a fresh lock */
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

int staff_init(Staff *st, const char *db_path, time_t wall, uint32_t now, char *err,
               size_t errlen)
{
	memset(st, 0, sizeof *st);
	if (snprintf(st->lock_path, sizeof st->lock_path, "%s.staff-lock", db_path) >=
	    (int)sizeof st->lock_path) {
		snprintf(err, errlen, "%s: the database's path is too long", db_path);
		st->lock_path[0] = '\0';
		return -1;
	}
	int wrong = 0;
	long long until = 0;
	int rc = lock_read(st->lock_path, &wrong, &until, err, errlen);
	if (rc < 0) {
		st->lock_path[0] = '\0';
		return -1;
	}
	if (rc == 1)
		return 0;
	long long left = until ? until - (long long)wall : 0;
	if (wrong < 0) { /* not heard's: a fresh lock */
		left = STAFF_LOCK_S;
		wrong = 0;
		lock_save(st, wall + (time_t)left);
	}
	/* A clock set back: 5 minutes from now.  The file keeps its time, so a
	 * clock put right again (NTP after a boot) still finds the lock; the
	 * pad clears it once the 5 minutes are over. */
	if (left > (long long)STAFF_LOCK_S)
		left = STAFF_LOCK_S;
	if (left > 0) {
		st->locked = 1;
		st->locked_at = now - (uint32_t)(STAFF_LOCK_MS - (uint32_t)left * 1000u);
	} else {
		st->wrong = wrong < STAFF_TRIES ? wrong : STAFF_TRIES - 1;
	}
	return 0;
}

/* ---- the pad's state ----------------------------------------------------- */

void staff_open(Staff *st, uint32_t now)
{
	Staff keep = *st;
	memset(st, 0, sizeof *st);
	st->mode = STAFF_PIN;
	st->since = now;
	st->locked = keep.locked; /* closing the pad does not lift a lock */
	st->locked_at = keep.locked_at;
	st->wrong = keep.wrong;
	memcpy(st->lock_path, keep.lock_path, sizeof st->lock_path);
}

int staff_idle(const Staff *st, uint32_t now)
{
	return st->mode != STAFF_OFF && now - st->since >= STAFF_IDLE_MS;
}

void staff_track(Staff *st, const Input *in, double px_per_mm)
{
	int corner = staff_corner(in->x, in->y, px_per_mm);
	if (in->type == IN_PRESS && corner && st->mode == STAFF_OFF) {
		st->hold = 1;
		st->hold_t = in->t_ms;
	} else if (in->type == IN_RELEASE || (in->type == IN_MOTION && !corner)) {
		st->hold = 0;
	}
}

uint32_t staff_due(const Staff *st)
{
	uint32_t t;
	if (st->mode != STAFF_OFF)
		t = st->since + STAFF_IDLE_MS;
	else if (st->hold)
		t = st->hold_t + STAFF_HOLD_MS;
	else
		return 0;
	return t ? t : 1;
}

StaffDue staff_run(Staff *st, uint32_t now)
{
	if (st->mode == STAFF_OFF && st->hold && (int32_t)(now - st->hold_t) >= (int32_t)STAFF_HOLD_MS) {
		st->hold = 0; /* held long enough: the PIN pad */
		staff_open(st, now);
		return STAFF_DUE_OPENED;
	}
	if (staff_idle(st, now)) {
		st->mode = STAFF_OFF;
		return STAFF_DUE_CLOSED;
	}
	return STAFF_DUE_NONE;
}

void staff_exit_marker(void)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");
	char path[1100];
	if (!dir || dir[0] != '/' || strchr(dir, ':'))
		return;
	snprintf(path, sizeof path, "%s/staff-exit", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		fprintf(stderr, "heard-kiosk: cannot leave %s: %s; the service will start the kiosk "
		        "again\n", path, strerror(errno));
	else
		close(fd);
}

int staff_pin_ok(const char *hash, const char *pin)
{
	if (!hash || !*hash || sodium_init() < 0)
		return -1;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? 0 : -1;
}

/* At a terminal: ask, and do not show the digits as they are typed.  The
 * echo goes off before the prompt shows, and nothing typed is flushed: a
 * PIN typed as soon as the prompt appears is neither shown nor lost (it
 * was both, when the prompt came first and the echo went off with
 * TCSAFLUSH). */
static int read_pin(char *pin, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
		fputs("Type the staff PIN (6 to 12 digits; not shown), then Enter: ", stderr);
	}
	int got = fgets(pin, (int)n, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	return got;
}

int staff_hash_pin_main(void)
{
	char pin[64];
	if (!read_pin(pin, sizeof pin)) {
		fprintf(stderr, "heard-kiosk --hash-pin: no PIN on standard input\n");
		return 2;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	size_t n = strlen(pin);
	if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX || strspn(pin, "0123456789") != n) {
		sodium_memzero(pin, sizeof pin);
		fprintf(stderr, "heard-kiosk --hash-pin: the PIN must be %d to %d digits (0-9); "
		        "a shorter one is guessed too easily\n", STAFF_PIN_MIN, STAFF_PIN_MAX);
		return 2;
	}
	char out[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(out, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		sodium_memzero(pin, sizeof pin);
		fprintf(stderr, "heard-kiosk --hash-pin: libsodium could not hash (out of memory?)\n");
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	if (isatty(STDOUT_FILENO))
		fputs("Put this line in the [kiosk] section of the configuration:\n", stderr);
	printf("%s\n", out);
	return 0;
}

/* ---- the clock ---------------------------------------------------------- */

time_t staff_build_time(void)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4] = "";
	int day = 0, year = 0;
	if (sscanf(__DATE__, "%3s %d %d", mon, &day, &year) != 3)
		return 0;
	const char *m = strstr(months, mon);
	struct tm tm = { .tm_year = year - 1900, .tm_mon = m ? (int)(m - months) / 3 : 0,
	                 .tm_mday = day, .tm_isdst = -1 };
	return mktime(&tm);
}

/* A period label's first or last month as year * 12 + month; -1 if none. */
static int label_month(const char *label, int last)
{
	int y, m;
	char q;
	if (sscanf(label, "%4d-Q%1d", &y, &m) == 2 && strlen(label) == 7 && m >= 1 && m <= 4)
		return y * 12 + (last ? 3 * m : 3 * m - 2);
	if (sscanf(label, "%4d-%2d%c", &y, &m, &q) == 2 && strlen(label) == 7 && m >= 1 && m <= 12)
		return y * 12 + m;
	return -1;
}

int staff_clock_wrong(time_t now, time_t built, const char *now_period, const char *newest,
                      char *why, size_t n)
{
	char when[32] = "";
	if (built > 0 && now < built) {
		struct tm tm;
		localtime_r(&built, &tm);
		strftime(when, sizeof when, "%Y-%m-%d", &tm);
		if (why)
			snprintf(why, n, "The clock is wrong: it is earlier than this program was made "
			         "(%s). Answers wait, unsaved, until it is right. Set the date, or turn on "
			         "network time.", when);
		return 1;
	}
	if (built > 0 && now - built > (time_t)STAFF_CLOCK_AHEAD_YEARS * 366 * 24 * 3600) {
		if (why)
			snprintf(why, n, "The clock is wrong: it is more than %d years after this program "
			         "was made. Answers wait, unsaved, until it is right. Set the date, or turn "
			         "on network time.", STAFF_CLOCK_AHEAD_YEARS);
		return 1;
	}
	int at = label_month(now_period, 1), top = newest ? label_month(newest, 0) : -1;
	if (at >= 0 && top >= 0 && at < top) {
		if (why)
			snprintf(why, n, "The clock is wrong: it is earlier than %s, a period this kiosk "
			         "has already stored answers in or run in. Answers wait, unsaved, until it "
			         "is right. Set the date, or turn on network time (if the date is right, "
			         "the clock was once set ahead: see README, \"The clock\").", newest);
		return 1;
	}
	return 0;
}

/* ---- the PIN pad ------------------------------------------------------- */

/* OK: too short for a PIN (not a try: no PIN that short can be set), the
 * right PIN (the staff screen), or a wrong one (counted; the fifth in a
 * row locks the pad).  The count and the lock go to the lock file. */
static void ok_pressed(Staff *st, const char *hash, uint32_t now)
{
	if (strlen(st->entered) < STAFF_PIN_MIN) {
		/* no digit shown on the pad; a PIN set before PINs had 6 digits
		 * no longer works, and whoever set up the kiosk makes a new one */
		st->note = "A staff PIN has at least six digits. Shorter? Ask for a new PIN.";
		return;
	}
	int ok = staff_pin_ok(hash, st->entered) == 0;
	sodium_memzero(st->entered, sizeof st->entered);
	if (ok) {
		if (st->wrong) { /* the count starts again */
			st->wrong = 0;
			lock_save(st, 0);
		}
		st->mode = STAFF_MENU;
		return;
	}
	st->note = "That PIN is not right.";
	time_t until = 0;
	if (++st->wrong >= STAFF_TRIES) {
		st->wrong = 0;
		st->locked = 1;
		st->locked_at = now;
		until = time(NULL) + (time_t)STAFF_LOCK_S;
	}
	lock_save(st, until);
}

static StaffAction pad(Ui *ui, Staff *st, const char *hash, uint32_t now)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Rect top = rect_cut_top(&r, r.h * 22 / 100);
	Rect cancel = rect_cut_right(&top, ui->w * 26 / 100);
	rect_cut_right(&top, margin(ui));
	rect_cut_top(&r, margin(ui) / 2);
	if (st->locked && now - st->locked_at >= STAFF_LOCK_MS) { /* unsigned: right across wraps */
		st->locked = 0;
		lock_save(st, 0);
	}
	int locked = st->locked;
	char line[96], dots[STAFF_PIN_MAX * 4 + 1] = "";
	for (size_t i = 0; i < strlen(st->entered); i++)
		strcat(dots, "\xe2\x80\xa2"); /* one bullet (in the shipped font) per digit, never the digit */
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
			ok_pressed(st, hash, now);
			if (st->mode == STAFF_MENU)
				return STAFF_NONE;
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
	char lines[6][600], when[64] = "?";
	struct tm tm;
	if (localtime_r(&in->now, &tm))
		strftime(when, sizeof when, "%A %d %B %Y, %H:%M", &tm); /* "C" locale: English */
	int warn = in->clock_warning && *in->clock_warning;
	snprintf(lines[0], sizeof lines[0], "Kiosk date and time: %s", when);
	snprintf(lines[1], sizeof lines[1], "%s", warn ? in->clock_warning : "");
	snprintf(lines[2], sizeof lines[2], "Database: %s", in->db);
	if (in->stored >= 0)
		snprintf(lines[3], sizeof lines[3], "Responses stored in %s: %ld", in->period, in->stored);
	else
		snprintf(lines[3], sizeof lines[3], "Responses stored in %s: cannot be read", in->period);
	snprintf(lines[4], sizeof lines[4], "Waiting to be saved: %d", in->queued);
	snprintf(lines[5], sizeof lines[5], "Last save error: %s",
	         in->last_error && *in->last_error ? in->last_error : "none");
	static const char *const ids[6] = { "staff.clock", "staff.clock_warning", "staff.db",
	                                    "staff.stored", "staff.queued", "staff.error" };
	int lh = r.h / (warn ? 7 : 5), y = r.y; /* the warning: two lines, bold */
	for (int i = 0; i < 6; i++) {
		if (i == 1 && !warn)
			continue;
		int h = i == 1 ? 2 * lh : lh;
		ui_text(ui, ids[i], lines[i], (Rect){ r.x, y, r.w, h }, ui_body_px(ui), i == 1, ALIGN_LEFT);
		y += h;
	}
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
