/* test_speech.c - speech really makes sound, in every shipped language,
 * parts in other voices follow in one queue, and Stop really silences it.  Runs on SDL's "disk" audio driver, which
 * writes what would be played to a file (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "speech.h"

static char wav[] = "/tmp/heard-test-speech-XXXXXX";

static long file_size(void)
{
	struct stat sb;
	return stat(wav, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Loudest sample in [from, to) bytes of the captured audio. */
static int peak(long from, long to)
{
	FILE *f = fopen(wav, "rb");
	assert_non_null(f);
	fseek(f, from, SEEK_SET);
	int best = 0;
	short s;
	for (long at = from; at + 2 <= to && fread(&s, 2, 1, f) == 1; at += 2)
		if (abs(s) > best)
			best = abs(s);
	fclose(f);
	return best;
}

/* speech_queue: parts in other voices after what is being said, in one
 * queue; a new speech_say still cuts the whole queue off.  (Called with
 * the test's one Speech: libespeak-ng 1.51 hangs in espeak_Terminate once
 * it has been initialised twice in a process.) */
static void queue_in_other_voices(Speech *sp)
{
	assert_int_equal(speech_set_language(sp, "en"), 0);
	assert_int_equal(speech_say(sp, "Welcome."), 0);
	int one = speech_pending_ms(sp);
	assert_true(one > 200);
	static const char *const code[] = { "es", "pl", "uk", "ar" };
	static const char *const text[] = { "Español: pulse Tab.", "Polski: naciśnij Tab.",
	                                    "Українська: натисніть Tab.", "العربية: اضغط Tab." };
	int before = one;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(speech_queue(sp, code[i], text[i]), 0);
		int now = speech_pending_ms(sp);
		print_message("%s adds %d ms\n", code[i], now - before);
		assert_true(now - before > 500); /* appended, not replacing */
		before = now;
	}
	long from = file_size();
	SDL_Delay(400);
	assert_true(peak(from, file_size()) > 2000);
	assert_int_equal(speech_queue(sp, "xx-nonesuch", "nothing"), -1);
	/* the voice is set again before the next speech_say, which cuts it all off */
	assert_int_equal(speech_set_language(sp, "en"), 0);
	assert_int_equal(speech_say(sp, "Stop."), 0);
	assert_true(speech_pending_ms(sp) < one + 200);
	speech_stop(sp);
}

static void test_speaks_and_stops(void **state)
{
	(void)state;
	char err[256];
	/* the kiosk's start-up check (main.c check_speech): espeak-ng started
	 * once, then used by speech_create */
	assert_int_equal(speech_has_voice("en"), 1);
	assert_int_equal(speech_has_voice("ar"), 1);
	assert_int_equal(speech_has_voice("xx-nonesuch"), 0);
	Speech *sp = speech_create(err, sizeof err);
	if (!sp)
		fail_msg("%s", err);
	static const char *const langs[] = { "en", "es", "pl", "uk", "ar" };
	static const char *const text[] = {
		"Did the staff listen to you?", "¿El personal le escuchó?", "Czy personel Cię wysłuchał?",
		"Чи персонал вас вислухав?", "هل استمع إليك الموظفون؟",
	};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(speech_set_language(sp, langs[i]), 0);
		long before = file_size();
		assert_int_equal(speech_say(sp, text[i]), 0);
		assert_true(speech_pending_ms(sp) > 300); /* a sentence, not a click */
		SDL_Delay(600);
		long after = file_size();
		print_message("%s: peak %d\n", langs[i], peak(before, after));
		assert_true(peak(before, after) > 2000);
		speech_stop(sp);
		SDL_Delay(100);
	}
	/* Stop: a long text, stopped at once; what follows is silence */
	assert_int_equal(speech_say(sp, "This is a long sentence that would take several seconds "
	                                "to say if nobody pressed stop in the middle of it."), 0);
	SDL_Delay(300);
	speech_stop(sp);
	assert_int_equal(speech_pending_ms(sp), 0);
	SDL_Delay(200); /* what was already in the device's buffer drains */
	long from = file_size();
	SDL_Delay(800);
	assert_int_equal(peak(from, file_size()), 0);
	/* rates: the slowest takes longer than the fastest */
	speech_set_language(sp, "en");
	speech_set_rate(sp, 0);
	speech_say(sp, "Question three of eight.");
	int slow = speech_pending_ms(sp);
	speech_set_rate(sp, SPEECH_RATES - 1);
	speech_say(sp, "Question three of eight.");
	int fast = speech_pending_ms(sp);
	print_message("slowest %d ms, fastest %d ms\n", slow, fast);
	assert_true(slow > 2 * fast);
	speech_set_rate(sp, SPEECH_RATE_DEFAULT);
	speech_stop(sp);
	queue_in_other_voices(sp);
	speech_free(sp);
}

static int setup(void **state)
{
	(void)state;
	int fd = mkstemp(wav);
	if (fd < 0)
		return -1;
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", wav, 1);
	return SDL_Init(SDL_INIT_AUDIO);
}

static int teardown(void **state)
{
	(void)state;
	SDL_Quit();
	return remove(wav);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_speaks_and_stops),
	};
	return cmocka_run_group_tests_name("speech", tests, setup, teardown);
}
