#!/bin/sh
# install.sh - make this Debian machine a heard kiosk (README, "Set up a
# kiosk").  Run as root from the heard source folder:
#
#     sudo tools/deploy/install.sh
#
# It installs the Debian packages heard and cage need, builds and installs
# heard (PREFIX, default /usr/local), makes the system user "heard", its
# database folder /var/lib/heard (mode 0700) and /etc/heard/heard.ini
# (an existing one is kept), and installs and enables heard-kiosk.service,
# which starts the kiosk full screen under cage at boot.  Safe to run again.
#
# For tests: DESTDIR puts every file under a staging root, HEARD_USER names
# another user; with DESTDIR, or where systemd is not running, the service
# file is written but not enabled.
set -eu
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
user=${HEARD_USER:-heard}
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then
	echo "install.sh: run as root: sudo tools/deploy/install.sh" >&2
	exit 1
fi
# what a kiosk needs to build and run heard: no test tools (tools/install-deps);
# libseccomp2 runs the sandbox's filter; cage needs xwayland (only recommended);
# grim takes a screenshot of what the kiosk shows (README, "Set up a kiosk")
pkgs="build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsqlite3-dev libinih-dev
libespeak-ng-dev espeak-ng-data libsodium-dev libseccomp-dev libseccomp2 cage xwayland grim"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
make install PREFIX="$PREFIX" DESTDIR="$DESTDIR"

if ! id "$user" >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /var/lib/heard \
	        --shell /usr/sbin/nologin --comment "heard kiosk" "$user"
fi
# the speakers (logind gives the session the screen and the touchscreen)
getent group audio >/dev/null && usermod -a -G audio "$user"

install -d -m 0700 -o "$user" -g "$user" "$DESTDIR/var/lib/heard"
install -d -m 0755 "$DESTDIR/etc/heard"
if [ -e "$DESTDIR/etc/heard/heard.ini" ]; then
	echo "install.sh: keeping $DESTDIR/etc/heard/heard.ini"
else
	install -m 0640 -o root -g "$user" tools/deploy/heard.ini "$DESTDIR/etc/heard/heard.ini"
fi
install -d "$DESTDIR/etc/systemd/system"
sed -e "s#@BINDIR@#$PREFIX/bin#g" -e "s#^User=heard\$#User=$user#" -e "s#^Group=heard\$#Group=$user#" \
	tools/deploy/heard-kiosk.service >"$DESTDIR/etc/systemd/system/heard-kiosk.service"

if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable heard-kiosk.service
	systemctl set-default graphical.target
	echo "install.sh: done; the kiosk starts at the next boot (or: systemctl start heard-kiosk)"
else
	echo "install.sh: systemd is not running here: heard-kiosk.service written, not enabled"
fi
echo "Next: edit /etc/heard/heard.ini (kiosk name, services, help line, screen size in mm)"
echo "and set a staff PIN: heard-kiosk --hash-pin, then staff_pin = <the line it prints>."
