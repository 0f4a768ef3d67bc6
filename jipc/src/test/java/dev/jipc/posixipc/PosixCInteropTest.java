package dev.jipc.posixipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program opens the same named shared memory object, semaphore and message queue as jipc and
 * exchanges data with it both ways. Skipped without gcc.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PosixCInteropTest {
    private static final String PEER = """
            #include <ctype.h>
            #include <fcntl.h>
            #include <mqueue.h>
            #include <semaphore.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <unistd.h>
            /* argv: shm go done mq. Waits for "go", upper-cases the text in the shared memory and
               sends it on the queue with priority 7; waits for "go" again, receives one message,
               writes it with its priority to the shared memory, and posts "done". */
            int main(int argc, char **argv) {
                int fd = shm_open(argv[1], O_RDWR, 0);
                if (fd < 0) { perror("shm_open"); return 1; }
                char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (p == MAP_FAILED) { perror("mmap"); return 1; }
                sem_t *go = sem_open(argv[2], 0), *done = sem_open(argv[3], 0);
                if (go == SEM_FAILED || done == SEM_FAILED) { perror("sem_open"); return 1; }
                mqd_t q = mq_open(argv[4], O_RDWR);
                if (q == (mqd_t) -1) { perror("mq_open"); return 1; }
                if (sem_wait(go) != 0) { perror("sem_wait"); return 1; }
                for (char *c = p; *c; c++) *c = toupper((unsigned char) *c);
                if (mq_send(q, p, strlen(p), 7) != 0) { perror("mq_send"); return 1; }
                if (sem_wait(go) != 0) { perror("sem_wait"); return 1; }
                char buf[128]; unsigned prio;
                ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
                if (n < 0) { perror("mq_receive"); return 1; }
                snprintf(p, 4096, "%u:%.*s", prio, (int) n, buf);
                if (sem_post(done) != 0) { perror("sem_post"); return 1; }
                munmap(p, 4096); close(fd); sem_close(go); sem_close(done); mq_close(q);
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    private static Path peer;

    @BeforeAll
    static void buildThePeer() throws Exception {
        Assumptions.assumeTrue(onPath("gcc"), "gcc is not on PATH; the C peer cannot be built");
        Path src = dir.resolve("peer.c");
        peer = dir.resolve("peer");
        Files.writeString(src, PEER);
        // -lrt is harmless on glibc >= 2.34 (an empty stub) and needed before it.
        Process cc = new ProcessBuilder("gcc", "-O2", "-o", peer.toString(), src.toString(), "-lrt")
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), UTF_8);
        assertThat(cc.waitFor()).as(out).isZero();
    }

    @Test
    void aCProgramSharesMemoryASemaphoreAndAQueue() throws Exception {
        String shmName = TestNames.next("c-shm");
        String goName = TestNames.next("c-go");
        String doneName = TestNames.next("c-done");
        String mqName = TestNames.next("c-mq");
        try (PosixSharedMemory shm = PosixSharedMemory.create(shmName, 4096);
             PosixSemaphore go = PosixSemaphore.create(goName, 0);
             PosixSemaphore done = PosixSemaphore.create(doneName, 0);
             PosixMessageQueue mq = PosixMessageQueue.create(mqName, 4, 128)) {
            Process p = new ProcessBuilder(List.of(peer.toString(), shmName, goName, doneName, mqName))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                MemorySegment m = shm.memory();
                m.setString(0, "hello from java");
                go.post();
                PosixMessage upper = mq.receive(Duration.ofSeconds(30));
                assertThat(new String(upper.bytes(), UTF_8)).isEqualTo("HELLO FROM JAVA");
                assertThat(upper.priority()).isEqualTo(7);
                mq.send("and back".getBytes(UTF_8), 3);
                go.post();
                done.acquire(Duration.ofSeconds(30));
                assertThat(m.getString(0)).isEqualTo("3:and back");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), UTF_8)).isZero();
            } catch (Exception | AssertionError e) {
                String said = p.isAlive() ? "(still running)" : new String(p.getInputStream().readAllBytes(), UTF_8);
                throw new AssertionError("C peer: " + said, e);
            } finally {
                p.destroyForcibly().waitFor();
            }
        } finally {
            PosixSharedMemory.unlink(shmName);
            PosixSemaphore.unlink(goName);
            PosixSemaphore.unlink(doneName);
            PosixMessageQueue.unlink(mqName);
        }
    }

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
