#!/bin/sh
# The kiosk's sandbox, quickly, without cage or root: the kiosk in test
# mode (SDL's offscreen video, --script) tries, once started, to reach a
# TCP and a UDP listener on 127.0.0.1 (and ::1, and a netlink socket),
# which the seccomp filter must refuse on any kernel (Landlock's TCP rules
# too from ABI 4), while a Unix socket still works; and to truncate and
# rename a file outside its data folder that Unix permissions let anyone
# change (Landlock must refuse: truncating from ABI 3, Linux 6.2), and one
# inside it (allowed).  tests/e2e/deploy.sh checks the same as an
# unprivileged user under cage.
. "$(dirname "$0")/lib.sh"
K=${BUILD:-build}/heard-kiosk

# A TCP and a UDP listener on one port: it notes anything that reaches it.
listen

mkdir -m 700 "$T/data"
mkdir -m 777 "$T/outside" # no sticky bit: anyone may rename in it
printf 'keep me\n' >"$T/outside/file" && chmod 666 "$T/outside/file"
printf 'mine\n' >"$T/data/inside" && chmod 600 "$T/data/inside"
cat >"$T/script" <<EOF
probe-net $port
probe-file $T/outside/file
probe-file $T/data/inside
quit
EOF
HEARD_TEST=1 SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy \
	"$K" --windowed 320x240 --db "$T/data/heard.db" --script "$T/script" >"$T/out" 2>"$T/err"
rc=$?
sleep 0.3 # anything sent has reached the listener
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null
[ "$rc" -eq 0 ] && ok kiosk-ran || bad kiosk-ran "exit $rc: $(tail -3 "$T/err")"

said sandbox-no-tcp "$T/err" "probe net tcp: refused (Permission denied)"
said sandbox-no-udp "$T/err" "probe net udp: refused (Permission denied)"
said sandbox-no-ipv6 "$T/err" "probe net ipv6: refused (Permission denied)"
said sandbox-no-netlink "$T/err" "probe net netlink: refused (Permission denied)"
said sandbox-unix-socket "$T/err" "probe net unix: allowed"
[ -s "$T/reached" ] && bad sandbox-nothing-reached-listener "$(cat "$T/reached")" || ok sandbox-nothing-reached-listener

# truncating is refused from Landlock ABI 3 (Linux 6.2), renaming from
# ABI 1 (5.13); an older kernel must say so at start-up
if grep -q "cannot stop the kiosk truncating\|this kernel has no Landlock" "$T/err"; then
	ok "sandbox-truncate-outside-warned (this kernel: $(uname -r))"
else
	said sandbox-no-truncate-outside "$T/err" "probe truncate $T/outside/file: refused (Permission denied)"
	[ "$(cat "$T/outside/file")" = "keep me" ] && ok sandbox-outside-file-kept ||
		bad sandbox-outside-file-kept "now: '$(cat "$T/outside/file" 2>&1)'"
fi
if grep -q "this kernel has no Landlock" "$T/err"; then
	ok "sandbox-rename-outside-warned (this kernel: $(uname -r))"
else
	said sandbox-no-rename-outside "$T/err" "probe rename $T/outside/file: refused (Permission denied)"
	[ -e "$T/outside/file" ] && [ ! -e "$T/outside/file-renamed" ] && ok sandbox-outside-file-in-place ||
		bad sandbox-outside-file-in-place "$(ls "$T/outside")"
fi
said sandbox-truncate-inside "$T/err" "probe truncate $T/data/inside: allowed"
said sandbox-rename-inside "$T/err" "probe rename $T/data/inside: allowed"
[ -f "$T/data/inside-renamed" ] && [ ! -s "$T/data/inside-renamed" ] && ok sandbox-inside-file-changed ||
	bad sandbox-inside-file-changed "$(ls -l "$T/data")"
finish SANDBOX
