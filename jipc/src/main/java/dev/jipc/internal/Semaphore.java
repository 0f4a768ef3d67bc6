package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <semaphore.h>} for named semaphores; results as in {@link Unistd}. A
 * {@code sem_t *} is an opaque pointer into a mapping glibc made; only {@link #semTimedwait} sleeps.
 */
public final class Semaphore {
    private Semaphore() {}

    // sem_t *sem_open(const char *name, int oflag, ...): mode_t and unsigned value are variadic.
    private static final MethodHandle sem_open = Native.variadicErrnoCall("sem_open",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle sem_close =
            Native.errnoCall("sem_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle sem_unlink =
            Native.errnoCall("sem_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle sem_post =
            Native.errnoCall("sem_post", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle sem_trywait =
            Native.errnoCall("sem_trywait", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle sem_timedwait =
            Native.errnoCall("sem_timedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle sem_getvalue =
            Native.errnoCall("sem_getvalue", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** sem_open(3); {@code errno} receives {@code -errno} and the result is null on failure. */
    public static MemorySegment semOpen(String name, int flags, int mode, int value, int[] errno) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sem = (MemorySegment) sem_open.invokeExact(st, arena.allocateFrom(name), flags, mode, value);
            if (sem.address() == 0L) { // SEM_FAILED
                errno[0] = -Native.errno(st);
                return null;
            }
            return sem;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sem_close(3): 0 or {@code -errno}. */
    public static int semClose(MemorySegment sem) {
        return call(sem_close, sem);
    }

    /** sem_post(3): 0 or {@code -errno} ({@code EOVERFLOW} at {@code SEM_VALUE_MAX}). */
    public static int semPost(MemorySegment sem) {
        return call(sem_post, sem);
    }

    /** sem_trywait(3): 0 or {@code -errno} ({@code EAGAIN} when the value is zero). */
    public static int semTrywait(MemorySegment sem) {
        return call(sem_trywait, sem);
    }

    private static int call(MethodHandle h, MemorySegment sem) {
        return Native.once(st -> (int) h.invokeExact(st, sem));
    }

    /**
     * sem_timedwait(3) until the absolute {@code CLOCK_REALTIME} time {@code seconds}.{@code nanos}:
     * 0 or {@code -errno} ({@code ETIMEDOUT}, {@code EINTR}).
     */
    public static int semTimedwait(MemorySegment sem, long seconds, long nanos) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16, 8); // struct timespec: time_t, long on LP64
            ts.set(JAVA_LONG, 0, seconds);
            ts.set(JAVA_LONG, 8, nanos);
            int r = (int) sem_timedwait.invokeExact(st, sem, ts);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sem_getvalue(3): the value ({@code >= 0} on Linux), or {@code -errno}. */
    public static int semGetvalue(MemorySegment sem) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            int r = (int) sem_getvalue.invokeExact(st, sem, out);
            return r == 0 ? out.get(JAVA_INT, 0) : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sem_unlink(3): 0 or {@code -errno}. */
    public static int semUnlink(String name) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) sem_unlink.invokeExact(st, arena.allocateFrom(name));
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
