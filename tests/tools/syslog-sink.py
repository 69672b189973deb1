#!/usr/bin/python3
"""syslog-sink SOCKET FILE: a minimal syslog receiver for tests.

Binds a Unix datagram socket at SOCKET (usually /dev/log inside a private
mount namespace), and appends every message it receives to FILE, one line
each, flushed at once, so that a test can assert on what a program logged
through syslog(3) or logger(1). Runs until it gets SIGTERM.
"""
import os
import signal
import socket
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: syslog-sink SOCKET FILE")
    path, out = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.path.exists(path):
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o666)
    with open(out, "a", encoding="utf-8") as log:
        while True:
            data = sock.recv(65536)
            log.write(data.decode("utf-8", "replace").rstrip("\n") + "\n")
            log.flush()


if __name__ == "__main__":
    main()
