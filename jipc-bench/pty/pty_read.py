"""The Python side of jipc-bench/run-pty's throughput rows: MB/s of `WRITER BYTES` read by Python.

    python3 pty_read.py pty WRITER BYTES    through the pty module (pty.fork, read until EIO)
    python3 pty_read.py pipe WRITER BYTES   through subprocess with stdout=PIPE
"""
import os
import pty
import subprocess
import sys
import time


def through_pty(writer, size):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(writer, [writer, str(size)])
    got = 0
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed its terminal
            break
        if not chunk:
            break
        got += len(chunk)
    os.close(fd)
    os.waitpid(pid, 0)
    return got, time.perf_counter() - t0


def through_pipe(writer, size):
    t0 = time.perf_counter()
    child = subprocess.Popen([writer, str(size)], stdout=subprocess.PIPE, bufsize=0)
    got = 0
    while True:
        chunk = os.read(child.stdout.fileno(), 65536)
        if not chunk:
            break
        got += len(chunk)
    child.stdout.close()
    child.wait()
    return got, time.perf_counter() - t0


def main():
    mode, writer, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    got, seconds = (through_pty if mode == "pty" else through_pipe)(writer, size)
    if got != size:
        sys.exit("read %d bytes, expected %d" % (got, size))
    print("%.1f" % (got / seconds / 1e6))


main()
