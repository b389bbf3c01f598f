build/obj/inifile.o: kiosk/inifile.c kiosk/inifile.h
kiosk/inifile.h:
