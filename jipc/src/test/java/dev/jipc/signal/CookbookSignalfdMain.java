package dev.jipc.signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The cookbook's signalfd example as a program: run by {@link CookbookSignalsTest}. */
public final class CookbookSignalfdMain {
    private static final CountDownLatch RELOADED = new CountDownLatch(1);

    // snippet: sig-signalfd
    public static void main(String[] args) throws Exception {
        Restart.execSelfWithSignalsBlocked(Signal.SIGUSR1, Signal.SIGWINCH); // returns in the new image
        try (Registration r = Signals.handle(Signal.SIGUSR1, sig -> reload())) {
            serve();
        }
    }
    // end snippet

    private static void reload() {
        System.out.println("reloaded on " + Thread.currentThread().getName());
        RELOADED.countDown();
    }

    private static void serve() throws Exception {
        Signals.raise(Signal.SIGUSR1);
        if (!RELOADED.await(60, TimeUnit.SECONDS)) {
            System.out.println("no reload");
        }
    }
}
