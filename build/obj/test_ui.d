build/obj/test_ui.o: tests/unit/test_ui.c kiosk/ui.h kiosk/draw.h
kiosk/ui.h:
kiosk/draw.h:
