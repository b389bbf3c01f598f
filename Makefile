# heard - anonymous client-feedback kiosk.  `make run`, `make test`.
VERSION = 0.1
CC      ?= cc
PKGS     = sdl2 SDL2_ttf sqlite3 inih espeak-ng libsodium libseccomp
BUILD    = $(if $(filter 1,$(SANITIZE)),build/asan,build)
PREFIX  ?= /usr/local

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -pedantic -D_GNU_SOURCE -MMD -MP \
           -DHEARD_VERSION='"$(VERSION)"' -DHEARD_ASSET_DIR='"$(CURDIR)/assets"'
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
# core/ is shared by all three programs and knows nothing of the screen:
# it is compiled without SDL's include paths, so an SDL include there fails.
CORE_PKGS   = sqlite3 inih libsodium
CORE_CFLAGS = $(shell pkg-config --cflags $(CORE_PKGS) 2>/dev/null)

# core/: the data contract, config, strings, store, tally.  kiosk/: the
# touchscreen program.  tools/: heard-report and heard-simulate.
CORE  = inifile strtab config store tally util wedid redact
KIOSK = $(CORE) survey settings text faces draw ui input screens keyboard staff pending trace speech \
        sandbox saver access app testmode platform main
CORE_OBJ  = $(CORE:%=$(BUILD)/obj/%.o)
KIOSK_OBJ = $(KIOSK:%=$(BUILD)/obj/%.o)
UNIT  = test_survey test_config test_store test_ui test_tally test_glyphs test_speech test_settings test_staff test_pending \
        test_app test_stats test_wedid test_report_fft test_redact
UNIT_BIN = $(UNIT:%=$(BUILD)/%)

all: $(BUILD)/heard-kiosk $(BUILD)/heard-simulate

all: $(BUILD)/heard-report

deps:
	@./tools/install-deps

$(BUILD)/obj/%.o: core/%.c | $(BUILD)/obj
	$(CC) $(CFLAGS) $(CORE_CFLAGS) -Icore -c $< -o $@

# The kiosk's logic (the survey, the press rules, screens, the app, the
# saver, access, staff, test mode) builds without SDL's flags as well; only
# the renderer, text, faces, input, speech and platform see SDL.
KIOSK_NOSDL = survey settings ui screens staff pending trace sandbox saver access app testmode main
KIOSK_CFLAGS = $(PKG_CFLAGS)
$(KIOSK_NOSDL:%=$(BUILD)/obj/%.o): KIOSK_CFLAGS = $(CORE_CFLAGS)

$(BUILD)/obj/%.o: kiosk/%.c | $(BUILD)/obj
	$(CC) $(CFLAGS) $(KIOSK_CFLAGS) -Icore -c $< -o $@

$(BUILD)/obj/%.o: tests/unit/%.c | $(BUILD)/obj
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Icore -Ikiosk -Itools -c $< -o $@

$(BUILD)/obj/%.o: tools/%.c | $(BUILD)/obj
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Icore -Ikiosk -Itools -c $< -o $@

$(BUILD)/obj:
	mkdir -p $@

$(BUILD)/heard-kiosk: $(KIOSK_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# heard-report: report.c (the command) and its parts, which the fuzz target
# fuzz_report_db links too.
REPORT_PARTS = report_data report_text report_html report_stats report_fft
$(BUILD)/heard-report: $(BUILD)/obj/report.o $(REPORT_PARTS:%=$(BUILD)/obj/%.o) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/heard-simulate: $(BUILD)/obj/simulate.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/test_survey: $(BUILD)/obj/test_survey.o $(BUILD)/obj/survey.o $(BUILD)/obj/keyboard.o $(BUILD)/obj/util.o
	$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
$(BUILD)/test_config: $(BUILD)/obj/test_config.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_wedid: $(BUILD)/obj/test_wedid.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_redact: $(BUILD)/obj/test_redact.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_store: $(BUILD)/obj/test_store.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_report_fft: $(BUILD)/obj/test_report_fft.o $(REPORT_PARTS:%=$(BUILD)/obj/%.o) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_tally: $(BUILD)/obj/test_tally.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_glyphs: $(BUILD)/obj/test_glyphs.o $(BUILD)/obj/draw.o $(BUILD)/obj/text.o $(BUILD)/obj/faces.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_speech: $(BUILD)/obj/test_speech.o $(BUILD)/obj/speech.o
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_settings: $(BUILD)/obj/test_settings.o $(BUILD)/obj/settings.o $(BUILD)/obj/speech.o
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_pending: $(BUILD)/obj/test_pending.o $(BUILD)/obj/pending.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_ui: $(BUILD)/obj/test_ui.o $(BUILD)/obj/ui.o $(BUILD)/obj/fake_draw.o
	$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
$(BUILD)/test_staff: $(BUILD)/obj/test_staff.o $(BUILD)/obj/staff.o $(BUILD)/obj/ui.o $(BUILD)/obj/fake_draw.o $(BUILD)/obj/util.o
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/test_stats: $(BUILD)/obj/test_stats.o $(REPORT_PARTS:%=$(BUILD)/obj/%.o) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka
$(BUILD)/stats_runs: $(BUILD)/obj/stats_runs.o $(REPORT_PARTS:%=$(BUILD)/obj/%.o) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
# the app over everything but the window: the real survey, screens, saver
# and access on the fake drawing layer, with a fake clock
APP_OBJ = app access saver survey settings screens keyboard ui staff pending speech testmode trace sandbox
$(BUILD)/test_app: $(BUILD)/obj/test_app.o $(APP_OBJ:%=$(BUILD)/obj/%.o) $(BUILD)/obj/fake_draw.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

run: deps
	$(MAKE) all
	install -d -m 700 $(BUILD)/data # the answers' folder: the kiosk user's alone
	./$(BUILD)/heard-kiosk --db $(BUILD)/data/heard.db $(RUN_ARGS)

# The README's promises on a fresh Debian 12 root (needs root; tools/test-fresh)
test-fresh:
	tools/test-fresh

test: deps
	$(MAKE) all $(BUILD)/heard-simulate $(UNIT_BIN) $(BUILD)/stats_runs
	BUILD=$(BUILD) $(if $(filter 1,$(SANITIZE)),tests/sanitize/run.sh) ./tests/run-all.sh

screenshots: deps
	$(MAKE) all
	/usr/bin/python3 tests/e2e/kiosk.py screenshots

# A simulated year of answers and the HTML report a newcomer can open.
demo-report: deps
	$(MAKE) all $(BUILD)/heard-simulate
	rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	./$(BUILD)/heard-simulate --db $(BUILD)/demo.db --responses 20000 --services 5 --months 12 --seed 1 --comments 5
	./$(BUILD)/heard-report --format html -o $(BUILD)/demo-report.html $(BUILD)/demo.db
	./$(BUILD)/heard-report --format poster -o $(BUILD)/demo-poster.html $(BUILD)/demo.db
	@echo "Open $(CURDIR)/$(BUILD)/demo-report.html in a web browser (poster: demo-poster.html)."

clean:
	rm -rf $(BUILD)

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the programs, their assets
# (found by the programs in ../share/heard beside their bin folder), man
# pages and the example configuration; `make uninstall` removes them.
BINDIR  = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/heard
MANDIR  = $(PREFIX)/share/man/man1
DOCDIR  = $(PREFIX)/share/doc/heard
PROGS   = heard-kiosk heard-report heard-simulate
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/strings \
	           $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(PROGS:%=$(BUILD)/%) $(DESTDIR)$(BINDIR)/
	install -m 644 assets/fonts/* $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 assets/strings/* $(DESTDIR)$(DATADIR)/strings/
	install -m 644 $(PROGS:%=man/%.1) $(DESTDIR)$(MANDIR)/
	install -m 644 tools/deploy/heard.ini $(DESTDIR)$(DOCDIR)/heard.ini.example
	sed 's#@BINDIR@#$(BINDIR)#' tools/deploy/heard-kiosk.service >$(DESTDIR)$(DOCDIR)/heard-kiosk.service

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) $(PROGS:%=$(DESTDIR)$(MANDIR)/%.1)
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# `make bench [BENCH=--quick]`: the kiosk and the report against their floor
# and their peers, one table, also in build/bench.txt (tests/bench/).
bench: deps
	./tools/install-deps python3-pandas time
	$(MAKE) all  # -O2 (CFLAGS ?= -O2 -g)
	@mkdir -p $(BUILD)/bench
	$(CC) -O2 -o $(BUILD)/bench/bare tests/bench/bare.c $(shell pkg-config --cflags --libs sdl2 SDL2_ttf)
	/usr/bin/python3 tests/bench/bench.py $(BENCH)

# `make memcheck`: 200 varied scripted sessions under valgrind's memcheck
# (tests/valgrind.sh): no error, nothing definitely lost.
memcheck: deps
	@[ "$(SANITIZE)" != 1 ] || { echo "make memcheck: a normal build, not SANITIZE=1" >&2; exit 2; }
	./tools/install-deps valgrind
	$(MAKE) all
	BUILD=$(BUILD) sh tests/valgrind.sh

# `make soak [SOAK_SESSIONS=100000]`: whole sessions through the real kiosk
# (offscreen, --script), its resident memory at the start and the end.
SOAK_SESSIONS ?= 100000
soak: deps
	$(MAKE) all
	/usr/bin/python3 tests/soak.py --sessions $(SOAK_SESSIONS)

.PHONY: all deps run test test-fresh screenshots demo-report clean soak bench memcheck install uninstall
-include $(wildcard $(BUILD)/obj/*.d)

# ---- fuzzing -------------------------------------------------------------
# `make fuzz [FUZZ_SECONDS=60]`: libFuzzer targets in tests/fuzz/ (config
# file, string tables, a database read by heard-report), built with clang
# and run one after another from tests/fuzz/corpus/<target>/; new inputs,
# logs and any crash go to build/fuzz/.  tests/fuzz/replay.sh replays the
# seeds and saved crashes (tests/fuzz/regress/) without libFuzzer, using
# the build/fuzz-replay/ programs below.
FUZZ_SECONDS ?= 60
FUZZ_RUNS  = fuzz_config:4096 fuzz_strings:12288 fuzz_report_db:32768 # target:max_len
FUZZ       = $(foreach r,$(FUZZ_RUNS),$(firstword $(subst :, ,$(r))))
FUZZ_SRC   = $(CORE:%=core/%.c)
FUZZ_DEPS  = tests/fuzz/fuzz.h $(FUZZ_SRC) $(wildcard core/*.h kiosk/*.h tools/*.h tools/report*.c)
FUZZ_FLAGS = -std=c11 -Wall -Wextra -Werror -pedantic -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
             -fno-sanitize-recover=all -Icore -Ikiosk -Itools -DHEARD_ASSET_DIR='"$(CURDIR)/assets"' $(PKG_CFLAGS)
$(BUILD)/fuzz/fuzz_report_db $(BUILD)/fuzz-replay/fuzz_report_db: FUZZ_SRC += $(REPORT_PARTS:%=tools/%.c) # not report.c

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_SRC) $(PKG_LIBS)

$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_FLAGS) -fsanitize=address,undefined -o $@ $< tests/fuzz/replay_main.c $(FUZZ_SRC) $(PKG_LIBS)

fuzz-deps:
	@./tools/install-deps clang

fuzz: fuzz-deps
	$(MAKE) $(FUZZ:%=$(BUILD)/fuzz/%)
	@failed=0; for r in $(FUZZ_RUNS); do t=$${r%%:*}; \
		echo "== $$t: $(FUZZ_SECONDS) s, log in $(BUILD)/fuzz/$$t.log"; \
		mkdir -p $(BUILD)/fuzz/corpus/$$t; \
		$(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$${r#*:} -timeout=10 \
			-close_fd_mask=3 -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/$$t- \
			$(BUILD)/fuzz/corpus/$$t tests/fuzz/corpus/$$t >$(BUILD)/fuzz/$$t.log 2>&1 || failed=1; \
		grep -E '^#[0-9]+[[:space:]]+DONE|^Done |^stat::number_of_executed_units|^==[0-9]+==ERROR|^SUMMARY|Test unit written' \
			$(BUILD)/fuzz/$$t.log; \
	done; [ $$failed -eq 0 ] || { echo "fuzz: a target crashed; keep its input in tests/fuzz/regress/<target>/"; exit 1; }

.PHONY: fuzz fuzz-deps
