/* assert_has.h - a cmocka check the unit tests share: the text holds the
 * words (a message naming its file and line, say).  Include after
 * cmocka.h and string.h. */
#ifndef HEARD_ASSERT_HAS_H
#define HEARD_ASSERT_HAS_H

#define assert_has(haystack, needle) do { \
	if (!strstr((haystack), (needle))) \
		fail_msg("expected \"%s\" in \"%s\"", (needle), (haystack)); \
} while (0)
#endif
