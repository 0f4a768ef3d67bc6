package dev.jipc.signal;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Csignal;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.ServiceThreads;
import dev.jipc.internal.Signalfd;
import dev.jipc.internal.Spawn;
import dev.jipc.internal.Unistd;
import dev.jipc.io.Fd;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fast delivery path: signals that are blocked in every thread of the JVM are read from a
 * signalfd by one platform thread, {@code jipc-signalfd}, which hands them to the dispatcher.
 *
 * <p>The JDK's own path starts a new thread for every signal it delivers to Java. A signal that
 * the process started with blocked (the mask is inherited through exec, and HotSpot leaves the
 * signals it does not use blocked as it found them) never reaches the JVM's handler at all, so
 * jipc can take it from a signalfd instead: no thread per signal, no signal context, no race with
 * the JVM. Only signals HotSpot does not use qualify ({@link #SERVABLE}); and only when every
 * thread blocks it, checked in {@code /proc/self/task}, since a thread that does not would receive
 * it through the JVM's handler instead. While no registration or queue wants a signal it is taken
 * out of the signalfd's mask and stays pending in the kernel, as the process was set up to do.
 */
final class SignalfdSource {
    private static final System.Logger LOG = System.getLogger("dev.jipc.signal");

    /** Signals HotSpot neither uses nor runs shutdown on, so a blocked mask is all theirs. */
    static final Set<Signal> SERVABLE = EnumSet.of(Signal.SIGUSR1, Signal.SIGALRM, Signal.SIGSTKFLT, Signal.SIGCHLD,
            Signal.SIGCONT, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU, Signal.SIGURG, Signal.SIGXCPU,
            Signal.SIGVTALRM, Signal.SIGPROF, Signal.SIGWINCH, Signal.SIGIO, Signal.SIGPWR, Signal.SIGSYS);

    private static final int BATCH = 16;

    private final Dispatcher dispatcher;
    // Guarded by 'this'.
    private final EnumSet<Signal> mask = EnumSet.noneOf(Signal.class);
    private Fd fd;

    SignalfdSource(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Whether {@code s} can come through here: servable, and blocked in every thread right now. */
    static boolean qualifies(Signal s) {
        return SERVABLE.contains(s) && blockedInEveryThread(s);
    }

    static boolean blockedInEveryThread(Signal s) {
        return (blockedEverywhere() & (1L << (s.number() - 1))) != 0;
    }

    /** The servable signals blocked in every thread right now (one look at {@code /proc}), by number. */
    static int[] servableBlockedNumbers() {
        long mask = blockedEverywhere();
        return SERVABLE.stream().filter(s -> (mask & (1L << (s.number() - 1))) != 0).mapToInt(Signal::number).toArray();
    }

    /** The signals blocked in every thread of this process: the AND of each task's {@code SigBlk}. */
    private static long blockedEverywhere() {
        long all = -1L;
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    all &= sigBlk(task.resolve("status"));
                    any = true;
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return any ? all : 0;
    }

    private static long sigBlk(Path status) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(status)) {
            text = new String(in.readNBytes(1 << 16), java.nio.charset.StandardCharsets.US_ASCII);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("SigBlk:")) {
                return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        }
        throw new IOException("no SigBlk line in " + status);
    }

    /** Starts reading {@code s} from the signalfd. */
    synchronized void add(Signal s) {
        if (mask.add(s)) {
            apply();
        }
    }

    /** Stops reading {@code s}; it stays blocked, so new arrivals wait in the kernel. */
    synchronized void remove(Signal s) {
        if (mask.remove(s)) {
            apply();
        }
    }

    private void apply() {
        if (mask.isEmpty()) {
            try {
                fd.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing the signalfd failed", e);
            }
            fd = null;
            return;
        }
        PlatformConstants c = PlatformConstants.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(c.SIZEOF_SIGSET_T());
            Spawn.sigemptyset(set);
            for (Signal s : mask) {
                Csignal.sigaddset(set, s.number());
            }
            int r = Signalfd.signalfd(fd == null ? -1 : fd.number(), set, c.O_NONBLOCK() | c.O_CLOEXEC());
            if (r < 0) {
                throw new UncheckedIOException(new ErrnoException(-r, "signalfd", mask.toString()));
            }
            if (fd == null) {
                Fd opened = Fd.adopt(r, "signalfd");
                fd = opened;
                ServiceThreads.start("jipc-signalfd", () -> read(opened));
            }
        } catch (ErrnoException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(Fd from) {
        byte[] buf = new byte[BATCH * Signalfd.SIZEOF_SIGNALFD_SIGINFO];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        while (true) {
            int n;
            try {
                n = from.read(buf);
            } catch (IOException e) {
                if (!from.isClosed()) {
                    LOG.log(Level.ERROR, "reading the signalfd failed; signals it served stay pending", e);
                }
                return;
            }
            if (n < 0) {
                return;
            }
            for (int off = 0; off + Signalfd.SIZEOF_SIGNALFD_SIGINFO <= n; off += Signalfd.SIZEOF_SIGNALFD_SIGINFO) {
                dispatcher.post(Signal.of(view.getInt(off + Signalfd.OFFSETOF_SIGNALFD_SIGINFO__SSI_SIGNO)));
            }
        }
    }

    /**
     * What the kernel would have done to a blocked signal nobody handles: nothing for the signals
     * ignored by default, stop the process for the terminal stop signals, and otherwise end the
     * process by the signal itself, unblocked on this thread only.
     */
    static void defaultAction(Signal s) {
        switch (s) {
            case SIGCHLD, SIGCONT, SIGURG, SIGWINCH -> { }
            case SIGTSTP, SIGTTIN, SIGTTOU -> Csignal.kill(Unistd.getpid(), Signal.SIGSTOP.number());
            default -> {
                Csignal.setDefault(s.number());
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment set = arena.allocate(PlatformConstants.current().SIZEOF_SIGSET_T());
                    Spawn.sigemptyset(set);
                    Csignal.sigaddset(set, s.number());
                    Csignal.pthreadSigmask(Csignal.SIG_UNBLOCK, set, MemorySegment.NULL);
                }
                Csignal.kill(Unistd.getpid(), s.number());
            }
        }
    }
}
