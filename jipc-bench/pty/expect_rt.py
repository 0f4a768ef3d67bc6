"""pexpect's side of jipc-bench/run-pty: round trips per second with cat on a pty.

    python3 expect_rt.py N

Sends "hello i\\n" and expects the terminal's echo and cat's copy ("hello i\\r\\nhello i\\r\\n"),
N times untimed, then N times timed. delaybeforesend is off: pexpect's default sleeps 50 ms before
every send, which would measure the sleep.
"""
import sys
import time

import pexpect


def round_trips(child, n):
    for i in range(n):
        line = b"hello %d" % i
        child.send(line + b"\n")
        child.expect_exact(line + b"\r\n" + line + b"\r\n", timeout=10)


def main():
    n = int(sys.argv[1])
    child = pexpect.spawn("cat", encoding=None)
    child.delaybeforesend = None
    round_trips(child, n)
    t0 = time.perf_counter()
    round_trips(child, n)
    print("%.0f" % (n / (time.perf_counter() - t0)))
    child.close(force=True)


main()
