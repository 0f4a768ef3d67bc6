import dev.jipc.signal.Signal;
import dev.jipc.signal.SignalQueue;
import dev.jipc.signal.Signals;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * java SignalPingPong.java MODE PONG_PID N: N SIGUSR1 round trips with the pong process, then
 * prints round trips per second. MODE: jipc-queue (the main thread takes each answer from a
 * SignalQueue and sends the next signal), jipc-handler (a Signals.handle handler answers each
 * SIGUSR1 with the next one, as the C pong does), jdk (the same with a bare sun.misc.Signal
 * handler). Each side waits for the answer before sending again, so nothing coalesces.
 */
public class SignalPingPong {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long pong = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        run(mode, pong, Math.min(n, 500)); // warm-up
        long t = System.nanoTime();
        run(mode, pong, n);
        System.out.println(Math.round(n / ((System.nanoTime() - t) / 1e9)));
    }

    /** The handler's work: answer with the next SIGUSR1, or say that all n round trips are done. */
    static void answer(AtomicInteger left, long pong, Semaphore done) throws Exception {
        if (left.decrementAndGet() > 0) {
            Signals.send(pong, Signal.SIGUSR1);
        } else {
            done.release();
        }
    }

    static void run(String mode, long pong, int n) throws Exception {
        Semaphore answered = new Semaphore(0);
        switch (mode) {
            case "jipc-queue" -> {
                try (SignalQueue q = SignalQueue.subscribe(Signal.SIGUSR1)) {
                    for (int i = 0; i < n; i++) {
                        Signals.send(pong, Signal.SIGUSR1);
                        q.take();
                    }
                }
            }
            case "jipc-handler" -> {
                AtomicInteger left = new AtomicInteger(n);
                try (var r = Signals.handle(Signal.SIGUSR1, sig -> answer(left, pong, answered))) {
                    Signals.send(pong, Signal.SIGUSR1);
                    answered.acquire();
                }
            }
            case "jdk" -> {
                AtomicInteger left = new AtomicInteger(n);
                sun.misc.SignalHandler old = sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sig -> {
                    try {
                        answer(left, pong, answered);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Signals.send(pong, Signal.SIGUSR1);
                answered.acquire();
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), old);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }
}
