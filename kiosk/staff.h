/* staff.h - the staff's way in: a hidden gesture, a PIN pad, and a screen
 * with the kiosk's health, Exit and Resume.
 *
 * The gesture: press and hold the top-left corner (12 mm square) for 3 s,
 * on any screen.  The PIN is configured only as a libsodium
 * crypto_pwhash_str() hash (`heard-kiosk --hash-pin` prints one) of 6 to
 * 12 digits.  Five wrong PINs in a row lock the pad for 5 minutes; the
 * count and the lock are kept in a small file beside the database
 * (<database>.staff-lock: the count and when the lock ends, nothing of a
 * client's session), so a restart does not lift them, nor does a clock
 * set back (the lock then ends 5 minutes after the start).  With no PIN configured
 * the pad says so and offers only Cancel.  The staff screens are in
 * English (they are for staff, not clients) and are never spoken.
 * Nothing here is logged. */
#ifndef HEARD_STAFF_H
#define HEARD_STAFF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ui.h"

#define STAFF_HOLD_MS     3000u
#define STAFF_CORNER_MM   12.0
#define STAFF_TRIES       5
#define STAFF_LOCK_MS     (5u * 60u * 1000u)
#define STAFF_IDLE_MS     (60u * 1000u)   /* the pad or the screen left alone */
#define STAFF_LOCK_S      (STAFF_LOCK_MS / 1000u)
#define STAFF_PIN_MIN     6
#define STAFF_PIN_MAX     12

typedef enum { STAFF_OFF, STAFF_PIN, STAFF_MENU } StaffMode;
typedef enum { STAFF_NONE, STAFF_EXIT, STAFF_RESUME } StaffAction;

typedef struct {
	StaffMode mode;
	char entered[STAFF_PIN_MAX + 1];
	int wrong;              /* wrong PINs in a row */
	int locked;             /* too many wrong PINs ... */
	uint32_t locked_at;     /* ... since then (SDL ticks) */
	uint32_t since;         /* last staff input, for STAFF_IDLE_MS */
	const char *note;       /* the pad's message line */
	char lock_path[1100];   /* where wrong and the lock are kept, "" nowhere */
	int hold;               /* a press is being held in the corner ... */
	uint32_t hold_t;        /* ... since then */
} Staff;

/* What staff_run() found due. */
typedef enum { STAFF_DUE_NONE, STAFF_DUE_OPENED, STAFF_DUE_CLOSED } StaffDue;

/* What the staff screen shows. */
typedef struct {
	const char *db;         /* database path */
	const char *period;     /* this period, e.g. "2026-11" */
	long stored;            /* responses stored this period, -1 unknown */
	int queued;             /* answers waiting to be saved */
	const char *last_error; /* last save error, "" for none */
	time_t now;             /* the kiosk's clock, shown as date and time */
	const char *clock_warning; /* why the clock cannot be right, "" or NULL when plausible */
} StaffInfo;

/* When this program was built (its compiler's __DATE__, midnight local
 * time): a kiosk clock earlier than that is certainly wrong. */
time_t staff_build_time(void);
/* Is the clock implausible?  now is the kiosk's clock and now_period its
 * period label; newest the newest period the database has seen
 * (store_newest_seen(): stored, or the clock in it; "" for none).  Wrong
 * when now is before built, more than STAFF_CLOCK_AHEAD_YEARS after it,
 * or now_period ended before newest began (a Raspberry Pi without network
 * time starts in the past, perhaps in a period already over).  1 with a warning for the staff screen in why,
 * or 0.  While it is wrong nothing is saved: a response filed under a
 * period that may already be closed would change a copy taken of it. */
#define STAFF_CLOCK_AHEAD_YEARS 10
int staff_clock_wrong(time_t now, time_t built, const char *now_period, const char *newest,
                      char *why, size_t n);

/* Is (x, y) in the corner that opens the pad, on a w x h window at
 * px_per_mm? */
int staff_corner(int x, int y, double px_per_mm);
/* Before the first staff_open(): keep the wrong-PIN count and the lock in
 * <db_path>.staff-lock (beside the database, made with mode 0600), and
 * take up what it holds.  wall is time(NULL), now the kiosk's clock.
 * Returns 0 (also when there is no such file yet), or -1 with a message
 * naming the file (a symlink, another owner, group or other access, or
 * unreadable) and how to fix it. */
int staff_init(Staff *st, const char *db_path, time_t wall, uint32_t now, char *err,
               size_t errlen);
/* Open the PIN pad (the gesture was completed at now). */
void staff_open(Staff *st, uint32_t now);
/* 1 when the pad or the staff screen has been left alone too long. */
int staff_idle(const Staff *st, uint32_t now);
/* The gesture: follow every client input (a press in the corner starts
 * the hold; a release, or moving out of the corner, ends it). */
void staff_track(Staff *st, const Input *in, double px_per_mm);
/* When staff_run() is next due: the hold complete, or the pad or screen
 * idle; 0 when neither can happen without input. */
uint32_t staff_due(const Staff *st);
/* At now: open the pad when the corner has been held STAFF_HOLD_MS, or
 * close the pad or screen left alone STAFF_IDLE_MS (the caller then
 * shows the client's screen again). */
StaffDue staff_run(Staff *st, uint32_t now);
/* Staff chose Exit: under the systemd unit (tools/deploy/), which starts
 * the kiosk again whenever it stops, a marker in its RUNTIME_DIRECTORY
 * keeps it stopped until the next boot. */
void staff_exit_marker(void);
/* 0 when pin matches hash; -1 otherwise (or no hash, or libsodium fails). */
int staff_pin_ok(const char *hash, const char *pin);
/* Print a hash of the PIN read from stdin (one line of 6-12 digits) for
 * the config's staff_pin key.  Returns the process exit code. */
int staff_hash_pin_main(void);
/* The pad or the staff screen, as an immediate-mode screen. */
StaffAction staff_screen(Ui *ui, Staff *st, const char *hash, const StaffInfo *info, uint32_t now);
#endif
