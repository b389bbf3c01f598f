build/obj/test_config.o: tests/unit/test_config.c kiosk/config.h
kiosk/config.h:
