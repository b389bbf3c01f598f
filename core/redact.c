/* redact.c - TEMP: replaced by branch wt-redact-1230.  Copies the text
 * unchanged and matches phrases by plain substring, so the kiosk builds
 * and its screens can be tried before the real one lands. */
#include "redact.h"

#include <string.h>

int redact_comment(const char *in, const char *names, char *out, size_t outlen)
{
	(void)names;
	size_t n = strlen(in);
	if (n >= outlen)
		return -1;
	memcpy(out, in, n + 1);
	return 0;
}

int safety_match(const char *words, const char *text)
{
	while (words && *words) {
		while (*words == ' ' || *words == '|')
			words++;
		const char *end = strchr(words, '|');
		size_t n = end ? (size_t)(end - words) : strlen(words);
		while (n && words[n - 1] == ' ')
			n--;
		char phrase[256];
		if (n && n < sizeof phrase) {
			memcpy(phrase, words, n);
			phrase[n] = '\0';
			if (strstr(text, phrase))
				return 1;
		}
		words += n;
		while (*words && *words != '|')
			words++;
	}
	return 0;
}
