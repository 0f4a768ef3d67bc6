package dev.jipc.testing;

import dev.jipc.internal.ThreadWake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Threads whose kernel thread id a test knows, and where in the kernel such a thread sleeps, read
 * from {@code /proc/self/task/TID/syscall}: for tests of which system call a blocked read or write
 * really sleeps in.
 */
public final class KernelThreads {
    private KernelThreads() {}

    private static final boolean AARCH64 = System.getProperty("os.arch").equals("aarch64");
    /** System call numbers of this architecture. */
    public static final int READ = AARCH64 ? 63 : 0;
    public static final int RECVFROM = AARCH64 ? 207 : 45;
    public static final int SENDTO = AARCH64 ? 206 : 44;
    public static final int PPOLL = AARCH64 ? 73 : 271;

    /** A thread of this JVM, started to run a body, with its kernel thread id and its outcome. */
    public record Worker(Thread thread, CompletableFuture<Integer> tid, CompletableFuture<Object> outcome) {}

    /** What a {@link Worker} runs; what it returns or throws becomes its outcome. */
    public interface Body {
        Object run() throws Exception;
    }

    /** Starts a virtual or platform thread running {@code body}. */
    public static Worker start(boolean virtual, Body body) {
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Runnable r = () -> {
            tid.complete(ThreadWake.gettid());
            try {
                outcome.complete(body.run());
            } catch (Throwable t) {
                outcome.complete(t);
            }
        };
        Thread t = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
        return new Worker(t, tid, outcome);
    }

    /**
     * The system call the thread sleeps in, once it sleeps in one of {@code finals} (or a wait
     * on the poller, which parks in futex: reported as such); -1 if the thread has ended.
     */
    public static int awaitFinalWait(int tid, int... finals) throws Exception {
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
        while (true) {
            String text;
            try {
                text = Files.readString(syscall).strip();
            } catch (NoSuchFileException e) {
                return -1;
            }
            String first = text.split(" ")[0];
            if (!first.equals("running") && !first.equals("-1")) {
                int nr = Integer.parseInt(first);
                if (Arrays.stream(finals).anyMatch(f -> f == nr)) {
                    return nr;
                }
            }
            Thread.sleep(2);
        }
    }

    /** The number of the system call the thread is in, or -1 when it runs in user space. */
    public static int currentSyscall(int tid) throws IOException {
        String first = Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).strip().split(" ")[0];
        return first.equals("running") ? -1 : Integer.parseInt(first);
    }

    /**
     * Looks a hundred times, a millisecond apart, where the thread is, and fails if it is ever
     * inside {@code syscall}: for a wait that must never sleep in that call.
     */
    public static void assertNeverIn(int tid, int syscall) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (currentSyscall(tid) == syscall) {
                throw new AssertionError("thread " + tid + " is in system call " + syscall);
            }
            Thread.sleep(1);
        }
    }

    /** The {@code /proc/self/task} entry of this JVM's thread named {@code name}. */
    public static Path taskNamed(String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).strip().equals(name)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    /** Voluntary and involuntary context switches of a {@link #taskNamed task} so far. */
    public static long contextSwitches(Path task) throws IOException {
        return Files.readAllLines(task.resolve("status")).stream()
                .filter(l -> l.contains("ctxt_switches"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .sum();
    }
}
