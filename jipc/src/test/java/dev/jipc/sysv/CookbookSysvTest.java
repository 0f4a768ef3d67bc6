package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The SysV section of docs/cookbook.md, run: perlipc's shared memory, semaphore and queue examples. */
class CookbookSysvTest {
    @Test
    void sharedMemory() throws Exception {
        // snippet: sysv-shm
        byte[] buff;
        try (SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, 2000)) {   // shmget(IPC_PRIVATE, 2000, 0600)
            shm.write("Message #1".getBytes(), 0, 60);   // shmwrite: zero-padded to 60 bytes
            buff = shm.read(0, 60);                      // shmread: exactly 60 bytes
            shm.remove();                                // shmctl(IPC_RMID)
        }                                                // detaches
        // end snippet
        assertThat(buff).hasSize(60);
        assertThat(new String(buff, 0, 10, StandardCharsets.US_ASCII)).isEqualTo("Message #1");
        assertThat(Arrays.copyOfRange(buff, 10, 60)).containsOnly((byte) 0);
    }

    @Test
    void semaphoreTakeAndGive() throws Exception {
        // perlipc's key: skip rather than touch a set some other program made.
        Assumptions.assumeTrue(SysvListing.semaphoreSets().stream().noneMatch(e -> e.key().equals(IpcKey.of(1234))),
                "a semaphore set with key 1234 exists already");
        // snippet: sysv-sem
        SemaphoreSet sem = SemaphoreSet.create(IpcKey.of(1234), 10, 0666);   // semget(1234, 10, 0666|IPC_CREAT)
        SemaphoreSet same = SemaphoreSet.open(IpcKey.of(1234));              // semget(1234, 0, 0)
        sem.op(SemOp.waitZero(0), SemOp.add(0, 1));                           // take
        sem.op(SemOp.add(0, -1));                                             // give
        // end snippet
        try {
            assertThat(same.get(0)).isZero();
            sem.op(SemOp.waitZero(0), SemOp.add(0, 1));
            assertThat(same.get(0)).isEqualTo(1); // taken: a second take would wait
            assertThat(same.op(SemOp.waitZero(0).withNoWait(), SemOp.add(0, 1))).isFalse();
        } finally {
            sem.remove();
        }
    }

    @Test
    void messageQueueRoundTrip() throws Exception {
        // snippet: sysv-msg
        MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);                 // msgget(IPC_PRIVATE, IPC_CREAT|0600)
        q.send(1234, "message".getBytes());                                  // msgsnd(pack("l! a*", 1234, ...))
        Message m = q.receive(60, TypeSelector.any());                       // msgrcv($id, $buf, 60, 0, 0)
        boolean okay = m.type() == 1234 && m.text().equals("message");
        q.remove();                                                          // msgctl(IPC_RMID)
        // end snippet
        assertThat(okay).isTrue();
    }
}
