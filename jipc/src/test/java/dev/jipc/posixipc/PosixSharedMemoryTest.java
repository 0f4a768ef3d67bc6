package dev.jipc.posixipc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixSharedMemoryTest {

    @Test
    void twoOpeningsShareTheSameMemory() throws Exception {
        String name = TestNames.next("shm");
        try (PosixSharedMemory a = PosixSharedMemory.create(name, 4096);
             PosixSharedMemory b = PosixSharedMemory.open(name)) {
            assertThat(b.size()).isEqualTo(4096);
            assertThat(Files.size(Path.of("/dev/shm", name.substring(1)))).isEqualTo(4096);
            a.memory().set(JAVA_LONG, 8, 0x1234_5678_9abcL);
            assertThat(b.memory().get(JAVA_LONG, 8)).isEqualTo(0x1234_5678_9abcL);
            assertThat(b.memory().get(JAVA_LONG, 0)).as("ftruncate fills with zeros").isZero();
        } finally {
            PosixSharedMemory.unlink(name);
        }
    }

    @Test
    void twoThreadsCountThroughTheSegment() throws Exception {
        String name = TestNames.next("shm");
        try (PosixSharedMemory shm = PosixSharedMemory.create(name, 64)) {
            PosixSharedMemory.unlink(name); // the mapping stays usable after the name is gone
            MemorySegment m = shm.memory();
            var handle = JAVA_INT.varHandle();
            Runnable add = () -> {
                for (int i = 0; i < 10_000; i++) {
                    handle.getAndAdd(m, 0L, 1);
                }
            };
            Thread t1 = Thread.ofVirtual().start(add);
            Thread t2 = Thread.ofPlatform().start(add);
            t1.join();
            t2.join();
            assertThat(m.get(JAVA_INT, 0)).isEqualTo(20_000);
        }
    }

    @Test
    void readOnlyOpeningRefusesWrites() throws Exception {
        String name = TestNames.next("shm");
        try (PosixSharedMemory rw = PosixSharedMemory.create(name, 16);
             PosixSharedMemory ro = PosixSharedMemory.openReadOnly(name)) {
            rw.memory().set(JAVA_INT, 0, 7);
            assertThat(ro.isReadOnly()).isTrue();
            assertThat(ro.memory().get(JAVA_INT, 0)).isEqualTo(7);
            assertThatThrownBy(() -> ro.memory().set(JAVA_INT, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            PosixSharedMemory.unlink(name);
        }
    }

    @Test
    void closedMemoryThrowsInsteadOfCrashing() throws Exception {
        String name = TestNames.next("shm");
        PosixSharedMemory shm = PosixSharedMemory.create(name, 16);
        MemorySegment m = shm.memory();
        shm.close();
        shm.close();
        PosixSharedMemory.unlink(name);
        assertThatThrownBy(() -> m.get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(shm::memory).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createOrOpenCreatesThenOpens() throws Exception {
        String name = TestNames.next("shm");
        try (PosixSharedMemory a = PosixSharedMemory.createOrOpen(name, 128);
             PosixSharedMemory b = PosixSharedMemory.createOrOpen(name, 4096)) {
            assertThat(b.size()).as("an existing object keeps its size").isEqualTo(128);
        } finally {
            PosixSharedMemory.unlink(name);
        }
    }

    @Test
    void errorsAreTyped() throws Exception {
        String name = TestNames.next("shm");
        assertThatThrownBy(() -> PosixSharedMemory.open(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("shm_open " + name);
        try (PosixSharedMemory ignored = PosixSharedMemory.create(name, 16)) {
            assertThatThrownBy(() -> PosixSharedMemory.create(name, 16))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        }
        PosixSharedMemory.unlink(name);
        assertThatThrownBy(() -> PosixSharedMemory.unlink(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void badNamesAreRefusedBeforeAnySystemCall() {
        for (String bad : new String[] {"noslash", "/", "/a/b", "/..", "/" + "x".repeat(256)}) {
            assertThatThrownBy(() -> PosixSharedMemory.create(bad, 16))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POSIX IPC name");
        }
        assertThatThrownBy(() -> PosixSemaphore.open("/" + "x".repeat(252)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("251");
        assertThatThrownBy(() -> PosixMessageQueue.open("bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
    }

    @Test
    void theCookbookSnippetRuns() throws Exception {
        String shmName = TestNames.next("cookbook-shm");
        String semName = TestNames.next("cookbook-sem");
        String mqName = TestNames.next("cookbook-mq");
        // snippet: posix-ipc
        // shared memory: shm_open(O_CREAT|O_EXCL, 0600) + ftruncate, then mmap(MAP_SHARED)
        try (PosixSharedMemory shm = PosixSharedMemory.create(shmName, 4096)) {
            shm.memory().setString(0, "hello");
        }
        // semaphore: sem_open(O_CREAT|O_EXCL, 0600, 0)
        try (PosixSemaphore sem = PosixSemaphore.create(semName, 0)) {
            sem.post();                                   // sem_post
            sem.acquire(Duration.ofSeconds(5));           // sem_wait with a timeout
        }
        // message queue: mq_open(O_CREAT|O_EXCL, 0600, {mq_maxmsg 10, mq_msgsize 256})
        try (PosixMessageQueue q = PosixMessageQueue.create(mqName, 10, 256)) {
            q.send("job".getBytes(), 5);                  // priority 5
            PosixMessage m = q.receive();                 // highest priority first
        }
        PosixSharedMemory.unlink(shmName);
        PosixSemaphore.unlink(semName);
        PosixMessageQueue.unlink(mqName);
        // end snippet
    }
}
