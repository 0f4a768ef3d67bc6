package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <mqueue.h>}; results as in {@link Unistd}. On Linux an {@code mqd_t} is a file
 * descriptor: {@code mq_close} is {@code close(2)} and the descriptor can be polled, so jipc opens
 * queues with {@code O_NONBLOCK} and waits in its poller. Send and receive therefore never sleep and
 * may pass heap arrays straight to C.
 */
public final class Mqueue {
    private Mqueue() {}

    // mqd_t mq_open(const char *name, int oflag, ...): mode_t and struct mq_attr * are variadic.
    private static final MethodHandle mq_open = Native.variadicErrnoCall("mq_open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), 2);
    private static final MethodHandle mq_unlink =
            Native.errnoCall("mq_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle mq_send = Native.criticalErrnoCall("mq_send",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle mq_receive = Native.criticalErrnoCall("mq_receive",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle mq_getattr =
            Native.errnoCall("mq_getattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** What {@code mq_getattr} reports. */
    public record Attr(long flags, long maxmsg, long msgsize, long curmsgs) {}

    /**
     * mq_open(3): a descriptor, or {@code -errno}. {@code maxmsg} and {@code msgsize} are used when
     * creating; 0 for both passes no attributes (the system defaults).
     */
    public static int mqOpen(String name, int flags, int mode, long maxmsg, long msgsize) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = MemorySegment.NULL;
            if (maxmsg != 0 || msgsize != 0) {
                attr = arena.allocate(c.SIZEOF_MQ_ATTR(), 8);
                attr.set(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_MAXMSG(), maxmsg);
                attr.set(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_MSGSIZE(), msgsize);
            }
            int r = (int) mq_open.invokeExact(st, arena.allocateFrom(name), flags, mode, attr);
            return r >= 0 ? r : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** mq_unlink(3): 0 or {@code -errno}. */
    public static int mqUnlink(String name) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) mq_unlink.invokeExact(st, arena.allocateFrom(name));
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** mq_send(3) on a non-blocking queue: 0 or {@code -errno} ({@code EAGAIN} when full). */
    public static int mqSend(int mqd, byte[] msg, int priority) {
        return Native.once(st -> (int) mq_send.invokeExact(st, mqd, MemorySegment.ofArray(msg), (long) msg.length, priority));
    }

    /**
     * mq_receive(3) on a non-blocking queue into {@code buf}; the priority goes to
     * {@code priority[0]}. The length received, or {@code -errno} ({@code EAGAIN} when empty).
     */
    public static long mqReceive(int mqd, byte[] buf, int[] priority) {
        return Native.onceLong(st -> (long) mq_receive.invokeExact(st, mqd, MemorySegment.ofArray(buf), (long) buf.length,
                    MemorySegment.ofArray(priority)));
    }

    /** mq_getattr(3); {@code errno} receives {@code -errno} and the result is null on failure. */
    public static Attr mqGetattr(int mqd, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(c.SIZEOF_MQ_ATTR(), 8);
            int r = (int) mq_getattr.invokeExact(st, mqd, a);
            if (r != 0) {
                errno[0] = -Native.errno(st);
                return null;
            }
            return new Attr(a.get(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_FLAGS()), a.get(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_MAXMSG()),
                    a.get(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_MSGSIZE()), a.get(JAVA_LONG, c.OFFSETOF_MQ_ATTR__MQ_CURMSGS()));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
