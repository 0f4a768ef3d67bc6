package dev.jipc.sysv;

import dev.jipc.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Removes every SysV object a test made, whether or not the test removed it itself. */
final class Cleanup implements AutoCloseable {
    private interface Remover {
        void remove() throws ErrnoException;
    }

    private final List<Remover> removers = new ArrayList<>();

    SharedMemory add(SharedMemory shm) {
        removers.add(() -> {
            shm.close();
            shm.remove();
        });
        return shm;
    }

    SemaphoreSet add(SemaphoreSet set) {
        removers.add(set::remove);
        return set;
    }

    MessageQueue add(MessageQueue q) {
        removers.add(q::remove);
        return q;
    }

    /** A key unlikely to be in use: high bit pattern plus randomness. */
    static IpcKey uniqueKey() {
        return IpcKey.of(0x6a000000 | ThreadLocalRandom.current().nextInt(1, 0xffffff));
    }

    @Override
    public void close() {
        for (Remover r : removers.reversed()) {
            try {
                r.remove();
            } catch (ErrnoException e) {
                // removed by the test already (EINVAL, EIDRM)
            }
        }
        removers.clear();
    }
}
