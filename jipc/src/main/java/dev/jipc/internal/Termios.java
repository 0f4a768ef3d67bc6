package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <termios.h>}: a terminal's modes as a {@code struct termios} of
 * {@link PlatformConstants#SIZEOF_TERMIOS()} bytes that the caller allocates. Results as in
 * {@link Unistd}: 0 or {@code -errno}; ENOTTY when the descriptor is no terminal.
 */
public final class Termios {
    private Termios() {}

    private static final MethodHandle tcgetattr =
            Native.errnoCall("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle tcsetattr =
            Native.errnoCall("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** tcgetattr(3): fills {@code termios}; also how {@code isatty} tells a terminal. */
    public static int tcgetattr(int fd, MemorySegment termios) {
        return Native.retrying(st -> (int) tcgetattr.invokeExact(st, fd, termios));
    }

    /** tcsetattr(3) with {@code when} one of TCSANOW, TCSADRAIN, TCSAFLUSH. */
    public static int tcsetattr(int fd, int when, MemorySegment termios) {
        return Native.retrying(st -> (int) tcsetattr.invokeExact(st, fd, when, termios));
    }

    /** tcgetattr into a Java copy of the struct, {@code SIZEOF_TERMIOS} bytes; 0 or {@code -errno}. */
    public static int tcgetattr(int fd, byte[] termios) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(termios.length, 8);
            int r = tcgetattr(fd, t);
            if (r == 0) {
                MemorySegment.copy(t, JAVA_BYTE, 0, termios, 0, termios.length);
            }
            return r;
        }
    }

    /** tcsetattr from a Java copy of the struct; 0 or {@code -errno}. */
    public static int tcsetattr(int fd, int when, byte[] termios) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(termios.length, 8);
            MemorySegment.copy(termios, 0, t, JAVA_BYTE, 0, termios.length);
            return tcsetattr(fd, when, t);
        }
    }
}
