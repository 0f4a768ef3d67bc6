package dev.jipc.posixipc;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique POSIX IPC names for tests: the prefix, this JVM's pid and a counter. */
final class TestNames {
    private TestNames() {}

    /** Every name a test creates starts with this, so leftovers are recognisable as ours. */
    static final String PREFIX = "/jipc-test-";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static String next(String what) {
        return PREFIX + ProcessHandle.current().pid() + "-" + what + "-" + COUNTER.incrementAndGet();
    }
}
