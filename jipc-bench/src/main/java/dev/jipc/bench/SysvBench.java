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
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jipc side of {@code jipc-bench/run-sysv}, mirroring {@code sysv_bench.c}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.SysvBench MODE ARGS...
 *   copy SEG CHUNK TOTAL [PASSES [CPU [CLIB]]]
 *                           into / out of the attached segment from / to a native buffer, with
 *                           MemorySegment.copy and with SharedMemory.write(MemorySegment, off) /
 *                           read(off, MemorySegment): "IN OUT SHM_IN SHM_OUT" (GB/s); with CLIB
 *                           (sysv_bench.c built as a library) also C's own loop run in this JVM
 *                           on the same segment and buffer, interleaved: "... C_IN C_OUT"
 *   rw SEG CHUNK TOTAL [PASSES [CPU]]
 *                           SharedMemory.write(byte[], off, len) / read(off, len) (Perl's shmwrite /
 *                           shmread, a new array per read) / read(off, byte[], 0, len) into one
 *                           reused array: "WRITE READ READ_INTO" (GB/s)
 *   sem N WARM              semaphore ping-pong with a child JVM: mean ns per round trip
 *   msg N WARM BYTES        message-queue ping-pong with a child JVM: mean ns per round trip
 * </pre>
 *
 * The copy loops run interleaved: {@value #UNTIMED_PASSES} untimed passes of every loop, then
 * {@code PASSES} (default {@value #DEFAULT_PASSES}) timed ones, each loop's figure the MEDIAN of its
 * timed passes, exactly as {@code sysv_bench.c} measures C's {@code memcpy}: a best pass would
 * reward whichever side happens to be noisier on a shared machine. With {@code CPU} (not -1) the
 * copying thread, and only it, is pinned to that CPU ({@code sched_setaffinity}), as the C program
 * pins itself: on a virtual machine one CPU may copy 1.5x slower than the other for minutes, and
 * the script gives both sides the same CPU in a round. The JVM's other threads stay unpinned.
 *
 * <p>Every figure is taken after a warm-up in the same JVM (untimed passes of the copy loops; for
 * the ping-pongs, {@code WARM} untimed round trips, during which the partner JVM also starts and
 * compiles its loop), so JVM start-up is not counted and the JIT has compiled the measured loop.
 * The ping-pong partner is this class again ({@code sem-pong ID COUNT}, {@code msg-pong ID COUNT
 * BYTES}), started with {@link ProcessBuilder}: jipc on both sides, as C and Perl are on both sides
 * of theirs. Both sides use platform threads (a program's main thread).
 */
public final class SysvBench {
    private SysvBench() {}

    /** Passes of every copy loop run before the timed ones (JIT compilation, first touch of pages). */
    static final int UNTIMED_PASSES = 3;
    /** Timed passes of every copy loop unless the command line says otherwise. */
    static final int DEFAULT_PASSES = 9;

    public static void main(String[] args) throws Throwable {
        switch (args.length > 0 ? args[0] : "") {
            case "copy" -> {
                pin(args);
                copy(Long.parseLong(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]), passes(args),
                        args.length > 6 ? args[6] : null);
            }
            case "rw" -> {
                pin(args);
                rw(Long.parseLong(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]), passes(args));
            }
            case "sem" -> sem(Long.parseLong(args[1]), Long.parseLong(args[2]));
            case "sem-pong" -> semPong(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "msg" -> msg(Long.parseLong(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "msg-pong" -> msgPong(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: SysvBench copy SEG CHUNK TOTAL [PASSES [CPU [CLIB]]] | rw SEG CHUNK TOTAL [PASSES [CPU]] | sem N WARM | msg N WARM BYTES");
                System.exit(2);
            }
        }
    }

    /** One piece of a copy loop over the segment: the piece at {@code off}, {@code done} bytes so far. */
    @FunctionalInterface
    private interface Step {
        long at(long off, long done) throws IOException;
    }

    /** One whole pass of a copy loop ({@code TOTAL} bytes); returns a checksum of what it read. */
    @FunctionalInterface
    private interface Loop {
        long pass() throws Throwable;
    }

    /** The loop that walks the segment in {@code chunk} pieces, {@code total} bytes, one step per piece. */
    private static Loop walk(long seg, int chunk, long total, Step step) {
        return () -> {
            long sum = 0;
            for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
                sum += step.at(off, done);
            }
            return sum;
        };
    }

    /** Pins the calling thread (Linux: pid 0 of sched_setaffinity is the caller) to CPU {@code args[5]}. */
    private static void pin(String[] args) throws Throwable {
        int cpu = args.length > 5 ? Integer.parseInt(args[5]) : -1;
        if (cpu < 0) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setaffinity = linker.downcallHandle(linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128, 8); // a cpu_set_t: 1024 bits
            mask.set(ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            if ((int) setaffinity.invokeExact(0, mask.byteSize(), mask) != 0) {
                throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed");
            }
        }
    }

    private static int passes(String[] args) {
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_PASSES;
        if (passes < 1) {
            throw new IllegalArgumentException("PASSES must be at least 1: " + passes);
        }
        return passes;
    }

    /**
     * Runs each loop in turn, {@link #UNTIMED_PASSES} untimed rounds and then {@code passes} timed
     * ones, and prints each loop's median GB/s: the loops are interleaved so drift on a shared
     * machine hits them alike, and the median keeps one lucky or unlucky pass from deciding.
     */
    private static void interleaved(long total, int passes, Loop... loops) throws Throwable {
        double[][] gbps = new double[loops.length][passes];
        long sum = 0;
        for (int round = 0; round < UNTIMED_PASSES + passes; round++) {
            for (int i = 0; i < loops.length; i++) {
                long t0 = System.nanoTime();
                sum += loops[i].pass();
                double g = (double) total / (System.nanoTime() - t0);
                if (round >= UNTIMED_PASSES) {
                    gbps[i][round - UNTIMED_PASSES] = g;
                }
            }
        }
        StringBuilder line = new StringBuilder();
        for (double[] g : gbps) {
            line.append(line.isEmpty() ? "" : " ").append(String.format("%.3f", median(g)));
        }
        System.out.println(line);
        if (sum == 42) {
            System.out.println();
        }
    }

    /** The median, as sysv_bench.c and the run-sysv script take it (mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void copy(long seg, int chunk, long total, int passes, String cLibrary) throws Throwable {
        SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, seg);
        try (shm; Arena arena = Arena.ofConfined()) {
            MemorySegment mem = shm.memory();
            shm.remove(); // attached: freed when this process detaches, whatever happens
            MemorySegment buf = arena.allocate(chunk, 4096);
            buf.fill((byte) 'x');
            List<Loop> loops = new ArrayList<>(List.of(walk(seg, chunk, total, (off, done) -> {
                buf.set(ValueLayout.JAVA_BYTE, 0, (byte) done);
                MemorySegment.copy(buf, 0, mem, off, chunk);
                return 0;
            }), walk(seg, chunk, total, (off, done) -> {
                MemorySegment.copy(mem, off, buf, 0, chunk);
                return buf.get(ValueLayout.JAVA_BYTE, off % chunk);
            }), walk(seg, chunk, total, (off, done) -> {
                buf.set(ValueLayout.JAVA_BYTE, 0, (byte) done);
                shm.write(buf, off);
                return 0;
            }), walk(seg, chunk, total, (off, done) -> {
                shm.read(off, buf);
                return buf.get(ValueLayout.JAVA_BYTE, off % chunk);
            })));
            if (cLibrary != null) {
                // sysv_bench.c's own loop, one downcall per pass, on this segment and buffer.
                Linker linker = Linker.nativeLinker();
                MethodHandle cPass = linker.downcallHandle(
                        SymbolLookup.libraryLookup(Path.of(cLibrary), Arena.global()).find("sysv_copy_pass").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                loops.add(() -> (long) cPass.invokeExact(mem, buf, seg, (long) chunk, total, 0));
                loops.add(() -> (long) cPass.invokeExact(mem, buf, seg, (long) chunk, total, 1));
            }
            interleaved(total, passes, loops.toArray(Loop[]::new));
        }
    }

    private static void rw(long seg, int chunk, long total, int passes) throws Throwable {
        SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, seg);
        try (shm) {
            shm.memory();
            shm.remove();
            byte[] data = new byte[chunk];
            Arrays.fill(data, (byte) 'x');
            byte[] into = new byte[chunk];
            interleaved(total, passes, walk(seg, chunk, total, (off, done) -> {
                data[0] = (byte) done;
                shm.write(data, off, chunk);
                return 0;
            }), walk(seg, chunk, total, (off, done) -> shm.read(off, chunk)[0]), walk(seg, chunk, total, (off, done) -> {
                shm.read(off, into, 0, chunk);
                return into[(int) (off % chunk)];
            }));
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
