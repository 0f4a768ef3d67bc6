package dev.jipc.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The floor for a JVM: {@code spawn_rate.c}'s two loops written straight over
 * {@link java.lang.foreign}, without jipc. {@code posix_spawn} with no attributes (and, for the
 * capture, one dup2 file action), the JVM's {@code environ}, a blocking {@code read} and
 * {@code waitpid}; native memory allocated once. What jipc adds around a spawn is the difference
 * between this contender and {@link JipcProcesses}; what the JVM itself costs is the difference
 * between this one and the C loop.
 */
public final class BareSpawn implements SpawnRate.Contender {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd);
    }

    private static final MethodHandle POSIX_SPAWN = fn("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = fn("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = fn("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_ADDDUP2 = fn("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITPID = fn("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PIPE2 = fn("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = fn("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** O_CLOEXEC on Linux (x86-64 and aarch64 alike). */
    private static final int O_CLOEXEC = 0x80000;

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment environ = LIBC.find("environ").orElseThrow()
            .reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    private final MemorySegment trueArgv = argv(SpawnRate.TRUE);
    private final MemorySegment echoArgv = argv(SpawnRate.ECHO.toArray(String[]::new));
    private final MemorySegment pid = arena.allocate(JAVA_INT);
    private final MemorySegment status = arena.allocate(JAVA_INT);
    private final MemorySegment fds = arena.allocate(JAVA_INT, 2);
    /** Large enough for glibc's posix_spawn_file_actions_t (80 bytes on 64-bit). */
    private final MemorySegment actions = arena.allocate(256, 16);
    private final MemorySegment buf = arena.allocate(4096);

    private MemorySegment argv(String... args) {
        MemorySegment a = arena.allocate(ADDRESS, args.length + 1L);
        for (int i = 0; i < args.length; i++) {
            a.setAtIndex(ADDRESS, i, arena.allocateFrom(args[i]));
        }
        return a;
    }

    @Override
    public void spawnTrue() {
        try {
            spawn();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public int captureEcho() {
        try {
            return capture();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void spawn() throws Throwable {
        int r = (int) POSIX_SPAWN.invokeExact(pid, trueArgv.getAtIndex(ADDRESS, 0), MemorySegment.NULL,
                MemorySegment.NULL, trueArgv, environ);
        if (r != 0) {
            throw new IllegalStateException("posix_spawn: errno " + r);
        }
        waitOk();
    }

    private int capture() throws Throwable {
        if ((int) PIPE2.invokeExact(fds, O_CLOEXEC) < 0) {
            throw new IllegalStateException("pipe2 failed");
        }
        int rd = fds.getAtIndex(JAVA_INT, 0);
        int wr = fds.getAtIndex(JAVA_INT, 1);
        int r = (int) FA_INIT.invokeExact(actions);
        r |= (int) FA_ADDDUP2.invokeExact(actions, wr, 1);
        r |= (int) POSIX_SPAWN.invokeExact(pid, echoArgv.getAtIndex(ADDRESS, 0), actions, MemorySegment.NULL,
                echoArgv, environ);
        r |= (int) FA_DESTROY.invokeExact(actions);
        if (r != 0) {
            throw new IllegalStateException("posix_spawn: errno " + r);
        }
        r = (int) CLOSE.invokeExact(wr);
        int total = 0;
        long n;
        while ((n = (long) READ.invokeExact(rd, buf, buf.byteSize())) > 0) {
            total += (int) n;
        }
        if (n < 0) {
            throw new IllegalStateException("read failed");
        }
        r = (int) CLOSE.invokeExact(rd);
        waitOk();
        return total;
    }

    private void waitOk() throws Throwable {
        int p = pid.get(JAVA_INT, 0);
        // No EINTR retry needed: the JVM's handlers are installed with SA_RESTART.
        if ((int) WAITPID.invokeExact(p, status, 0) != p || status.get(JAVA_INT, 0) != 0) {
            throw new IllegalStateException("waitpid " + p + ": status " + status.get(JAVA_INT, 0));
        }
    }
}
