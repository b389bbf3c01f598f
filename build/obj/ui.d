build/obj/ui.o: kiosk/ui.c kiosk/ui.h kiosk/draw.h
kiosk/ui.h:
kiosk/draw.h:
