package dev.jipc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The named POSIX IPC objects the tests of this JVM made: entries of {@code /dev/shm} (shared
 * memory, and semaphores as {@code sem.NAME}) and, where that file system is mounted,
 * {@code /dev/mqueue} whose name starts with {@code jipc-test-PID-}. Plain directory listings, no
 * jipc code. Queues are only seen where {@code /dev/mqueue} is mounted; elsewhere a leaked queue
 * goes unnoticed.
 */
public final class PosixObjects {
    private PosixObjects() {}

    private static final String OURS = "jipc-test-" + ProcessHandle.current().pid() + "-";

    /** Each as {@code "/dev/shm/sem.jipc-test-123-sem-4"}. */
    public static Set<String> ours() {
        Set<String> out = new TreeSet<>();
        for (String dir : new String[] {"/dev/shm", "/dev/mqueue"}) {
            try (Stream<Path> entries = Files.list(Path.of(dir))) {
                entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(OURS) || n.startsWith("sem." + OURS))
                        .forEach(n -> out.add(dir + "/" + n));
            } catch (NoSuchFileException e) {
                // not mounted here
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
