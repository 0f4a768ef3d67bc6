package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <sys/inotify.h>}; results as in {@link Unistd}. */
public final class Inotify {
    private Inotify() {}

    // linux/inotify.h: the event bits are the same on every Linux architecture.
    /** A file not opened for writing was closed. */
    public static final int IN_CLOSE_NOWRITE = 0x10;
    /** The watch was removed: the file was deleted or its file system unmounted. */
    public static final int IN_IGNORED = 0x8000;
    /** The event queue overflowed and events were lost. */
    public static final int IN_Q_OVERFLOW = 0x4000;
    /** {@code sizeof(struct inotify_event)} without the trailing name. */
    public static final int SIZEOF_INOTIFY_EVENT = 16;
    /** {@code offsetof(struct inotify_event, mask)}. */
    public static final int OFFSETOF_INOTIFY_EVENT__MASK = 4;
    /** {@code offsetof(struct inotify_event, len)}. */
    public static final int OFFSETOF_INOTIFY_EVENT__LEN = 12;

    private static final MethodHandle inotify_init1 =
            Native.errnoCall("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle inotify_add_watch =
            Native.errnoCall("inotify_add_watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /** inotify_init1(2); IN_NONBLOCK and IN_CLOEXEC are O_NONBLOCK and O_CLOEXEC. */
    public static int init1(int flags) {
        return Native.once(st -> (int) inotify_init1.invokeExact(st, flags));
    }

    /** inotify_add_watch(2): the watch descriptor, or {@code -errno}. */
    public static int addWatch(int fd, String path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = Native.callState();
            int r = (int) inotify_add_watch.invokeExact(st, fd, arena.allocateFrom(path), mask);
            return r >= 0 ? r : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
