package dev.jipc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SysV objects owned by this JVM's user, from {@code /proc/sysvipc}: plain file reads, no jipc
 * code. Each is described as {@code "msg id 5 key 0x000004d2"}.
 *
 * <p>Other programs of the same user may create objects while a test class runs (on a developer's
 * machine, say). Shared memory lists its creator's pid, so a segment made by a live process that is
 * neither this JVM nor one of its descendants is not counted. Semaphore sets and message queues
 * carry no creator pid; for them the check relies on nothing else of this user making some
 * meanwhile, which holds on a CI machine.
 */
public final class SysvObjects {
    private SysvObjects() {}

    private static final long UID = uid();

    /** Every shared memory segment, semaphore set and message queue our uid owns now. */
    public static Set<String> owned() {
        Set<String> out = new TreeSet<>();
        for (String kind : List.of("shm", "sem", "msg")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/sysvipc", kind));
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = List.of(lines.getFirst().trim().split("\\s+"));
            int key = header.indexOf("key");
            int id = 1;
            int uid = header.indexOf("uid");
            int cpid = header.indexOf("cpid");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.trim().split("\\s+");
                if (cpid >= 0 && cells.length > cpid && madeElsewhere(Long.parseLong(cells[cpid]))) {
                    continue;
                }
                if (cells.length > uid && Long.parseLong(cells[uid]) == UID) {
                    out.add(kind + " id " + cells[id] + " key " + String.format("0x%08x", Long.parseLong(cells[key])));
                }
            }
        }
        return out;
    }

    /** Whether {@code pid} is alive and neither this JVM nor a descendant of it. */
    private static boolean madeElsewhere(long pid) {
        long self = ProcessHandle.current().pid();
        for (long p = pid; p > 1; ) {
            if (p == self) {
                return false;
            }
            long parent = parentOf(p);
            if (parent < 0) {
                return p != pid; // the creator itself gone: maybe our late child, so count it
            }
            p = parent;
        }
        return parentOf(pid) >= 0;
    }

    /** The parent pid from /proc/PID/stat, or -1 if the process is gone. */
    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[1]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
