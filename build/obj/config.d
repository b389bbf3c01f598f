build/obj/config.o: kiosk/config.c kiosk/config.h kiosk/store.h \
 kiosk/survey.h kiosk/strings.h kiosk/inifile.h
kiosk/config.h:
kiosk/store.h:
kiosk/survey.h:
kiosk/strings.h:
kiosk/inifile.h:
