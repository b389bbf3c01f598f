build/obj/fake_draw.o: tests/unit/fake_draw.c kiosk/draw.h
kiosk/draw.h:
