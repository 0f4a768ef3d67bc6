package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The perlipc SysV programs, in Perl and in C, against jipc, in both directions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerlAndCInteropTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void removeAll() {
        cleanup.close();
    }

    private static String strip(byte[] buff) {
        String s = new String(buff, StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    @Test
    void perlShmwriteThenJipcRead() throws Exception {
        PerlPrograms.assumePerl();
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 2000));
        PerlPrograms.run("""
                shmwrite($ARGV[0], "Message #1", 0, 60) || die "shmwrite: $!";
                """, String.valueOf(shm.id()));
        assertThat(strip(shm.read(0, 60))).isEqualTo("Message #1");
    }

    @Test
    void jipcWriteThenPerlShmread() throws Exception {
        PerlPrograms.assumePerl();
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 2000));
        shm.write("Message from Java".getBytes(StandardCharsets.UTF_8), 0, 60);
        String out = PerlPrograms.run("""
                shmread($ARGV[0], my $buff, 0, 60) || die "shmread: $!";
                print length($buff), "\\n";
                substr($buff, index($buff, "\\0")) = "";
                print "$buff\\n";
                """, String.valueOf(shm.id()));
        assertThat(out).isEqualTo("60\nMessage from Java\n");
    }

    @Test
    void perlCreatesTheSemaphoreAndGivesWhatJipcTakes() throws Exception {
        PerlPrograms.assumePerl();
        IpcKey key = Cleanup.uniqueKey();
        String id = PerlPrograms.run("""
                use IPC::SysV qw(IPC_CREAT);
                my $id = semget($ARGV[0], 10, 0666 | IPC_CREAT);
                defined($id) || die "semget: $!";
                print "$id\\n";
                """, String.valueOf(key.value())).trim();
        SemaphoreSet sem = cleanup.add(SemaphoreSet.open(key));
        assertThat(sem.id()).isEqualTo(Integer.parseInt(id));
        assertThat(sem.size()).isEqualTo(10);

        SemaphoreSetTest.take(sem);
        CompletableFuture<Void> taken = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                SemaphoreSetTest.take(sem);
                taken.complete(null);
            } catch (Exception e) {
                taken.completeExceptionally(e);
            }
        });
        Thread.sleep(100);
        assertThat(taken).isNotDone();
        PerlPrograms.run(GIVE, String.valueOf(key.value()));
        taken.get(30, TimeUnit.SECONDS);
        assertThat(sem.get(0)).isEqualTo(1);
    }

    @Test
    void jipcGivesWhatPerlTakes() throws Exception {
        PerlPrograms.assumePerl();
        IpcKey key = Cleanup.uniqueKey();
        SemaphoreSet sem = cleanup.add(SemaphoreSet.create(IpcKey.of(key.value()), 10, 0666));
        SemaphoreSetTest.take(sem);
        Process perl = PerlPrograms.start(TAKE + "print \"taken\\n\";\n", String.valueOf(key.value()));
        try {
            while (sem.waitingForZero(0) == 0 && perl.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(perl.isAlive()).as("perl take waits").isTrue();
            SemaphoreSetTest.give(sem);
            BufferedReader r = new BufferedReader(new InputStreamReader(perl.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("taken");
            assertThat(perl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(perl.exitValue()).isZero();
        } finally {
            perl.destroyForcibly().waitFor();
        }
        assertThat(sem.get(0)).isEqualTo(1);
    }

    private static final String TAKE = """
            my $id = semget($ARGV[0], 0, 0);
            defined($id) || die "semget: $!";
            my $opstring = pack("s!s!s!", 0, 0, 0) . pack("s!s!s!", 0, 1, 0);
            semop($id, $opstring) || die "semop: $!";
            """;

    private static final String GIVE = """
            my $id = semget($ARGV[0], 0, 0);
            defined($id) || die "semget: $!";
            semop($id, pack("s!s!s!", 0, -1, 0)) || die "semop: $!";
            """;

    @Test
    void messagesOfType1234BothWays() throws Exception {
        PerlPrograms.assumePerl();
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        q.send(99, "decoy".getBytes(StandardCharsets.UTF_8));
        PerlPrograms.run("""
                msgsnd($ARGV[0], pack("l! a*", 1234, "message"), 0) || die "msgsnd: $!";
                """, String.valueOf(q.id()));
        Message m = q.receive(60, TypeSelector.exactly(1234), Duration.ofSeconds(30));
        assertThat(m.type()).isEqualTo(1234);
        assertThat(m.text()).isEqualTo("message");

        q.send(1234, "reply from Java".getBytes(StandardCharsets.UTF_8));
        String out = PerlPrograms.run("""
                msgrcv($ARGV[0], my $buf, 60, 1234, 0) || die "msgrcv: $!";
                my ($type, $text) = unpack("l! a*", $buf);
                print "$type $text\\n";
                """, String.valueOf(q.id()));
        assertThat(out).isEqualTo("1234 reply from Java\n");
        assertThat(q.receive(60, TypeSelector.any()).text()).isEqualTo("decoy");
    }

    @Test
    void aCProgramSharesASegmentAndASemaphoreSet(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(PerlPrograms.onPath("gcc"), "gcc is not on PATH; the C peer cannot be built");
        Path src = dir.resolve("peer.c");
        Path bin = dir.resolve("peer");
        Files.writeString(src, """
                #include <ctype.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <sys/sem.h>
                #include <sys/shm.h>
                /* Waits for semaphore 0, upper-cases the text in the segment, then posts semaphore 1. */
                int main(int argc, char **argv) {
                    int shm = atoi(argv[1]), sem = atoi(argv[2]);
                    char *p = shmat(shm, NULL, 0);
                    if (p == (void *) -1) { perror("shmat"); return 1; }
                    struct sembuf wait = {0, -1, 0}, post = {1, 1, 0};
                    if (semop(sem, &wait, 1) != 0) { perror("semop"); return 1; }
                    for (char *c = p; *c; c++) *c = toupper((unsigned char) *c);
                    if (semop(sem, &post, 1) != 0) { perror("semop"); return 1; }
                    return shmdt(p);
                }
                """);
        Process cc = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(ccOut).isZero();

        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 4096));
        SemaphoreSet sem = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 2));
        Process peer = new ProcessBuilder(List.of(bin.toString(), String.valueOf(shm.id()), String.valueOf(sem.id())))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            shm.write("hello from java".getBytes(StandardCharsets.UTF_8), 0, 64);
            sem.op(SemOp.add(0, 1));
            sem.op(Duration.ofSeconds(30), SemOp.add(1, -1));
            assertThat(strip(shm.read(0, 64))).isEqualTo("HELLO FROM JAVA");
            assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.exitValue()).as(new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        } finally {
            peer.destroyForcibly().waitFor();
        }
    }

    @Test
    void perlFtokAgreesWithJipc(@TempDir Path dir) throws Exception {
        PerlPrograms.assumePerl();
        Path f = Files.createFile(dir.resolve("anchor"));
        String out = PerlPrograms.run("""
                use IPC::SysV qw(ftok);
                printf "0x%08x\\n", ftok($ARGV[0], 65);
                """, f.toString());
        assertThat(out.trim()).isEqualTo(IpcKey.ftok(f, 65).toString());
    }
}
