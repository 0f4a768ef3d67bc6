import dev.jipc.signal.Signal;
import dev.jipc.signal.SignalQueue;
import dev.jipc.signal.Signals;
import java.util.concurrent.Semaphore;

/**
 * java SignalPingPong.java MODE PONG_PID N: N SIGUSR1 round trips with the pong process, then
 * prints round trips per second. MODE: jipc-queue (SignalQueue.take), jipc-handler (Signals.handle),
 * jdk (a bare sun.misc.Signal handler). Each waits for the answer before sending the next signal.
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
                try (var r = Signals.handle(Signal.SIGUSR1, s -> answered.release())) {
                    for (int i = 0; i < n; i++) {
                        Signals.send(pong, Signal.SIGUSR1);
                        answered.acquire();
                    }
                }
            }
            case "jdk" -> {
                sun.misc.SignalHandler old = sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> answered.release());
                for (int i = 0; i < n; i++) {
                    Signals.send(pong, Signal.SIGUSR1);
                    answered.acquire();
                }
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), old);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }
}
