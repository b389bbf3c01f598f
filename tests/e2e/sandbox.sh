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
/usr/bin/python3 - "$T/port" "$T/reached" <<'PY' &
import select, socket, sys
tcp = socket.socket()
tcp.bind(("127.0.0.1", 0))
tcp.listen()
port = tcp.getsockname()[1]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", port))
open(sys.argv[1] + ".tmp", "w").write("%d\n" % port)
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    for s in select.select([tcp, udp], [], [], 60)[0]:
        what = "tcp connection" if s is tcp else "udp datagram"
        s.accept()[0].close() if s is tcp else s.recv(100)
        with open(sys.argv[2], "a") as f:
            f.write(what + "\n")
PY
lpid=$!
for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")

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

said() { # NAME LINE: the kiosk said LINE (after "heard-kiosk: ")
	if grep -qxF "heard-kiosk: $2" "$T/err"; then ok "$1"
	else
		got=$(grep -aF "heard-kiosk: ${2%%: *}:" "$T/err")
		bad "$1" "want '$2', got: ${got:-no such line; $(tail -2 "$T/err")}"
	fi
}
said sandbox-no-tcp "probe net tcp: refused (Permission denied)"
said sandbox-no-udp "probe net udp: refused (Permission denied)"
said sandbox-no-ipv6 "probe net ipv6: refused (Permission denied)"
said sandbox-no-netlink "probe net netlink: refused (Permission denied)"
said sandbox-unix-socket "probe net unix: allowed"
[ -s "$T/reached" ] && bad sandbox-nothing-reached-listener "$(cat "$T/reached")" || ok sandbox-nothing-reached-listener

# truncating is refused from Landlock ABI 3 (Linux 6.2), renaming from
# ABI 1 (5.13); an older kernel must say so at start-up
if grep -q "cannot stop the kiosk truncating\|this kernel has no Landlock" "$T/err"; then
	ok "sandbox-truncate-outside-warned (this kernel: $(uname -r))"
else
	said sandbox-no-truncate-outside "probe truncate $T/outside/file: refused (Permission denied)"
	[ "$(cat "$T/outside/file")" = "keep me" ] && ok sandbox-outside-file-kept ||
		bad sandbox-outside-file-kept "now: '$(cat "$T/outside/file" 2>&1)'"
fi
if grep -q "this kernel has no Landlock" "$T/err"; then
	ok "sandbox-rename-outside-warned (this kernel: $(uname -r))"
else
	said sandbox-no-rename-outside "probe rename $T/outside/file: refused (Permission denied)"
	[ -e "$T/outside/file" ] && [ ! -e "$T/outside/file-renamed" ] && ok sandbox-outside-file-in-place ||
		bad sandbox-outside-file-in-place "$(ls "$T/outside")"
fi
said sandbox-truncate-inside "probe truncate $T/data/inside: allowed"
said sandbox-rename-inside "probe rename $T/data/inside: allowed"
[ -f "$T/data/inside-renamed" ] && [ ! -s "$T/data/inside-renamed" ] && ok sandbox-inside-file-changed ||
	bad sandbox-inside-file-changed "$(ls -l "$T/data")"
finish SANDBOX
