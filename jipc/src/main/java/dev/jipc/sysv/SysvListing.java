package dev.jipc.sysv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SysV objects of the system, read from {@code /proc/sysvipc/{shm,sem,msg}}: what {@code ipcs}
 * shows. Columns are found by their header names, so kernels that add columns still parse. Only the
 * objects the caller may see are listed (the kernel filters by IPC namespace).
 */
public final class SysvListing {
    private SysvListing() {}

    private static final Path ROOT = Path.of("/proc/sysvipc");

    /** A shared memory segment as listed. */
    public record SharedMemoryEntry(IpcKey key, int id, int mode, long size, int creatorPid, int lastPid,
                                    long attachments, int uid, int gid) {}

    /** A semaphore set as listed. */
    public record SemaphoreSetEntry(IpcKey key, int id, int mode, int count, int uid, int gid) {}

    /** A message queue as listed. */
    public record MessageQueueEntry(IpcKey key, int id, int mode, long bytes, long messages, int lastSendPid,
                                    int lastReceivePid, int uid, int gid) {}

    /** Every shared memory segment. */
    public static List<SharedMemoryEntry> sharedMemory() throws IOException {
        return read("shm", r -> new SharedMemoryEntry(r.key(), r.i("shmid"), r.mode(), r.l("size"), r.i("cpid"),
                r.i("lpid"), r.l("nattch"), r.i("uid"), r.i("gid")));
    }

    /** Every semaphore set. */
    public static List<SemaphoreSetEntry> semaphoreSets() throws IOException {
        return read("sem", r -> new SemaphoreSetEntry(r.key(), r.i("semid"), r.mode(), r.i("nsems"), r.i("uid"),
                r.i("gid")));
    }

    /** Every message queue. */
    public static List<MessageQueueEntry> messageQueues() throws IOException {
        return read("msg", r -> new MessageQueueEntry(r.key(), r.i("msqid"), r.mode(), r.l("cbytes"), r.l("qnum"),
                r.i("lspid"), r.i("lrpid"), r.i("uid"), r.i("gid")));
    }

    private record Row(Map<String, String> cells) {
        String s(String column) {
            String v = cells.get(column);
            if (v == null) {
                throw new UncheckedIOException(new IOException("/proc/sysvipc: no column " + column));
            }
            return v;
        }

        int i(String column) {
            return (int) Long.parseLong(s(column));
        }

        long l(String column) {
            return Long.parseUnsignedLong(s(column));
        }

        IpcKey key() {
            return IpcKey.of((int) Long.parseLong(s("key")));
        }

        int mode() {
            return Integer.parseInt(s("perms"), 8);
        }
    }

    private static <T> List<T> read(String file, Function<Row, T> make) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROOT.resolve(file));
        } catch (NoSuchFileException e) {
            return List.of(); // a kernel without SysV IPC
        }
        List<T> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        String[] header = lines.getFirst().trim().split("\\s+");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length < header.length) {
                continue;
            }
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], cells[i]);
            }
            out.add(make.apply(new Row(m)));
        }
        return out;
    }
}
