package dev.jipc.bench;

import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.Message;
import dev.jipc.sysv.MessageQueue;
import dev.jipc.sysv.SemOp;
import dev.jipc.sysv.SemaphoreSet;
import dev.jipc.sysv.SharedMemory;
import dev.jipc.sysv.TypeSelector;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The jipc side of {@code jipc-bench/run-sysv}, mirroring {@code sysv_bench.c}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.SysvBench MODE ARGS...
 *   copy SEG CHUNK TOTAL    MemorySegment.copy into / out of the attached segment: "IN_GBPS OUT_GBPS"
 *   rw SEG CHUNK TOTAL      SharedMemory.write / read (Perl's shmwrite / shmread): "WRITE_GBPS READ_GBPS"
 *   sem N WARM              semaphore ping-pong with a child JVM: mean ns per round trip
 *   msg N WARM BYTES        message-queue ping-pong with a child JVM: mean ns per round trip
 * </pre>
 *
 * Every figure is taken after a warm-up in the same JVM (a full untimed pass of the copy loops; for
 * the ping-pongs, {@code WARM} untimed round trips, during which the partner JVM also starts and
 * compiles its loop), so JVM start-up is not counted and the JIT has compiled the measured loop.
 * The ping-pong partner is this class again ({@code sem-pong ID COUNT}, {@code msg-pong ID COUNT
 * BYTES}), started with {@link ProcessBuilder}: jipc on both sides, as C and Perl are on both sides
 * of theirs. Both sides use platform threads (a program's main thread).
 */
public final class SysvBench {
    private SysvBench() {}

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "copy" -> copy(Long.parseLong(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "rw" -> rw(Long.parseLong(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "sem" -> sem(Long.parseLong(args[1]), Long.parseLong(args[2]));
            case "sem-pong" -> semPong(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "msg" -> msg(Long.parseLong(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "msg-pong" -> msgPong(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: SysvBench copy|rw SEG CHUNK TOTAL | sem N WARM | msg N WARM BYTES");
                System.exit(2);
            }
        }
    }

    private static void copy(long seg, int chunk, long total) throws IOException {
        SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, seg);
        try (shm; Arena arena = Arena.ofConfined()) {
            MemorySegment mem = shm.memory();
            shm.remove(); // attached: freed when this process detaches, whatever happens
            MemorySegment buf = arena.allocate(chunk, 4096);
            buf.fill((byte) 'x');
            long sum = 0;
            double in = 0;
            double out = 0;
            for (int pass = 0; pass < 5; pass++) {
                long t0 = System.nanoTime();
                if (pass % 2 == 1) {
                    for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
                        MemorySegment.copy(mem, off, buf, 0, chunk);
                        sum += buf.get(ValueLayout.JAVA_BYTE, off % chunk);
                    }
                } else {
                    for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
                        buf.set(ValueLayout.JAVA_BYTE, 0, (byte) done);
                        MemorySegment.copy(buf, 0, mem, off, chunk);
                    }
                }
                double gbps = (double) total / (System.nanoTime() - t0);
                if (pass >= 2) { // passes 0 and 1 warm up
                    if (pass % 2 == 1) {
                        out = Math.max(out, gbps);
                    } else {
                        in = Math.max(in, gbps);
                    }
                }
            }
            System.out.printf("%.3f %.3f%n", in, out);
            if (sum == 42) {
                System.out.println();
            }
        }
    }

    private static void rw(long seg, int chunk, long total) throws IOException {
        SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, seg);
        try (shm) {
            shm.memory();
            shm.remove();
            byte[] data = new byte[chunk];
            java.util.Arrays.fill(data, (byte) 'x');
            long sum = 0;
            double write = 0;
            double read = 0;
            for (int pass = 0; pass < 5; pass++) {
                long t0 = System.nanoTime();
                if (pass % 2 == 1) {
                    for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
                        sum += shm.read(off, chunk)[0];
                    }
                } else {
                    for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
                        data[0] = (byte) done;
                        shm.write(data, off, chunk);
                    }
                }
                double gbps = (double) total / (System.nanoTime() - t0);
                if (pass >= 2) {
                    if (pass % 2 == 1) {
                        read = Math.max(read, gbps);
                    } else {
                        write = Math.max(write, gbps);
                    }
                }
            }
            System.out.printf("%.3f %.3f%n", write, read);
            if (sum == 42) {
                System.out.println();
            }
        }
    }

    private static Process partner(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SysvBench.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    private static void finish(Process child, long t0, long t1, long n) throws InterruptedException {
        if (child.waitFor() != 0) {
            throw new IllegalStateException("partner exited " + child.exitValue());
        }
        System.out.printf("%.0f%n", (double) (t1 - t0) / n);
    }

    private static void sem(long n, long warm) throws Exception {
        SemaphoreSet set = SemaphoreSet.create(IpcKey.PRIVATE, 2);
        try {
            Process child = partner("sem-pong", String.valueOf(set.id()), String.valueOf(n + warm));
            SemOp ping = SemOp.add(0, 1);
            SemOp pong = SemOp.add(1, -1);
            long t0 = 0;
            for (long i = 0; i < n + warm; i++) {
                if (i == warm) {
                    t0 = System.nanoTime();
                }
                set.op(ping);
                set.op(pong);
            }
            long t1 = System.nanoTime();
            finish(child, t0, t1, n);
        } finally {
            set.remove();
        }
    }

    private static void semPong(int id, long count) throws Exception {
        SemaphoreSet set = SemaphoreSet.ofId(id);
        SemOp take = SemOp.add(0, -1);
        SemOp answer = SemOp.add(1, 1);
        for (long i = 0; i < count; i++) {
            set.op(take);
            set.op(answer);
        }
    }

    private static void msg(long n, long warm, int size) throws Exception {
        MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);
        try {
            Process child = partner("msg-pong", String.valueOf(q.id()), String.valueOf(n + warm), String.valueOf(size));
            byte[] data = new byte[size];
            TypeSelector answers = TypeSelector.exactly(2);
            long t0 = 0;
            for (long i = 0; i < n + warm; i++) {
                if (i == warm) {
                    t0 = System.nanoTime();
                }
                q.send(1, data);
                q.receive(size, answers);
            }
            long t1 = System.nanoTime();
            finish(child, t0, t1, n);
        } finally {
            q.remove();
        }
    }

    private static void msgPong(int id, long count, int size) throws Exception {
        MessageQueue q = MessageQueue.ofId(id);
        TypeSelector pings = TypeSelector.exactly(1);
        for (long i = 0; i < count; i++) {
            Message m = q.receive(size, pings);
            q.send(2, m.data());
        }
    }
}
