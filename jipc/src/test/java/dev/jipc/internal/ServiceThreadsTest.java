package dev.jipc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServiceThreadsTest {

    /** The process's CPUs, and a mask of the first of them alone; skipped on a machine with one CPU. */
    private static long[][] processAndFirstCpu() {
        long[] process = Sched.affinity(Unistd.getpid());
        assumeTrue(process != null, "the kernel gives no affinity");
        assumeTrue(Arrays.stream(process).map(Long::bitCount).sum() >= 2, "needs two CPUs");
        long[] first = new long[process.length];
        for (int i = 0; i < process.length; i++) {
            if (process[i] != 0) {
                first[i] = Long.lowestOneBit(process[i]);
                break;
            }
        }
        return new long[][] {process, first};
    }

    @Test
    void aServiceThreadStartedByAPinnedThreadRunsWhereTheProcessMay() throws Exception {
        long[][] masks = processAndFirstCpu();
        long[] process = masks[0];
        long[] first = masks[1];
        AtomicReference<long[]> service = new AtomicReference<>();
        AtomicReference<long[]> plain = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread pinned = Thread.ofPlatform().start(() -> {
            try {
                assertThat(Sched.setAffinity(first)).isZero();
                Thread s = ServiceThreads.start("jipc-test-service", () -> service.set(Sched.affinity(0)));
                Thread p = Thread.ofPlatform().start(() -> plain.set(Sched.affinity(0)));
                s.join();
                p.join();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        pinned.join();
        assertThat(failure.get()).isNull();
        // What Linux does when nobody takes care: the new thread is pinned like its creator.
        assertThat(plain.get()).containsExactly(first);
        assertThat(service.get()).containsExactly(process);
    }

    @Test
    void aServiceThreadIsADaemonWithItsName() throws Exception {
        AtomicReference<String> name = new AtomicReference<>();
        Thread t = ServiceThreads.unstarted("jipc-test-named", () -> name.set(Thread.currentThread().getName()));
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.isVirtual()).isFalse();
        t.start();
        t.join();
        assertThat(name.get()).isEqualTo("jipc-test-named");
    }

    @Test
    void anAffinityNamingNoCpuIsRefusedAndChangesNothing() throws Exception {
        AtomicReference<long[]> before = new AtomicReference<>();
        AtomicReference<long[]> after = new AtomicReference<>();
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            before.set(Sched.affinity(0));
            result.set(Sched.setAffinity(new long[Sched.MAX_CPUS / 64]));
            after.set(Sched.affinity(0));
        });
        t.join();
        assertThat(result.get()).isEqualTo(-dev.jipc.Errno.EINVAL.number());
        assertThat(after.get()).containsExactly(before.get());
    }
}
