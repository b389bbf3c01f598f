build/obj/trace.o: kiosk/trace.c kiosk/trace.h kiosk/ui.h kiosk/draw.h
kiosk/trace.h:
kiosk/ui.h:
kiosk/draw.h:
