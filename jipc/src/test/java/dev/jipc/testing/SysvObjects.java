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
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length > uid && Long.parseLong(cells[uid]) == UID) {
                    out.add(kind + " id " + cells[id] + " key " + String.format("0x%08x", Long.parseLong(cells[key])));
                }
            }
        }
        return out;
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
