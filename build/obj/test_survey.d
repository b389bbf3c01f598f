build/obj/test_survey.o: tests/unit/test_survey.c kiosk/survey.h
kiosk/survey.h:
