/* speech.h - reading the screen aloud with libespeak-ng.
 *
 * Text is synthesised in the display language and queued on an SDL audio
 * device (so SDL's "disk" driver can capture it in tests).  Every new
 * speech_say() interrupts what was being said, as does speech_stop();
 * speech_queue() adds to it, in any voice.
 * Rate and volume come in steps; step indexes are what the accessibility
 * screen shows and what is reset at the end of a session. */
#ifndef HEARD_SPEECH_H
#define HEARD_SPEECH_H

#include <stddef.h>

#define SPEECH_RATES   7
#define SPEECH_VOLUMES 6
#define SPEECH_RATE_DEFAULT   2  /* 125 words a minute */
#define SPEECH_VOLUME_DEFAULT 3  /* 100 % */

extern const int speech_wpm[SPEECH_RATES];       /* 60 .. 250 words a minute */
extern const int speech_volume_pct[SPEECH_VOLUMES];

typedef struct Speech Speech;

/* NULL with a message when there is no voice data or no audio device.
 * The kiosk checks both at start-up (speech_has_voice(),
 * speech_has_audio()) and says so in its log then; it makes the Speech
 * only when reading aloud is first wanted, and says nothing if it fails
 * then (the log's time would date a client's action). */
Speech *speech_create(char *err, size_t errlen);
/* speech_free(NULL) stops espeak-ng if speech_has_voice() started it. */
void speech_free(Speech *sp);
/* 1 when espeak-ng has a voice for this language code, 0 when not, -1
 * when espeak-ng cannot start.  For a check at start-up: starts espeak-ng
 * (once; speech_create() uses it) and needs no audio device. */
int speech_has_voice(const char *code);
/* 0 when speech can play: espeak-ng starts (once, as above) and an audio
 * device opens (it is closed again at once: nothing runs while idle); -1
 * with "speech: ..." in err when not.  For a check at start-up, so that
 * the log says so then, not when a client first turns reading aloud on. */
int speech_has_audio(char *err, size_t errlen);
/* 0, or -1 when espeak-ng has no voice for this language code. */
int speech_set_language(Speech *sp, const char *code);
void speech_set_rate(Speech *sp, int step);
void speech_set_volume(Speech *sp, int step);
/* Say text now, cutting off anything still being said.  0 or -1. */
int speech_say(Speech *sp, const char *text);
/* Say text after what is being said, in the voice of language `code`
 * (one utterance queue: a screen's words, then a line in each other
 * language, read in its own voice).  The voice stays set to `code`:
 * speech_set_language() before the next speech_say().  0, or -1 when
 * there is no such voice or synthesis failed. */
int speech_queue(Speech *sp, const char *code, const char *text);
void speech_stop(Speech *sp);
/* Milliseconds of speech still queued. */
int speech_pending_ms(Speech *sp);
#endif
