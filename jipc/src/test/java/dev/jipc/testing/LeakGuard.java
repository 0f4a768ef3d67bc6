package dev.jipc.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a file descriptor open or a child process behind.
 *
 * <p>Registered for every test class through {@code META-INF/services} (JUnit's extension
 * auto-detection, switched on in the surefire configuration); other modules get it by depending on
 * {@code dev.jipc:jipc:test-jar}. Before the class it notes {@code /proc/self/fd} and the JVM's
 * children; after the class (after its {@code @AfterAll} methods) it compares:
 *
 * <ul>
 *   <li>a descriptor that is new, or whose number now points somewhere else, is a leak, reported
 *       as {@code fd 37 -> pipe:[12345]};
 *   <li>a child that is new and still alive, or that has become a zombie, is a leak;
 *   <li>a SysV shared memory segment, semaphore set or message queue owned by our user that was not
 *       there before is a leak (they outlive the JVM), reported as {@code msg id 5 key 0x000004d2};
 *   <li>a named POSIX shared memory object, semaphore or message queue a test of this JVM made
 *       (named {@code /jipc-test-PID-...}) that was not there before is a leak, reported as
 *       {@code POSIX IPC object /dev/shm/sem.jipc-test-123-sem-4} (see {@link PosixObjects}).
 * </ul>
 *
 * <p>A test that drops an {@code Fd} without closing it is not failed for that alone: before
 * reporting, the guard runs the garbage collector and waits a little, a few times, so that jipc's
 * {@link java.lang.ref.Cleaner} can close what is unreachable (and the JDK's reaper can collect
 * children that have just exited). A class with nothing left over pays for none of that. A test
 * that leaks on purpose must therefore either close what it leaked itself or make it unreachable.
 *
 * <p>The comparison is process-wide, so it assumes test classes run one at a time (JUnit's default);
 * with classes running concurrently one class would be blamed for another's descriptors.
 */
public final class LeakGuard implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakGuard.class);
    private static final String SNAPSHOT = "snapshot";

    /**
     * How often to collect garbage and look again before reporting (configuration parameter
     * {@value #ATTEMPTS_PARAMETER}, default 20), and how long to pause between looks.
     */
    public static final String ATTEMPTS_PARAMETER = "jipc.leakGuard.attempts";
    private static final int DEFAULT_ATTEMPTS = 20;
    private static final long PAUSE_MILLIS = 100;

    /**
     * Descriptors the JVM, JUnit or jipc open on first use and keep until the JVM exits, so a class
     * that happens to be the first user would otherwise be blamed for them. Each entry says why.
     */
    private static final List<Predicate<String>> LIVES_AS_LONG_AS_THE_JVM = List.of(
            // jipc's Poller (one epoll instance per direction) and the JDK's own pollers for
            // virtual threads and NIO are started lazily and never closed.
            "anon_inode:[eventpoll]"::equals,
            // Class loading opens jars (test dependencies in ~/.m2, the module's target/ jars) the
            // first time a class from them is needed, and keeps them open.
            target -> target.endsWith(".jar"),
            // The JDK's runtime image and other files under java.home, opened on demand.
            target -> target.startsWith(System.getProperty("java.home") + "/"),
            // SecureRandom's NativePRNG (used by @TempDir and Files.createTemp*) keeps these open.
            "/dev/random"::equals,
            "/dev/urandom"::equals);

    /** What was there before the class ran. */
    private record Snapshot(Map<Integer, String> fds, Map<Long, ProcSelf.Child> children, Set<String> sysv,
                            Set<String> posix) {
        static Snapshot now() {
            return new Snapshot(ProcSelf.openFds(), ProcSelf.children(), SysvObjects.owned(), PosixObjects.ours());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(SNAPSHOT, Snapshot.now());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        Snapshot before = context.getStore(NAMESPACE).remove(SNAPSHOT, Snapshot.class);
        if (before == null) {
            return;
        }
        int attempts = context.getConfigurationParameter(ATTEMPTS_PARAMETER, Integer::parseInt).orElse(DEFAULT_ATTEMPTS);
        List<String> leaks = leaksSince(before);
        for (int i = 0; i < attempts && !leaks.isEmpty(); i++) {
            System.gc();
            Thread.sleep(PAUSE_MILLIS);
            leaks = leaksSince(before);
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(context.getRequiredTestClass().getName() + " leaked "
                    + leaks.size() + (leaks.size() == 1 ? " resource" : " resources")
                    + " (still there after " + attempts + " garbage collections):\n  "
                    + String.join("\n  ", leaks));
        }
    }

    private static List<String> leaksSince(Snapshot before) {
        Snapshot now = Snapshot.now();
        List<String> leaks = new ArrayList<>();
        now.fds().forEach((fd, target) -> {
            if (!target.equals(before.fds().get(fd)) && !livesAsLongAsTheJvm(target)) {
                leaks.add("fd " + fd + " -> " + target);
            }
        });
        now.children().forEach((pid, child) -> {
            ProcSelf.Child old = before.children().get(pid);
            if (child.isZombie() && (old == null || !old.isZombie())) {
                leaks.add("zombie child " + child);
            } else if (old == null && !child.isZombie()) {
                leaks.add("child still running: " + child);
            }
        });
        now.sysv().stream().filter(o -> !before.sysv().contains(o)).forEach(o -> leaks.add("SysV object " + o));
        now.posix().stream().filter(o -> !before.posix().contains(o)).forEach(o -> leaks.add("POSIX IPC object " + o));
        return leaks;
    }

    private static boolean livesAsLongAsTheJvm(String target) {
        return LIVES_AS_LONG_AS_THE_JVM.stream().anyMatch(p -> p.test(target));
    }
}
