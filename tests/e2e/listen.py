#!/usr/bin/python3
"""A TCP and a UDP listener on one free port of 127.0.0.1, for the sandbox
probes (tests/e2e/sandbox.sh, deploy.sh): it writes the port to PORTFILE
(whole, once listening) and appends "tcp" or "udp" to REACHED for every
connection or datagram that reaches it, until it is killed (or after
ten minutes, should a test die before killing it).

    /usr/bin/python3 tests/e2e/listen.py PORTFILE REACHED &
"""
import os
import select
import socket
import sys
import time


def main():
    portfile, reached = sys.argv[1:3]
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    end = time.monotonic() + 600
    while time.monotonic() < end:
        for s in select.select([tcp, udp], [], [], 10)[0]:
            if s is tcp:
                s.accept()[0].close()
            else:
                s.recv(100)
            with open(reached, "a") as f:
                f.write(("tcp" if s is tcp else "udp") + "\n")


if __name__ == "__main__":
    main()
