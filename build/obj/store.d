build/obj/store.o: kiosk/store.c kiosk/store.h kiosk/survey.h
kiosk/store.h:
kiosk/survey.h:
