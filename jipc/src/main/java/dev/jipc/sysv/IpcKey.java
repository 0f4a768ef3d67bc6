package dev.jipc.sysv;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Ipc;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The key a SysV object is found by: {@link #PRIVATE} (a new object only its creator knows the id of),
 * a number agreed between programs, or one derived from a path and a project id with {@link #ftok}.
 *
 * <p>Printed as {@code ipcs} prints keys: {@code 0x000004d2} for 1234.
 *
 * @param value the key as C's {@code key_t} (an int; 0 is {@code IPC_PRIVATE})
 */
public record IpcKey(int value) {
    /** {@code IPC_PRIVATE}: always creates a new object. */
    public static final IpcKey PRIVATE = new IpcKey(0);

    /** The key with this number (Perl's {@code $IPC_KEY = 1234}). */
    public static IpcKey of(int value) {
        return new IpcKey(value);
    }

    /**
     * ftok(3): the key C and Perl programs derive from an existing file and a project id (only its low
     * 8 bits count, and it must not be 0).
     *
     * @throws ErrnoException {@code ENOENT} if the file does not exist
     */
    public static IpcKey ftok(Path path, int projId) throws ErrnoException {
        if ((projId & 0xff) == 0) {
            throw new IllegalArgumentException("ftok: the project id's low 8 bits must not be 0, got " + projId);
        }
        long r = Ipc.ftok(path.toString(), projId);
        if (r < 0) {
            throw new ErrnoException((int) -r, "ftok", path.toString());
        }
        return new IpcKey((int) r);
    }

    /** Parses {@code 0x4d2} (hex, as ipcs prints) or {@code 1234} (decimal, as Perl programs write). */
    public static IpcKey parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("private") || t.equals("ipc_private")) {
            return PRIVATE;
        }
        long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        if (v < Integer.MIN_VALUE || v > 0xffffffffL) {
            throw new NumberFormatException("not a 32-bit IPC key: " + text);
        }
        return new IpcKey((int) v);
    }

    /** Whether this is {@link #PRIVATE}. */
    public boolean isPrivate() {
        return value == 0;
    }

    /** The key in ipcs' form, {@code 0x000004d2}. */
    @Override
    public String toString() {
        return String.format("0x%08x", value);
    }
}
