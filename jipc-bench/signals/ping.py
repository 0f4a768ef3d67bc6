# python3 ping.py PONG_PID N: round trips, USR1 blocked and read with signal.sigwaitinfo.
import os, signal, sys, time
pong, n = int(sys.argv[1]), int(sys.argv[2])
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
t = time.monotonic()
for i in range(n):
    os.kill(pong, signal.SIGUSR1)
    signal.sigwaitinfo([signal.SIGUSR1])
print(round(n / (time.monotonic() - t)))
