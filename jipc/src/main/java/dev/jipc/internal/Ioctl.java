package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/ioctl.h>}: the terminal requests (TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP).
 * {@code ioctl} is variadic in C; the request is an {@code unsigned long} and the third argument is
 * passed as a variadic pointer. Results as in {@link Unistd}.
 */
public final class Ioctl {
    private Ioctl() {}

    private static final MethodHandle ioctlPointer = Native.variadicErrnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    private static final PlatformConstants C = PlatformConstants.current();
    private static final TerminalConstants T = C.terminal();

    /** ioctl(2) whose argument is a pointer to memory the kernel reads or fills. */
    public static int ioctl(int fd, int request, MemorySegment arg) {
        long req = Integer.toUnsignedLong(request);
        return Native.retrying(st -> (int) ioctlPointer.invokeExact(st, fd, req, arg));
    }

    /**
     * TIOCGWINSZ: fills {@code size} with rows, columns, x pixels, y pixels (each an unsigned short
     * of {@code struct winsize}); 0 or {@code -errno}.
     */
    public static int getWindowSize(int fd, int[] size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(T.SIZEOF_WINSIZE(), 2);
            int r = ioctl(fd, T.TIOCGWINSZ(), ws);
            if (r == 0) {
                size[0] = Short.toUnsignedInt(ws.get(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_ROW()));
                size[1] = Short.toUnsignedInt(ws.get(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_COL()));
                size[2] = Short.toUnsignedInt(ws.get(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_XPIXEL()));
                size[3] = Short.toUnsignedInt(ws.get(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_YPIXEL()));
            }
            return r;
        }
    }

    /** TIOCSWINSZ: rows, columns, x pixels, y pixels; the terminal's foreground group gets SIGWINCH. */
    public static int setWindowSize(int fd, int rows, int columns, int xPixels, int yPixels) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(T.SIZEOF_WINSIZE(), 2);
            ws.set(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_ROW(), (short) rows);
            ws.set(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_COL(), (short) columns);
            ws.set(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_XPIXEL(), (short) xPixels);
            ws.set(JAVA_SHORT, T.OFFSETOF_WINSIZE__WS_YPIXEL(), (short) yPixels);
            return ioctl(fd, T.TIOCSWINSZ(), ws);
        }
    }

    /** TIOCGPGRP: the terminal's foreground process group, or {@code -errno}. */
    public static int foregroundGroup(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pgrp = arena.allocate(JAVA_INT);
            int r = ioctl(fd, T.TIOCGPGRP(), pgrp);
            return r == 0 ? pgrp.get(JAVA_INT, 0) : r;
        }
    }
}
