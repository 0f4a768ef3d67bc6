package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/msg.h>}; results as in {@link Unistd}.
 *
 * <p>A message travels as C's {@code struct msgbuf}: a native {@code long} type followed by the bytes,
 * which is what Perl's {@code pack("l! a*", $type, $data)} builds. {@link #msgsnd} and {@link #msgrcv}
 * only take {@code IPC_NOWAIT}, never sleep, and are made as critical calls on a Java array holding
 * that struct (virtual threads wait by parking between them, see {@code dev.jipc.sysv.MessageQueue});
 * {@link #msgsndBlocking} and {@link #msgrcvBlocking} may sleep and take native memory.
 */
public final class Msg {
    private Msg() {}

    /** The struct's {@code long mtype}, unaligned so it can sit at the start of a {@code byte[]}. */
    private static final ValueLayout.OfLong MTYPE = JAVA_LONG.withByteAlignment(1);

    private static final MethodHandle msgget =
            Native.errnoCall("msgget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle msgsnd =
            Native.criticalErrnoCall("msgsnd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle msgrcv = Native.criticalErrnoCall("msgrcv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle msgsndBlocking =
            Native.errnoCall("msgsnd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle msgrcvBlocking =
            Native.errnoCall("msgrcv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle msgctl =
            Native.errnoCall("msgctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** Bytes in front of the data in a message buffer: the native long type. */
    public static final int HEADER = 8;

    /** What {@code msgctl(IPC_STAT)} reports. Times are seconds since the epoch, 0 for never. */
    public record Stat(Ipc.Perm perm, long stime, long rtime, long ctime, long cbytes, long qnum, long qbytes,
                       int lspid, int lrpid) {}

    /** msgget(2): the queue id, or {@code -errno}. */
    public static int msgget(int key, int flags) {
        return Native.once(st -> (int) msgget.invokeExact(st, key, flags));
    }

    /** A message buffer: {@code type} in native order, then {@code data}. */
    public static byte[] buffer(long type, byte[] data, int off, int len) {
        byte[] buf = new byte[HEADER + len];
        MemorySegment.ofArray(buf).set(MTYPE, 0, type);
        System.arraycopy(data, off, buf, HEADER, len);
        return buf;
    }

    /** The type at the start of a message buffer. */
    public static long type(byte[] buf) {
        return MemorySegment.ofArray(buf).get(MTYPE, 0);
    }

    /** msgsnd(2) of a {@link #buffer}; {@code flags} must include IPC_NOWAIT. 0 or {@code -errno}. */
    public static int msgsnd(int id, byte[] buf, int flags) {
        MemorySegment st = Native.callState();
        MemorySegment seg = MemorySegment.ofArray(buf);
        try {
            while (true) {
                int r = (int) msgsnd.invokeExact(st, id, seg, (long) (buf.length - HEADER), flags);
                if (r == 0) {
                    return 0;
                }
                int e = Native.errno(st);
                if (e != Unistd.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * msgrcv(2) into {@code buf} (room for {@code buf.length - HEADER} data bytes); {@code flags} must
     * include IPC_NOWAIT. The number of data bytes received, or {@code -errno}.
     */
    public static long msgrcv(int id, byte[] buf, long msgtyp, int flags) {
        MemorySegment st = Native.callState();
        MemorySegment seg = MemorySegment.ofArray(buf);
        try {
            while (true) {
                long r = (long) msgrcv.invokeExact(st, id, seg, (long) (buf.length - HEADER), msgtyp, flags);
                if (r >= 0) {
                    return r;
                }
                int e = Native.errno(st);
                if (e != Unistd.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * msgsnd(2) that may sleep in the kernel, of a message in native memory ({@code msg}: the type,
     * then {@code size} bytes): 0 or {@code -errno}, {@code -EINTR} included (the caller decides).
     */
    public static int msgsndBlocking(int id, MemorySegment msg, long size, int flags) {
        return Native.once(st -> (int) msgsndBlocking.invokeExact(st, id, msg, size, flags));
    }

    /**
     * msgrcv(2) that may sleep in the kernel, into native memory (room for {@code maxSize} data bytes
     * after the type): the data bytes received or {@code -errno}, {@code -EINTR} included.
     */
    public static long msgrcvBlocking(int id, MemorySegment msg, long maxSize, long msgtyp, int flags) {
        return Native.onceLong(st -> (long) msgrcvBlocking.invokeExact(st, id, msg, maxSize, msgtyp, flags));
    }

    /** msgctl(2) with a command that takes no buffer (IPC_RMID): 0 or {@code -errno}. */
    public static int msgctl(int id, int cmd) {
        return Native.once(st -> (int) msgctl.invokeExact(st, id, cmd, MemorySegment.NULL));
    }

    /** msgctl(IPC_STAT); {@code errno} receives {@code -errno} and the result is null on failure. */
    public static Stat stat(int id, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(c.SIZEOF_MSQID_DS(), 8);
            int r = (int) msgctl.invokeExact(st, id, c.IPC_STAT(), ds);
            if (r < 0) {
                errno[0] = -Native.errno(st);
                return null;
            }
            return new Stat(Ipc.perm(ds), ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS__MSG_STIME()),
                    ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS__MSG_RTIME()), ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS__MSG_CTIME()),
                    ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS____MSG_CBYTES()), ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS__MSG_QNUM()),
                    ds.get(JAVA_LONG, c.OFFSETOF_MSQID_DS__MSG_QBYTES()), ds.get(JAVA_INT, c.OFFSETOF_MSQID_DS__MSG_LSPID()),
                    ds.get(JAVA_INT, c.OFFSETOF_MSQID_DS__MSG_LRPID()));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
