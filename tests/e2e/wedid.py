#!/usr/bin/python3
"""End-to-end tests of Welcome's "You said, we did" line (issue 16): the
real kiosk (BUILD/heard-kiosk), offscreen, driven by --script, read back
from its --trace.

    tests/e2e/wedid.py [FILTER]   every check (or those whose name holds
                                  FILTER); prints PASS/FAIL lines and
                                  "WEDID: N passed, M failed"; exit 1 on
                                  failure

  a-turns-en          the newest entry of each service (an older month's
                      never), in the configured services' order, taking
                      turns every we_did_seconds: one trace line per turn
                      and no other (nothing runs between turns), the words
                      around them from en.ini
  b-turns-es          in Spanish: an entry with its own Spanish words in
                      es.ini's words; one without, wholly in the default
                      language (English words and English words around)
  c-one-entry         a single entry never turns: one Welcome line in 60 s
  d-speech-waits      reading aloud: the line is said with Welcome; a turn
                      waits until what is being said has ended (fewer turns
                      in the same time than in silence), then says the new
                      entry alone
  e-config-errors     exit 2 and the file and line: a bad month, a service
                      the config lacks, a language it does not offer, a
                      file that is not there (the config's line), a
                      relative path read beside the config
  f-layout-WxH        every language at text sizes 1 and 2, with entries of
                      the most characters allowed in every language: every
                      view of Welcome passes kiosk.py's layout_problems()
                      (no overlap, nothing clipped, no text under the
                      floor), and the line is on one of its views
  g-small-screen      800x480 (154 x 86 mm): the line is one press from the
                      first view, under the promise, and the page control
                      to it says so ("What we changed (1 of 2)"); where it
                      needs a view of its own (720x1280 at text size 2) the
                      control before that view says so; reading aloud says
                      it on the first view, where it is not shown
  h-fallback-ar       Arabic shown, an entry with no Arabic words (the
                      default language's): the line is drawn left to right
                      (trace "dir": "ltr"), and read aloud in the English
                      voice, the rest of Welcome in the Arabic one (trace
                      "voices"); in English it has no "dir" of its own
  i-scan-quiet        one-switch scanning with reading aloud: the line is
                      said once, with Welcome; its turns go on on screen but
                      are not said (no entry heard twice in a row, no turn
                      talking over where focus is), each step says the
                      control with focus

Python standard library only.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (layout_problems, the string tables)

TURN_S = 8
WEDID = """\
; what clients told us, and what we did
[2026-10 Counselling]
you_said = It was hard to get an appointment.
we_did = We added evening times on Thursdays.
[2026-11 Family support]
you_said = The waiting room was too loud.
we_did = The room now has a quiet play corner.
[2026-11 Counselling]
you_said = Appointments felt rushed.
we_did = First appointments are now one hour.
you_said.es = Las citas parecían apresuradas.
we_did.es = Las primeras citas ahora duran una hora.
"""
# at most 120 characters each (core/wedid.h), in every shipped language
LONG = {
    "": ("It was hard to get an appointment in the evening, and the phone line was often busy when "
         "people called to change a time.",
         "We added evening times on Tuesdays and Thursdays, and two more people now answer the phone "
         "in the mornings, 9 to 11."),
    "es": ("Era difícil conseguir cita por la tarde, y el teléfono solía estar ocupado cuando la "
           "gente llamaba para cambiarla.",
           "Añadimos citas por la tarde los martes y jueves, y dos personas más contestan el "
           "teléfono por la mañana, de 9 a 11."),
    "pl": ("Trudno było umówić się na wieczór, a telefon często był zajęty, gdy ludzie dzwonili, "
           "żeby zmienić godzinę wizyty.",
           "Dodaliśmy wieczorne godziny we wtorki i czwartki, a rano od 9 do 11 telefony odbierają "
           "teraz dwie dodatkowe osoby."),
    "uk": ("Було важко записатися на вечір, а телефон часто був зайнятий, коли люди дзвонили, щоб "
           "змінити час візиту.",
           "Ми додали вечірні години у вівторок і четвер, а вранці з 9 до 11 на телефоні тепер двоє "
           "людей, щоб ви додзвонилися."),
    "ar": ("كان من الصعب الحصول على موعد في المساء، وكان الهاتف مشغولاً غالباً عندما اتصل الناس "
           "لتغيير موعد زيارتهم.",
           "أضفنا مواعيد مسائية يومي الثلاثاء والخميس، ويرد الآن شخصان إضافيان على الهاتف صباحاً من "
           "التاسعة حتى الحادية عشرة."),
}
LANGS = ["en", "es", "pl", "uk", "ar"]


def continued(key, text):
    """key = text, continued on lines that start with a space (libinih
    reads lines of at most 199 bytes)."""
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len((cur + " " + w).encode()) > 150:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    lines.append(cur)
    return "%s = %s\n" % (key, lines[0]) + "".join("  %s\n" % x for x in lines[1:])


def long_file():
    out = ""
    for svc in ("Counselling", "Family support"):
        out += "[2026-11 %s]\n" % svc
        for code, (said, did) in LONG.items():
            dot = "." + code if code else ""
            for t in (said, did):
                assert len(t) <= 120 and len(t.encode()) <= 300, (code, t)
            out += continued("you_said" + dot, said) + continued("we_did" + dot, did)
    return out


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run_kiosk(tmp, config, script, size=(1280, 800), name="k"):
    """Run the kiosk on script; (exit status, stderr, trace lines)."""
    db_dir = os.path.join(tmp, "db-" + name)
    os.makedirs(db_dir, mode=0o700, exist_ok=True)
    trace = os.path.join(tmp, "trace-" + name)
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy", HEARD_TEST="1")
    p = subprocess.run([K.KIOSK, "--config", config, "--db", os.path.join(db_dir, "heard.db"),
                        "--windowed", "%dx%d" % size, "--trace", trace,
                        "--script", write(os.path.join(tmp, "script-" + name), script)],
                       env=env, capture_output=True, text=True, timeout=120, cwd="/")
    lines = []
    if os.path.exists(trace):
        with open(trace, encoding="utf-8") as f:
            lines = [json.loads(x) for x in f]
    return p.returncode, p.stderr, lines


def config(tmp, name, we_did="wedid.ini", extra=""):
    return write(os.path.join(tmp, name), "[kiosk]\nwe_did = %s\n%s[timeouts]\nwe_did_seconds = %d\n"
                 % (we_did, extra, TURN_S))


def we_did_labels(lines):
    """The line on each Welcome trace line (None where it is not shown)."""
    return [K.label(x, "welcome.we_did") if K.widget(x, "welcome.we_did") else None
            for x in lines if x["screen"] == "welcome"]


def expected(code, said, did):
    s = K.load_lang(code)["ui"]
    return "%s %s" % (K.fmt(s["welcome.you_said"], text=said), K.fmt(s["welcome.we_did"], text=did))


# ---- the checks -------------------------------------------------------------

def check_turns_en(tmp):
    cfg = config(tmp, "a.ini")
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\nidle %d\nquit\n" % (3 * TURN_S * 1000 + 500), name="a")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    got = we_did_labels(lines)
    counselling = expected("en", "Appointments felt rushed.", "First appointments are now one hour.")
    family = expected("en", "The waiting room was too loud.", "The room now has a quiet play corner.")
    # the first render, then one line per turn (3 turns in 24.5 s) and nothing else
    K.must(got == [counselling, family, counselling, family],
           "expected Counselling, Family support, Counselling, Family support; got %r" % got)
    K.must(not any("evening times" in (g or "") for g in got), "an older month's entry shown")


def check_turns_es(tmp):
    cfg = config(tmp, "b.ini")
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\ntap lang.es\nidle %d\nquit\n" % (TURN_S * 1000 + 500),
                               name="b")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    es = [x for x in lines if x["screen"] == "welcome" and x["lang"] == "es"]
    got = we_did_labels(es)
    own = expected("es", "Las citas parecían apresuradas.", "Las primeras citas ahora duran una hora.")
    fallback = expected("en", "The waiting room was too loud.", "The room now has a quiet play corner.")
    K.must(got == [own, fallback], "expected %r then %r; got %r" % (own, fallback, got))


def check_one_entry(tmp):
    cfg = config(tmp, "c.ini", we_did="one.ini", extra="[services]\nservice = Counselling\n")
    write(os.path.join(tmp, "one.ini"), "[2026-11 Counselling]\nwe_did = New chairs.\n")
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\nidle 60000\nquit\n", name="c")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    got = we_did_labels(lines)
    K.must(got == [K.fmt(K.load_lang("en")["ui"]["welcome.we_did"], text="New chairs.")],
           "expected one line, no you_said part; got %r" % got)


def check_speech_waits(tmp):
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    cfg = config(tmp, "d.ini")
    idle = "idle 100\nkey next\nidle 100000\nquit\n"
    rc, err, spoken = run_kiosk(tmp, cfg, idle, name="d1")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    rc, err, quiet = run_kiosk(tmp, cfg, idle.replace("key next\n", "idle 600\n"), name="d2")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    welcome = [x for x in spoken if x["screen"] == "welcome"]
    first = welcome[1]  # after the key: Welcome read aloud
    K.must(first["spoken"] and K.label(first, "welcome.we_did") in first["spoken"],
           "Welcome was read without its line: %r" % first["spoken"])
    turns = welcome[2:]
    K.must(len(turns) >= 2, "no turns while reading aloud (%d lines)" % len(welcome))
    for t in turns:  # each turn says the new entry, alone
        K.must(t["spoken"] == K.label(t, "welcome.we_did"),
               "a turn said %r, not its entry" % t["spoken"])
    n_quiet = len(we_did_labels(quiet)) - 1
    K.must(n_quiet == 100000 // (TURN_S * 1000), "%d turns in silence, expected %d"
           % (n_quiet, 100000 // (TURN_S * 1000)))
    K.must(len(turns) < n_quiet, "as many turns while reading aloud (%d) as in silence (%d): "
           "a turn cut off what was being said" % (len(turns), n_quiet))


def check_config_errors(tmp):
    cases = [
        ("[2026-13 Counselling]\nwe_did = x\n", "", "wedid-e.ini:1: [section]: '2026-13' is not a month"),
        ("[2026-11 Counselling]\nwe_did = x\n[2026-11 Housing]\nwe_did = y\n", "",
         "wedid-e.ini:3: [2026-11 Housing]: 'Housing' is not one of the configured services"),
        ("[2026-11 Counselling]\nwe_did = x\nwe_did.pl = y\n", "languages = en, es\n",
         "wedid-e.ini:3: key 'we_did.pl': 'pl' is not one of the offered languages"),
        ("[2026-11 Counselling]\nwe_did = x\nwe_did = y\n", "", "wedid-e.ini:3: key 'we_did' is given twice"),
    ]
    for text, extra, want in cases:
        write(os.path.join(tmp, "wedid-e.ini"), text)
        cfg = write(os.path.join(tmp, "e.ini"), "[kiosk]\n%swe_did = wedid-e.ini\n" % extra)
        rc, err, _ = run_kiosk(tmp, cfg, "quit\n", name="e")
        K.must(rc == 2, "exit %d, not 2, for %r: %s" % (rc, text, err))
        K.must(os.path.join(tmp, want) in err, "expected %r in %r" % (want, err))
    cfg = write(os.path.join(tmp, "e.ini"), "[kiosk]\nname = x\nwe_did = none.ini\n")
    rc, err, _ = run_kiosk(tmp, cfg, "quit\n", name="e")
    want = "%s:3: key 'we_did': %s: cannot open" % (cfg, os.path.join(tmp, "none.ini"))
    K.must(rc == 2 and want in err, "exit %d; expected %r in %r" % (rc, want, err))
    # relative to the config's folder, whatever the working directory ("/")
    os.makedirs(os.path.join(tmp, "sub"), exist_ok=True)
    write(os.path.join(tmp, "sub", "w.ini"), "[2026-11 Counselling]\nwe_did = Beside the config.\n")
    cfg = write(os.path.join(tmp, "sub", "e.ini"), "[kiosk]\nwe_did = w.ini\n")
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\nquit\n", name="e")
    K.must(rc == 0 and "Beside the config." in (we_did_labels(lines)[0] or ""),
           "exit %d, %r: %s" % (rc, we_did_labels(lines), err))


def check_layout(tmp, size):
    w, h = size
    mm = K.PANEL_MM[size]
    write(os.path.join(tmp, "long.ini"), long_file())
    cfg = config(tmp, "f-%dx%d.ini" % size, we_did="long.ini",
                 extra="[screen]\nwidth_mm = %g\nheight_mm = %g\n" % mm)
    problems = []
    for lang in LANGS:
        pages = "tap welcome.more\n" * 3  # every view (a tap with none is skipped)
        script = ("idle 100\n" + ("tap lang.%s\n" % lang if lang != "en" else "") + pages +
                  "tap access\ntap setting.0.up\ntap access.done\n" + pages + "quit\n")
        rc, err, lines = run_kiosk(tmp, cfg, script, size, name="f-%dx%d-%s" % (w, h, lang))
        if rc != 0:
            problems.append("%s: exit %d: %s" % (lang, rc, err))
            continue
        welcome = [x for x in lines if x["screen"] == "welcome" and x["lang"] == lang]
        for x in welcome:
            problems += ["%s: %s" % (lang, p) for p in K.layout_problems(x, mm)]
        shown = [x for x in welcome if K.widget(x, "welcome.we_did")]
        if not shown:
            problems.append("%s: the line is on no view of Welcome" % lang)
        for x in shown:
            if LONG[lang if lang in LONG else ""][1] not in K.label(x, "welcome.we_did"):
                problems.append("%s: not the entry's own words: %r" % (lang, K.label(x, "welcome.we_did")))
    K.must(not problems, "; ".join(problems[:6]) + (" (and %d more)" % (len(problems) - 6)
                                                     if len(problems) > 6 else ""))


def welcome_views(lines, lang="en"):
    """Welcome's trace lines in lang, one per view shown (in order)."""
    return [x for x in lines if x["screen"] == "welcome" and x["lang"] == lang]


def check_small_screen(tmp):
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    more = K.load_lang("en")["ui"]["welcome.more_we_did"]
    # 800x480 at the standard size: the line with the promise, one press on
    mm = K.PANEL_MM[(800, 480)]
    cfg = config(tmp, "g.ini", extra="[screen]\nwidth_mm = %g\nheight_mm = %g\n" % mm)
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\ntap welcome.more\nquit\n", (800, 480), name="g1")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    views = welcome_views(lines)
    K.must(len(views) >= 2, "%d Welcome lines" % len(views))
    first, second = views[0], views[1]
    K.must(not K.widget(first, "welcome.we_did"), "the line fits on the first view: not a small screen")
    K.must(K.label(first, "welcome.more") == K.fmt(more, page="1", pages="2"),
           "the first view's page control: %r" % K.label(first, "welcome.more"))
    K.must(K.widget(second, "welcome.we_did") and K.widget(second, "welcome.promise"),
           "the second view lacks the promise or the line")
    for x in views:
        K.must(not K.layout_problems(x, mm), "%r" % K.layout_problems(x, mm)[:3])
    # 720x1280 at text size 2: a third view; the controls before it say so
    # (on the first view too: a client there learns there is something to see)
    mm = K.PANEL_MM[(720, 1280)]
    cfg = config(tmp, "g2.ini", extra="[screen]\nwidth_mm = %g\nheight_mm = %g\n" % mm)
    script = "idle 100\ntap access\ntap setting.0.up\ntap access.done\n" + "tap welcome.more\n" * 2 + "quit\n"
    rc, err, lines = run_kiosk(tmp, cfg, script, (720, 1280), name="g2")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    views = welcome_views(lines)[-3:]
    labels = [K.label(x, "welcome.more") for x in views]
    K.must(labels[0] == K.fmt(more, page="1", pages="3") and labels[1] == K.fmt(more, page="2", pages="3")
           and K.widget(views[2], "welcome.we_did"),
           "three views expected, the first's and second's controls naming the line: %r" % labels)
    # reading aloud (a key on Welcome) on the first view: the line is said
    cfg = config(tmp, "g3.ini", extra="[screen]\nwidth_mm = %g\nheight_mm = %g\n" % K.PANEL_MM[(800, 480)])
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\nkey next\nidle 500\nquit\n", (800, 480), name="g3")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    said = [x for x in welcome_views(lines) if x.get("spoken")]
    K.must(said and not K.widget(said[0], "welcome.we_did"), "not read aloud on the first view")
    line = expected("en", "Appointments felt rushed.", "First appointments are now one hour.")
    K.must(line in said[0]["spoken"], "the line is not said: %r" % said[0]["spoken"])


def voice_parts(line):
    """[(language code, text)] of a trace line's spoken parts, by voice."""
    raw, marks = line["spoken"].encode(), (line.get("voices") or "").split()
    at = [(m.split(":")[0], int(m.split(":")[1])) for m in marks]
    return [(code, raw[o:(at[k + 1][1] if k + 1 < len(at) else len(raw))].decode().strip())
            for k, (code, o) in enumerate(at)]


def check_fallback_ar(tmp):
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    cfg = config(tmp, "h.ini")
    rc, err, lines = run_kiosk(tmp, cfg, "idle 100\nkey next\ntap lang.ar\nidle 200\nquit\n", name="h")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    en = [x for x in welcome_views(lines) if K.widget(x, "welcome.we_did")]
    K.must(en and "dir" not in K.widget(en[0], "welcome.we_did"), "an English line on English Welcome "
           "has a direction of its own")
    ar = [x for x in welcome_views(lines, "ar") if x.get("spoken")]
    K.must(ar, "Arabic Welcome not read aloud")
    line = K.label(ar[0], "welcome.we_did")
    K.must(line == expected("en", "Appointments felt rushed.", "First appointments are now one hour."),
           "not the English fallback: %r" % line)
    K.must(K.widget(ar[0], "welcome.we_did").get("dir") == "ltr", "the English line is drawn right to left")
    parts = voice_parts(ar[0])
    K.must(("en", line) in parts, "the English line is not read in the English voice: %r" % parts)
    K.must(parts[0][0] == "ar" and parts[-1][0] == "ar" and len(parts) == 3,
           "the rest of Welcome not in the Arabic voice: %r" % parts)


def check_scan_quiet(tmp):
    write(os.path.join(tmp, "wedid.ini"), WEDID)
    cfg = config(tmp, "i.ini")
    # reading aloud on (setting.2), then one switch (setting.5: keys, two switches, one switch)
    script = ("idle 100\ntap access\ntap setting.2\ntap setting.5\ntap setting.5\ntap access.done\n"
              "idle 40000\nquit\n")
    rc, err, lines = run_kiosk(tmp, cfg, script, name="i")
    K.must(rc == 0, "exit %d: %s" % (rc, err))
    after = [x for x in lines if x["screen"] == "access"][-1]
    views = welcome_views(lines[lines.index(after) + 1:])
    K.must(views and views[0]["spoken"] and K.label(views[0], "welcome.we_did") in views[0]["spoken"],
           "Welcome not read with its line")
    shown = [K.label(x, "welcome.we_did") for x in views]
    turns = sum(1 for a, b in zip(shown, shown[1:]) if a != b)
    K.must(turns >= 3, "%d turns on screen in 40 s while scanning" % turns)
    told = K.load_lang("en")["ui"]["welcome.you_said"].split("{")[0]
    said = [x["spoken"] for x in views[1:] if x["spoken"] and told in x["spoken"]]
    K.must(not said, "a turn was said while scanning: %r" % said[:2])
    steps = [x for x in views[1:] if x["spoken"]]
    K.must(len(steps) >= 5, "%d scanning steps said" % len(steps))
    for x in steps:
        foc = [w["label"] for w in x["widgets"] if w["state"] == "focused"]
        K.must(foc and x["spoken"].startswith(foc[0]), "a step said %r, focus on %r" % (x["spoken"], foc))


def main(argv):
    flt = argv[1] if len(argv) > 1 else ""
    checks = [("a-turns-en", check_turns_en), ("b-turns-es", check_turns_es),
              ("c-one-entry", check_one_entry), ("d-speech-waits", check_speech_waits),
              ("e-config-errors", check_config_errors), ("g-small-screen", check_small_screen),
              ("h-fallback-ar", check_fallback_ar), ("i-scan-quiet", check_scan_quiet)]
    checks += [("f-layout-%dx%d" % s, lambda tmp, s=s: check_layout(tmp, s)) for s in K.PANEL_MM]
    passed = failed = 0
    for name, fn in checks:
        if flt not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="heard-wedid-") as tmp:
            os.chmod(tmp, 0o700)
            try:
                fn(tmp)
                print("PASS %s" % name)
                passed += 1
            except (K.Fail, AssertionError, subprocess.TimeoutExpired) as e:
                print("FAIL %s: %s" % (name, e))
                failed += 1
    print("WEDID: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
