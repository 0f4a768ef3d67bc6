package dev.jipc.internal;

/**
 * The daemon threads jipc runs for itself (poller, reaper, cleaners, watchdogs, dispatchers).
 *
 * <p>Such a thread is started by whichever thread first needs it, and on Linux a new thread takes
 * its CPU affinity from the thread that creates it. A program that pins one of its threads to a
 * CPU (a benchmark's reader, a latency-critical worker) would otherwise pin jipc's poller or reaper
 * there too, for good, to compete with the very thread that was pinned. Each service thread
 * therefore first takes the affinity of the process's first thread, which is where the process as
 * a whole was allowed to run ({@code taskset} of the whole program included), and only then runs
 * its task. If the kernel will not say or will not change it, the thread keeps what it inherited.
 */
public final class ServiceThreads {
    private ServiceThreads() {}

    /** A daemon platform thread named {@code name}, not started, that runs {@code task} with the process's affinity. */
    public static Thread unstarted(String name, Runnable task) {
        return Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            followProcessAffinity();
            task.run();
        });
    }

    /** Like {@link #unstarted} and started. */
    public static Thread start(String name, Runnable task) {
        Thread t = unstarted(name, task);
        t.start();
        return t;
    }

    /** Gives the calling thread the CPU affinity of the process's first thread. */
    static void followProcessAffinity() {
        long[] process = Sched.affinity(Unistd.getpid());
        if (process != null) {
            Sched.setAffinity(process); // the same mask again changes nothing: no need to compare first
        }
    }
}
