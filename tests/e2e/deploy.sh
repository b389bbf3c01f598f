#!/bin/sh
# Deployment as README "Set up a kiosk" describes it: make install and
# uninstall, tools/deploy/install.sh into a staging root, then the
# installed kiosk under cage (headless wlroots) as an unprivileged user,
# its Welcome screen taken off the compositor's output with grim, and
# what its sandbox lets it read and write.  Needs root (to add the test
# user); cage and grim come from tools/install-deps.
. "$(dirname "$0")/lib.sh"
SAN=$([ "${BUILD:-build}" = build/asan ] && echo 1 || echo 0)
user=heard-test
chmod 755 "$T" # the kiosk's user must reach its files under here

# 1. make install / uninstall, with PREFIX and DESTDIR.
make -s install SANITIZE="$SAN" PREFIX=/usr DESTDIR="$T/stage" >"$T/make.log" 2>&1 || bad make-install "$(tail -3 "$T/make.log")"
missing=""
for f in bin/heard-kiosk bin/heard-report bin/heard-simulate share/man/man1/heard-kiosk.1 \
	share/man/man1/heard-report.1 share/man/man1/heard-simulate.1 share/heard/strings/questions.ini \
	share/heard/strings/ar.ini share/heard/fonts/NotoSans-Regular.ttf share/heard/fonts/NotoSans-LICENSE.txt \
	share/doc/heard/heard.ini.example share/doc/heard/heard-kiosk.service; do
	[ -s "$T/stage/usr/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok installed-files || bad installed-files "missing:$missing"
for p in heard-kiosk heard-report heard-simulate; do
	"$T/stage/usr/bin/$p" --help >/dev/null 2>&1 && "$T/stage/usr/bin/$p" --version | grep -q "^$p " &&
		ok "$p-help-version" || bad "$p-help-version" "--help or --version failed"
	man -l "$T/stage/usr/share/man/man1/$p.1" 2>/dev/null | grep -q "^NAME" && ok "$p-man-page" || bad "$p-man-page" "does not render"
done
# the installed programs read the installed assets, not the source tree's
cp -r "$T/stage" "$T/stage2" && rm "$T/stage2/usr/share/heard/strings/uk.ini"
HEARD_ASSETS= SDL_VIDEODRIVER=dummy "$T/stage2/usr/bin/heard-kiosk" --db "$T/x/h.db" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "share/heard/strings/uk.ini" "$T/err" && ok installed-assets-used ||
	bad installed-assets-used "$(cat "$T/err")"
# the example configuration shows every key the kiosk knows, and is valid
keys=$(sed -n 's/^;* *\([a-z_]*\) *=.*/\1/p' "$T/stage/usr/share/doc/heard/heard.ini.example" | sort -u | tr '\n' ' ')
want="ask database default_language enabled height_mm help_line inactivity_seconds languages more_time_seconds name period redact repeat_press_ms service staff_pin test_mode thanks_seconds threshold width_mm "
[ "$keys" = "$want" ] && ok example-config-every-key || bad example-config-every-key "has: $keys"
for k in $want; do
	grep -q "^\\.B $k\$\|^\\.BR* $k\b\|$k" "$T/stage/usr/share/man/man1/heard-kiosk.1" || bad "man-documents-$k" "not in heard-kiosk(1)"
done
make -s uninstall PREFIX=/usr DESTDIR="$T/stage" >/dev/null 2>&1
left=$(find "$T/stage" -type f | sed "s#$T/stage##")
[ -z "$left" ] && ok make-uninstall || bad make-uninstall "left behind: $left"

# 2. tools/deploy/install.sh into a staging root, as a test user.
DESTDIR="$T/root" PREFIX=/usr HEARD_USER=$user sh tools/deploy/install.sh >"$T/install.log" 2>&1 ||
	bad install-sh "$(tail -5 "$T/install.log")"
R=$T/root
unit=$R/etc/systemd/system/heard-kiosk.service
[ "$(stat -c '%a %U' "$R/var/lib/heard" 2>/dev/null)" = "700 $user" ] && ok data-folder-0700 ||
	bad data-folder-0700 "$(stat -c '%a %U' "$R/var/lib/heard" 2>&1)"
grep -q "^ExecStart=/usr/bin/cage -d -- /usr/bin/heard-kiosk --config /etc/heard/heard.ini\$" "$unit" &&
	grep -q "^User=$user\$" "$unit" && grep -q "^Restart=always" "$unit" &&
	grep -q "^StateDirectoryMode=0700" "$unit" && ok systemd-unit || bad systemd-unit "$(grep -E '^(ExecStart|User|Restart)' "$unit")"
# systemd's own check of the unit, with the binary where this test put it
sed "s#-- /usr/bin/heard-kiosk#-- $R/usr/bin/heard-kiosk#" "$unit" >"$T/heard-kiosk.service"
if systemd-analyze verify --man=no "$T/heard-kiosk.service" >"$T/verify.log" 2>&1; then ok systemd-analyze-verify
else bad systemd-analyze-verify "$(head -3 "$T/verify.log")"; fi
[ "$(stat -c '%a %G' "$R/etc/heard/heard.ini")" = "640 $user" ] && ok config-installed ||
	bad config-installed "$(stat -c '%a %G' "$R/etc/heard/heard.ini" 2>&1)"

# 3. The installed kiosk under cage, headless, as the unprivileged user.
# cage scans a full-screen client's buffer straight out when it can, and
# wlroots 0.15's headless output then gives grim a black frame; turning
# the output 180 degrees (-r -r) makes cage composite, so grim sees what
# the kiosk drew (upright: grim undoes the turn).
mkdir -p "$T/xdg" && chown "$user" "$T/xdg" && chmod 700 "$T/xdg"
cat >"$T/cage.sh" <<EOF
#!/bin/sh
# run by the test as $user: the kiosk as the unit starts it (its files
# under the staging root), the compositor's socket in $T/xdg
export XDG_RUNTIME_DIR=$T/xdg WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman
exec cage -d -r -r -- $R/usr/bin/heard-kiosk --config $R/etc/heard/heard.ini --db $R/var/lib/heard/heard.db "\$@"
EOF
chmod 755 "$T/cage.sh"
grim_shot() { # PNG: grim as the kiosk's user, once the compositor is up
	for _ in $(seq 1 50); do [ -S "$T/xdg/wayland-0" ] && break; sleep 0.2; done
	sleep 3 # the kiosk's first frame
	su -s /bin/sh "$user" -c "XDG_RUNTIME_DIR=$T/xdg WAYLAND_DISPLAY=wayland-0 grim $T/xdg/shot.png" 2>>"$T/grim.log"
	cp "$T/xdg/shot.png" "$1" 2>>"$T/grim.log"
}
su -s /bin/sh "$user" -c "HEARD_TEST=1 $T/cage.sh --trace $R/var/lib/heard/trace.jsonl" >"$T/cage.log" 2>&1 &
cpid=$!
grim_shot "$T/welcome.png"
kill $cpid 2>/dev/null
pkill -u "$user" cage 2>/dev/null
wait $cpid 2>/dev/null
if [ -s "$T/welcome.png" ] && /usr/bin/convert "$T/welcome.png" "$T/welcome.ppm" &&
	/usr/bin/python3 - "$T/welcome.ppm" "$R/var/lib/heard/trace.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()      # binary PPM (P6) from imagemagick
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
pos += 1
W, H = int(fields[1]), int(fields[2])
def px(x, y):
    i = pos + 3 * (y * W + x)
    return tuple(data[i:i + 3])
first = json.loads(open(sys.argv[2]).readline())
assert first["screen"] == "welcome", first["screen"]
w = {x["id"]: x for x in first["widgets"]}
lum = lambda p: (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / 255
assert (W, H) == (first["width"], first["height"]), ((W, H), first["width"], first["height"])
bg = px(3, 3)
s = w["start"]
btn = px(s["x"] + s["w"] // 2, s["y"] + 6)
assert lum(bg) > 0.85, ("background", bg)
assert lum(btn) < 0.35 and btn[2] > btn[0], ("Start button", btn)
# the title's ink: dark pixels inside its rectangle
t = w["welcome.title"]
dark = sum(1 for x in range(t["x"], t["x"] + t["w"], 3) for y in range(t["y"], t["y"] + t["h"], 3)
           if lum(px(x, y)) < 0.3)
assert dark > 50, ("title ink", dark)
print("welcome on cage's output (%dx%d): background %s, Start %s, %d dark title samples" % (W, H, bg, btn, dark))
PY
then ok welcome-on-cage-output; else bad welcome-on-cage-output "see above; grim: $(cat "$T/grim.log"); cage: $(grep -v 'Basic output' "$T/cage.log" | tail -3)"; fi
cp "$T/welcome.png" "${BUILD:-build}/deploy-welcome.png" 2>/dev/null

# 4. Its sandbox: it reads its assets and config, writes its data folder,
# and nothing else, though Unix permissions would let it; it opens no
# network socket.
mkdir -p "$T/other" && echo secret >"$T/other/file" && chmod 755 "$T/other" && chmod 644 "$T/other/file"
mkdir -p "$T/open" && chmod 1777 "$T/open"
# the user's own folder elsewhere: only the sandbox keeps the kiosk out
mkdir -p "$T/owned" && echo mine >"$T/owned/file" && chown -R "$user" "$T/owned" && chmod 700 "$T/owned"
# files it could truncate and rename by Unix permissions: its own, outside
# its data folder and inside it
echo mine >"$T/owned/victim" && chown "$user" "$T/owned/victim"
echo mine >"$R/var/lib/heard/inside" && chown "$user" "$R/var/lib/heard/inside" && chmod 600 "$R/var/lib/heard/inside"
# a TCP and a UDP listener on one port of 127.0.0.1 that notes what reaches it
listen
cat >"$T/probe.txt" <<EOF
probe-net $port
probe-file $T/owned/victim
probe-file $R/var/lib/heard/inside
probe $R/var/lib/heard
probe $R/etc/heard/heard.ini
probe $R/usr/share/heard/strings
probe /etc/passwd
probe $T/other/file
probe $T/open
probe $T/owned
probe $T/owned/file
quit
EOF
chmod 644 "$T/probe.txt"
su -s /bin/sh "$user" -c "HEARD_TEST=1 $T/cage.sh --script $T/probe.txt" >"$T/probe.log" 2>&1
probe() { # NAME PATH EXPECTED-READ EXPECTED-WRITE
	line=$(grep -a "probe $2:" "$T/probe.log")
	case "$line" in
	*"read $3, write $4"*) ok "$1" ;;
	*) bad "$1" "want read $3, write $4: ${line:-no probe line: $(tail -3 "$T/probe.log")}" ;;
	esac
}
probe sandbox-data-read-write "$R/var/lib/heard" allowed allowed
probe sandbox-config-read-only "$R/etc/heard/heard.ini" allowed "Permission denied"
probe sandbox-assets-read-only "$R/usr/share/heard/strings" allowed "Permission denied"
probe sandbox-no-system-files /etc/passwd "Permission denied" "Permission denied"
probe sandbox-no-other-data "$T/other/file" "Permission denied" "Permission denied"
probe sandbox-no-shared-folder "$T/open" "Permission denied" "Permission denied"
probe sandbox-no-own-folder-elsewhere "$T/owned" "Permission denied" "Permission denied"
probe sandbox-no-own-file-elsewhere "$T/owned/file" "Permission denied" "Permission denied"
ls "$T/open" | grep -q . && bad sandbox-wrote-outside "$(ls "$T/open")"
# no network but Unix sockets (seccomp, and Landlock's TCP rules from ABI
# 4); no truncating (Landlock ABI 3) or renaming outside the data folder
said sandbox-no-tcp "$T/probe.log" "probe net tcp: refused (Permission denied)"
said sandbox-no-udp "$T/probe.log" "probe net udp: refused (Permission denied)"
said sandbox-no-ipv6 "$T/probe.log" "probe net ipv6: refused (Permission denied)"
said sandbox-no-netlink "$T/probe.log" "probe net netlink: refused (Permission denied)"
said sandbox-unix-socket "$T/probe.log" "probe net unix: allowed"
sleep 0.3
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null
[ -s "$T/reached" ] && bad sandbox-nothing-reached-listener "$(cat "$T/reached")" || ok sandbox-nothing-reached-listener
if grep -q "cannot stop the kiosk truncating" "$T/probe.log"; then
	ok "sandbox-truncate-outside-warned (Landlock before ABI 3 on $(uname -r))"
else
	said sandbox-no-truncate-outside "$T/probe.log" "probe truncate $T/owned/victim: refused (Permission denied)"
	[ "$(cat "$T/owned/victim")" = mine ] && ok sandbox-outside-file-kept ||
		bad sandbox-outside-file-kept "now: '$(cat "$T/owned/victim" 2>&1)'"
fi
said sandbox-no-rename-outside "$T/probe.log" "probe rename $T/owned/victim: refused (Permission denied)"
[ -e "$T/owned/victim" ] && [ ! -e "$T/owned/victim-renamed" ] && ok sandbox-outside-file-in-place ||
	bad sandbox-outside-file-in-place "$(ls "$T/owned")"
said sandbox-truncate-inside "$T/probe.log" "probe truncate $R/var/lib/heard/inside: allowed"
said sandbox-rename-inside "$T/probe.log" "probe rename $R/var/lib/heard/inside: allowed"
[ -f "$R/var/lib/heard/inside-renamed" ] && [ ! -s "$R/var/lib/heard/inside-renamed" ] &&
	ok sandbox-inside-file-changed || bad sandbox-inside-file-changed "$(ls -l "$R/var/lib/heard")"
userdel "$user" 2>/dev/null
finish DEPLOY
