build/obj/survey.o: kiosk/survey.c kiosk/survey.h
kiosk/survey.h:
