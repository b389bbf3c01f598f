build/obj/strings.o: kiosk/strings.c kiosk/strings.h kiosk/survey.h \
 kiosk/inifile.h
kiosk/strings.h:
kiosk/survey.h:
kiosk/inifile.h:
