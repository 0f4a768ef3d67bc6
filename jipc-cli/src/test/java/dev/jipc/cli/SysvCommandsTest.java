package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.ErrnoException;
import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.MessageQueue;
import dev.jipc.sysv.SemaphoreSet;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jipc shm|sem|msg}, in-process, alone and against perlipc's Perl programs. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SysvCommandsTest {
    private final IpcKey key = IpcKey.of(0x6b000000 | ThreadLocalRandom.current().nextInt(1, 0xffffff));
    private final String k = String.valueOf(key.value());

    @AfterEach
    void removeWhatIsLeft() {
        try {
            SemaphoreSet.open(key).remove();
        } catch (ErrnoException ignored) {
            // none made or already removed
        }
        try {
            MessageQueue.open(key).remove();
        } catch (ErrnoException ignored) {
            // none made or already removed
        }
    }

    @Test
    void shmDemoWritesReadsAndDeletes() {
        CliRun run = CliRun.of("shm", "demo");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^shm key \\d+$")
                .contains("wrote: 'Message #1'", "read : 'Message #1' (60 bytes, zero-padded)", "swell")
                .containsPattern("(?m)^deleting shm \\d+$").doesNotContain("unswell");
    }

    @Test
    void semCreateTakeGiveRemove() throws Exception {
        assertThat(CliRun.of("sem", "create", k).out()).startsWith("sem id ").contains("10 semaphores");
        SemaphoreSet set = SemaphoreSet.open(key);
        CliRun take = CliRun.of("sem", "take", String.format("0x%x", key.value()));
        assertThat(take.exitCode()).isZero();
        assertThat(take.out()).isEqualTo("took semaphore 0 of set id " + set.id() + "\n");
        assertThat(set.get(0)).isEqualTo(1);

        CliRun again = CliRun.of("sem", "take", k, "--timeout", "100ms");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("jipc sem take: ").contains("timed out");
        assertThat(again.err().lines()).hasSize(1);
        assertThat(set.get(0)).isEqualTo(1);

        assertThat(CliRun.of("sem", "give", k).exitCode()).isZero();
        assertThat(set.get(0)).isZero();
        CliRun rm = CliRun.of("sem", "rm", k);
        assertThat(rm.out()).isEqualTo("removed sem id " + set.id() + "\n");
        CliRun gone = CliRun.of("sem", "rm", k);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("ENOENT");
    }

    @Test
    void badKeyIsOneLine() {
        for (String[] args : List.of(new String[] {"sem", "take", "twelve"}, new String[] {"msg", "receive", "0xzz"},
                new String[] {"msg", "send", "1e3", "1", "x"}, new String[] {"sem", "rm", "0"})) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).startsWith("jipc " + args[0] + " " + args[1] + ": ").contains("key");
        }
    }

    @Test
    void missingObjectsAreOneLine() {
        for (String[] args : List.of(new String[] {"sem", "take", k}, new String[] {"sem", "give", k},
                new String[] {"msg", "receive", k}, new String[] {"msg", "send", k, "1", "x"},
                new String[] {"msg", "rm", k})) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).contains("key " + key, "ENOENT");
        }
    }

    @Test
    void msgSendReceiveRemove() throws Exception {
        assertThat(CliRun.of("msg", "send", "--create", k, "7", "first").exitCode()).isZero();
        assertThat(CliRun.of("msg", "send", k, "1234", "message").exitCode()).isZero();
        assertThat(CliRun.of("msg", "receive", k, "1234").out()).isEqualTo("1234\tmessage\n");
        assertThat(CliRun.of("msg", "receive", k).out()).isEqualTo("7\tfirst\n");
        CliRun empty = CliRun.of("msg", "receive", k, "--no-wait");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("ENOMSG");
        CliRun late = CliRun.of("msg", "receive", k, "--timeout", "50ms");
        assertThat(late.exitCode()).isEqualTo(1);
        assertThat(late.err()).contains("timed out");
        assertThat(CliRun.of("msg", "send", k, "0", "x").err()).contains("positive");
        assertThat(CliRun.of("msg", "rm", k).out()).startsWith("removed msg id ");
    }

    @Test
    void perlCreatesAndGivesWhatJipcSemTakeWaitsFor() throws Exception {
        assumePerl();
        perl("""
                use IPC::SysV qw(IPC_CREAT);
                my $id = semget($ARGV[0], 10, 0666 | IPC_CREAT);
                defined($id) || die "semget: $!";
                print "sem id $id\\n";
                """, k);
        assertThat(CliRun.of("sem", "take", k).exitCode()).isZero();
        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> CliRun.of("sem", "take", k));
        SemaphoreSet set = SemaphoreSet.open(key);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (set.waitingForZero(0) == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(second).as("the second take waits for the give").isNotDone();
        perl(GIVE, k);
        CliRun run = second.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("took semaphore 0");
        assertThat(set.get(0)).isEqualTo(1);
    }

    @Test
    void jipcSemGiveReleasesPerlTake() throws Exception {
        assumePerl();
        assertThat(CliRun.of("sem", "create", k, "--mode", "0666").exitCode()).isZero();
        assertThat(CliRun.of("sem", "take", k).exitCode()).isZero();
        SemaphoreSet set = SemaphoreSet.open(key);
        Process take = start(TAKE + "print \"taken\\n\";\n", k);
        try {
            while (set.waitingForZero(0) == 0 && take.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(take.isAlive()).as("perl's take waits").isTrue();
            assertThat(CliRun.of("sem", "give", k).exitCode()).isZero();
            BufferedReader r = new BufferedReader(new InputStreamReader(take.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("taken");
            assertThat(take.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            take.destroyForcibly().waitFor();
        }
        assertThat(set.get(0)).isEqualTo(1);
    }

    @Test
    void jipcMsgSendIsReadByPerlMsgrcv() throws Exception {
        assumePerl();
        assertThat(CliRun.of("msg", "send", "-c", k, "1234", "message").exitCode()).isZero();
        String out = perl("""
                my $id = msgget($ARGV[0], 0);
                defined($id) || die "msgget: $!";
                msgrcv($id, my $rcvd_buf, 60, 0, 0) || die "msgrcv failed: $!";
                my ($type_rcvd, $rcvd) = unpack("l! a*", $rcvd_buf);
                print "$type_rcvd $rcvd\\n";
                """, k);
        assertThat(out).isEqualTo("1234 message\n");
    }

    @Test
    void perlMsgsndIsReadByJipcMsgReceive() throws Exception {
        assumePerl();
        perl("""
                use IPC::SysV qw(IPC_CREAT S_IRUSR S_IWUSR);
                my $id = msgget($ARGV[0], IPC_CREAT | S_IRUSR | S_IWUSR);
                defined($id) || die "msgget failed: $!";
                msgsnd($id, pack("l! a*", 1234, "message"), 0) || die "msgsnd failed: $!";
                """, k);
        CliRun run = CliRun.of("msg", "receive", k, "1234");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("1234\tmessage\n");
        assertThat(CliRun.of("msg", "rm", k).exitCode()).isZero();
    }

    private static final String TAKE = """
            my $id = semget($ARGV[0], 0, 0);
            defined($id) || die "semget: $!";
            my $opstring = pack("s!s!s!", 0, 0, 0) . pack("s!s!s!", 0, 1, 0);
            semop($id, $opstring) || die "semop: $!";
            """;
    private static final String GIVE = """
            my $id = semget($ARGV[0], 0, 0);
            die unless defined($id);
            semop($id, pack("s!s!s!", 0, -1, 0)) || die "semop: $!";
            """;

    private static void assumePerl() {
        boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "perl")));
        Assumptions.assumeTrue(onPath, "perl is not on PATH; the Perl side of the interop cannot run");
    }

    private static Process start(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("perl", "-Mstrict", "-Mwarnings", "-e", program));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static String perl(String program, String... args) throws Exception {
        Process p = start(program, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("perl failed: " + out);
        }
        return out;
    }
}
