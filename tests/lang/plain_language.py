#!/usr/bin/python3
"""Every English client-facing string reads at or below US grade 5
(Flesch-Kincaid, from diction's `style`) and uses no clinical or jargon
word.  Fails, naming the string, when one is too hard.  A wording heard
may not change (MANDATED: the NHS Friends and Family Test's question)
must be word for word instead."""
import configparser
import re
import subprocess
import sys

MAX_GRADE = 5.0
JARGON = """patient patients disengaged disengage compliance compliant noncompliant non-compliant
diagnosis diagnose diagnosed clinical clinician clinicians intervention interventions
assessment referral referred symptom symptoms therapeutic outcome outcomes engagement
caseload discharge discharged psychiatric disorder disorders pathology prognosis
treatment medication service-user user users respondent survey questionnaire
anonymised anonymized confidential data submit submission""".split()
# Wording heard may not change: NHS England's Friends and Family Test
# question since April 2020 (grade 5.2), which every service asks as it
# is written.  Checked word for word instead, and every other string, its
# six answers too, still graded.
MANDATED = {("questions", "fft.overall"): "Overall, how was your experience of our service?",
            # the review shows the client's words exactly as they are kept:
            # with the store's own mark where something was taken out
            ("ui", "review.removed"): "[removed]"}
# The names of signs ("semicolon", "quotation mark"), said by the voice for
# the keyboard's keys: a sign has no plainer name, and one or two long
# words make no sentence to grade.  Checked for jargon only.
NAMES = re.compile(r"sign\.\w+")
# Not text a client reads: the safety phrases (safety.words) are what a
# client in distress might type, matched against a comment (core/redact.h
# safety_match), never shown.  Their words are plain by nature but they
# are a list, not a sentence, so neither graded nor checked for jargon.
NOT_SHOWN = {("ui", "safety.words")}
SAMPLE = {"help": "116 123", "n": "three", "of": "8", "page": "1", "pages": "2",
          "month": "October 2026", "name": "English"}

def grade(text):
    # style counts sentences: a label like "Start" needs a full stop, and
    # sees none in a word in brackets (the review's "[removed]")
    text = re.sub(r"[\[\]]", "", text)
    if not re.search(r"[.?!]$", text):
        text += "."
    text = text[0].upper() + text[1:]
    out = subprocess.run(["style"], input=text + "\n", capture_output=True, text=True).stdout
    m = re.search(r"Kincaid:\s*(-?[\d.]+)", out)
    if not m:
        raise SystemExit(f"style gave no Kincaid grade for {text!r}: {out!r}")
    return float(m.group(1))

def main(path):
    ini = configparser.ConfigParser(interpolation=None, delimiters=("=",), comment_prefixes=(";",),
                                    strict=False)  # [ui] may come twice
    ini.optionxform = str
    ini.read(path, encoding="utf-8")
    passed = failed = 0
    months = [ini["ui"][f"month_in.{i}"] for i in range(1, 13)]  # as "in {month}" needs
    cases = []
    for section in ("ui", "questions"):
        for key, text in ini[section].items():
            if re.fullmatch(r"month(_in)?\.\d+", key):
                continue  # names, graded inside the sentences that use them
            if (section, key) in NOT_SHOWN:
                continue
            if not re.search(r"[A-Za-z]", text):
                continue  # no words to grade (the keyboard's "123" key)
            if "{month}" in text:  # every month name in its sentence
                cases += [(section, key, text.replace("{month}", m + " 2026")) for m in months]
            else:
                cases.append((section, key, text))
    for section, key, text in cases:
        if (section, key) in MANDATED:
            if text == MANDATED[(section, key)]:
                passed += 1
            else:
                failed += 1
                print(f"FAIL plain-{section}.{key}: not the mandated wording {MANDATED[(section, key)]!r}: {text!r}")
            continue
        filled = re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), m.group(0)), text)
        words = set(re.findall(r"[a-z][a-z'-]*", filled.lower()))
        bad_words = sorted(words & set(JARGON))
        g = 0.0 if NAMES.fullmatch(key) else grade(filled)
        if g > MAX_GRADE or bad_words:
            failed += 1
            why = f"grade {g}" + (f", jargon {bad_words}" if bad_words else "")
            print(f"FAIL plain-{section}.{key}: {why}: {filled!r}")
        else:
            passed += 1
    print(f"PLAIN: {passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "assets/strings/en.ini"))
