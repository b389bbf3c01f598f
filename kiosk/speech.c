/* speech.c - libespeak-ng synthesis queued on an SDL audio device.
 * Start reading at speech_say(). */
#include "speech.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* espeak-ng's slowest rate is 80 words a minute: the slowest step adds
 * pauses between words to come down to about 60. */
const int speech_wpm[SPEECH_RATES] = { 60, 90, 125, 150, 175, 210, 250 };
const int speech_volume_pct[SPEECH_VOLUMES] = { 25, 50, 75, 100, 125, 150 };

struct Speech {
	SDL_AudioDeviceID dev;
	int rate_hz;            /* samples a second, from espeak-ng */
	short *buf;             /* one utterance, filled by the callback */
	size_t len, cap;        /* in samples */
	int failed;             /* out of memory while synthesising */
	char voice[16];         /* the voice set last */
};

static Speech *current;    /* espeak-ng's callback has no user pointer */
static int espeak_hz;      /* espeak-ng started (its sample rate), or <= 0 */

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	Speech *sp = current;
	if (!wav || n <= 0 || !sp)
		return 0;
	if (sp->len + (size_t)n > sp->cap) {
		size_t cap = (sp->len + (size_t)n) * 2;
		short *b = realloc(sp->buf, cap * sizeof *b);
		if (!b) {
			sp->failed = 1;
			return 1; /* stop synthesis */
		}
		sp->buf = b;
		sp->cap = cap;
	}
	memcpy(sp->buf + sp->len, wav, (size_t)n * sizeof *wav);
	sp->len += (size_t)n;
	return 0;
}

/* espeak_Initialize, once (speech_has_voice() at start-up, then
 * speech_create()): its sample rate or <= 0.  espeak-ng's own audio
 * library (pcaudio) is never used: the samples play through SDL.  Keep it
 * from looking for a sound server, which makes folders in $HOME and /tmp
 * that the kiosk's sandbox forbids; SDL later sees the usual setting. */
static int start_espeak(void)
{
	if (espeak_hz)
		return espeak_hz;
	const char *was = getenv("PULSE_SERVER");
	char *saved = was ? strdup(was) : NULL;
	setenv("PULSE_SERVER", "none", 1);
	int hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
	if (saved)
		setenv("PULSE_SERVER", saved, 1);
	else
		unsetenv("PULSE_SERVER");
	free(saved);
	return espeak_hz = hz > 0 ? hz : -1;
}

int speech_has_voice(const char *code)
{
	if (start_espeak() <= 0)
		return -1;
	/* as speech_set_language() will look for it (a Speech made later sets
	 * its voice anew: its voice[] starts empty) */
	return espeak_SetVoiceByName(code) == EE_OK;
}

/* The audio device speech plays on, opened paused (SDL starts it so): 0
 * with "speech: no audio: why" when there is none. */
static SDL_AudioDeviceID open_device(int hz, char *err, size_t errlen)
{
	if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		snprintf(err, errlen, "speech: no audio: %s", SDL_GetError());
		return 0;
	}
	SDL_AudioSpec want = { .freq = hz, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024 },
	              have;
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!dev)
		snprintf(err, errlen, "speech: no audio: cannot open an audio device: %s",
		         SDL_GetError());
	return dev;
}

int speech_has_audio(char *err, size_t errlen)
{
	int hz = start_espeak();
	if (hz <= 0) {
		snprintf(err, errlen, "speech: espeak-ng cannot start (is espeak-ng-data installed?)");
		return -1;
	}
	int was = SDL_WasInit(SDL_INIT_AUDIO) != 0;
	SDL_AudioDeviceID dev = open_device(hz, err, errlen);
	if (dev)
		SDL_CloseAudioDevice(dev);
	if (!was) /* as before the check: no audio thread while reading aloud is off */
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	return dev ? 0 : -1;
}

Speech *speech_create(char *err, size_t errlen)
{
	Speech *sp = calloc(1, sizeof *sp);
	if (!sp) {
		snprintf(err, errlen, "speech: out of memory");
		return NULL;
	}
	sp->rate_hz = start_espeak();
	if (sp->rate_hz <= 0) {
		snprintf(err, errlen, "speech: espeak-ng cannot start (is espeak-ng-data installed?)");
		free(sp);
		return NULL;
	}
	espeak_SetSynthCallback(on_samples);
	sp->dev = open_device(sp->rate_hz, err, errlen);
	if (!sp->dev) {
		espeak_Terminate();
		espeak_hz = 0;
		free(sp);
		return NULL;
	}
	SDL_PauseAudioDevice(sp->dev, 0);
	speech_set_rate(sp, SPEECH_RATE_DEFAULT);
	speech_set_volume(sp, SPEECH_VOLUME_DEFAULT);
	speech_set_language(sp, "en");
	return sp;
}

void speech_free(Speech *sp)
{
	if (!sp) { /* espeak-ng started by speech_has_voice() alone */
		if (espeak_hz > 0)
			espeak_Terminate();
		espeak_hz = 0;
		return;
	}
	SDL_CloseAudioDevice(sp->dev);
	espeak_Terminate();
	espeak_hz = 0;
	free(sp->buf);
	free(sp);
}

int speech_set_language(Speech *sp, const char *code)
{
	/* only when it changes, and only just before speaking (say() in main.c):
	 * libespeak-ng 1.51 queues a malloc'd copy of the voice (1.3 kB) on every
	 * espeak_SetVoiceByName() and frees it when it next speaks; more voice
	 * changes while silent than its queue holds were lost */
	if (!strcmp(sp->voice, code))
		return 0;
	if (espeak_SetVoiceByName(code) != EE_OK)
		return -1;
	snprintf(sp->voice, sizeof sp->voice, "%s", code);
	return 0;
}

void speech_set_rate(Speech *sp, int step)
{
	(void)sp;
	if (step < 0) step = 0;
	if (step >= SPEECH_RATES) step = SPEECH_RATES - 1;
	int wpm = speech_wpm[step];
	espeak_SetParameter(espeakRATE, wpm < espeakRATE_MINIMUM ? espeakRATE_MINIMUM : wpm, 0);
	espeak_SetParameter(espeakWORDGAP, wpm < espeakRATE_MINIMUM ? 25 : 0, 0); /* x10 ms */
}

void speech_set_volume(Speech *sp, int step)
{
	(void)sp;
	if (step < 0) step = 0;
	if (step >= SPEECH_VOLUMES) step = SPEECH_VOLUMES - 1;
	espeak_SetParameter(espeakVOLUME, speech_volume_pct[step], 0);
}

void speech_stop(Speech *sp)
{
	SDL_ClearQueuedAudio(sp->dev);
}

/* Synthesise text (espeak-ng, synchronous mode: the callback has every
 * sample when espeak_Synth returns) and queue it after what is queued. */
static int synth_queue(Speech *sp, const char *text)
{
	sp->len = 0;
	sp->failed = 0;
	current = sp;
	espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	                              espeakCHARS_UTF8, NULL, NULL);
	current = NULL;
	if (e != EE_OK || sp->failed)
		return -1;
	return SDL_QueueAudio(sp->dev, sp->buf, (Uint32)(sp->len * sizeof *sp->buf)) == 0 ? 0 : -1;
}

int speech_say(Speech *sp, const char *text)
{
	speech_stop(sp); /* any new action interrupts speech */
	return synth_queue(sp, text);
}

int speech_queue(Speech *sp, const char *code, const char *text)
{
	if (speech_set_language(sp, code) != 0)
		return -1;
	return synth_queue(sp, text);
}

int speech_pending_ms(Speech *sp)
{
	return (int)(SDL_GetQueuedAudioSize(sp->dev) / sizeof(short) * 1000 / (Uint32)sp->rate_hz);
}
