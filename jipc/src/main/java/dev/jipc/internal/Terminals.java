package dev.jipc.internal;

import dev.jipc.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Questions about terminal descriptors that more than one package asks. */
public final class Terminals {
    private Terminals() {}

    /** The longest terminal path ptsname_r is given room for ({@code /dev/pts/N}). */
    static final int PATH_ROOM = 64;

    /**
     * Whether {@code fd} is the controller side of a pseudo-terminal: {@code ptsname_r} succeeds on
     * exactly those (it asks the kernel for the terminal number, which nothing else has).
     */
    public static boolean isPtyController(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return Stdlib.ptsnameR(fd, arena.allocate(PATH_ROOM)) == 0;
        }
    }

    /** The terminal side's path ({@code /dev/pts/N}) of the controller {@code fd}. */
    public static String terminalPath(int fd, String subject) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(PATH_ROOM);
            int r = Stdlib.ptsnameR(fd, buf);
            if (r < 0) {
                throw new ErrnoException(-r, "ptsname_r", subject);
            }
            return buf.getString(0);
        }
    }
}
