build/obj/test_store.o: tests/unit/test_store.c kiosk/store.h
kiosk/store.h:
