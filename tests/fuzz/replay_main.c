/* replay_main.c - runs a fuzz target without libFuzzer: each file named
 * on the command line is read and handed to LLVMFuzzerTestOneInput()
 * once.  Built with AddressSanitizer and UBSan by tests/fuzz/replay.sh,
 * so a saved crash crashes again here.  Exit 0 when every file ran. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/* The whole file in a malloc'd buffer (so ASan sees its exact end). */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			uint8_t *more = realloc(buf, cap *= 2);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad || !buf) {
		free(buf);
		return NULL;
	}
	uint8_t *exact = malloc(n ? n : 1);
	if (exact)
		memcpy(exact, buf, n);
	free(buf);
	*size = n;
	return exact;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t size;
		uint8_t *data = slurp(argv[i], &size);
		if (!data) {
			perror(argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return 0;
}
