build/obj/screens.o: kiosk/screens.c kiosk/screens.h kiosk/config.h \
 kiosk/store.h kiosk/survey.h kiosk/strings.h kiosk/ui.h kiosk/draw.h
kiosk/screens.h:
kiosk/config.h:
kiosk/store.h:
kiosk/survey.h:
kiosk/strings.h:
kiosk/ui.h:
kiosk/draw.h:
