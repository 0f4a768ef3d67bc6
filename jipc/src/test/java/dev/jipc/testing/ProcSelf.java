package dev.jipc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code /proc} says about this JVM: its open descriptors and its child processes.
 *
 * <p>Plain file reads only, no jipc code, so the guard cannot be fooled by the library it watches.
 */
public final class ProcSelf {
    private ProcSelf() {}

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final long PID = ProcessHandle.current().pid();
    /** What the listing's own directory descriptor links to. */
    private static final String LISTING = "/proc/" + PID + "/fd";

    /** One child process: its pid, its state letter from {@code /proc/PID/stat} and its command. */
    public record Child(long pid, char state, String command) {
        /** True for a child that has exited and is waiting to be reaped. */
        public boolean isZombie() {
            return state == 'Z';
        }

        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ") state " + state;
        }
    }

    /**
     * The open descriptors, number to link target ({@code "pipe:[1234]"}, a path, ...). The
     * descriptor the listing itself uses is left out.
     */
    public static SortedMap<Integer, String> openFds() {
        SortedMap<Integer, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FDS)) {
            for (Path p : dir) {
                try {
                    fds.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
                } catch (NoSuchFileException closedMeanwhile) {
                    // Another thread closed it between the listing and the readlink.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fds.values().removeIf(LISTING::equals);
        return fds;
    }

    /** Whether descriptor {@code fd} is open in this process. */
    public static boolean isOpen(int fd) {
        return Files.exists(FDS.resolve(Integer.toString(fd)), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** The child processes of this JVM, by pid, zombies included. */
    public static Map<Long, Child> children() {
        Map<Long, Child> children = new LinkedHashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : dir) {
                Child c = child(p);
                if (c != null) {
                    children.put(c.pid(), c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    /**
     * Reads {@code /proc/PID/stat} and returns the process if its parent is this JVM. The command
     * is in parentheses and may itself contain spaces and parentheses, so fields are counted from
     * the last ')'. (Scanning /proc works on every kernel; the cheaper
     * {@code /proc/self/task/TID/children} needs CONFIG_PROC_CHILDREN.)
     */
    private static Child child(Path proc) {
        String stat;
        // One roomy read: /proc files report size 0, and the line is far shorter than 4 KiB.
        try (InputStream in = Files.newInputStream(proc.resolve("stat"))) {
            stat = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        } catch (IOException goneOrHidden) {
            return null;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] rest = stat.substring(close + 2).split(" ");
        if (rest.length < 2 || Long.parseLong(rest[1]) != PID) {
            return null;
        }
        return new Child(Long.parseLong(stat.substring(0, open).strip()), rest[0].charAt(0),
                stat.substring(open + 1, close));
    }
}
