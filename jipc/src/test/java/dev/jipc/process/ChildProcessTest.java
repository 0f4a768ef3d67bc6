package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.signal.Signal;
import dev.jipc.testing.ProcSelf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real children: exit statuses, signals, arguments, environment, redirects, groups, reaping. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildProcessTest {
    @TempDir
    Path dir;

    /** Runs {@code cmd} with stdout piped; asserts it exits 0 and returns what it printed. */
    static String output(Command cmd) throws IOException {
        try (ChildProcess p = cmd.stdout(Redirect.pipe()).start()) {
            String out = new String(p.stdout().inputStream().readAllBytes(), UTF_8);
            assertThat(p.waitFor()).as("status of %s", cmd).isEqualTo(new ExitStatus.Exited(0));
            return out;
        }
    }

    // ---------------------------------------------------------------- exit statuses

    @Test
    void exitCodes() throws IOException {
        assertThat(Command.of("/bin/true").run()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(Command.of("false").run()).isEqualTo(new ExitStatus.Exited(1));
        ExitStatus three = Command.of("sh", "-c", "exit 3").run();
        assertThat(three).isEqualTo(new ExitStatus.Exited(3));
        assertThat(three.raw()).isEqualTo(3 << 8);
        assertThat(three.success()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGALRM", "SIGPIPE"})
    void killedBySignalSentToTheChild(Signal sig) throws IOException {
        try (ChildProcess p = Command.of("sleep", "600").start()) {
            assertThat(p.signal(sig)).isTrue();
            ExitStatus s = p.waitFor();
            assertThat(s).isInstanceOfSatisfying(ExitStatus.Signaled.class, k -> assertThat(k.signal()).isEqualTo(sig));
            assertThat(s.shellStyleCode()).isEqualTo(128 + sig.number());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SIGSEGV", "SIGABRT", "SIGTERM", "SIGINT", "SIGHUP", "SIGKILL", "SIGUSR2", "SIGFPE"})
    void killedBySignalItSendsItself(Signal sig) throws IOException {
        ExitStatus s = Command.of("sh", "-c", "kill -" + sig.shortName() + " $$; sleep 10").run();
        // The core flag depends on ulimit -c and core_pattern here; only the signal is certain.
        assertThat(s).isInstanceOfSatisfying(ExitStatus.Signaled.class, k -> assertThat(k.signal()).isEqualTo(sig));
    }

    @Test
    void aChildWritingToAClosedPipeDiesOfSigpipe() throws IOException {
        try (ChildProcess yes = Command.of("yes").stdout(Redirect.pipe()).start()) {
            byte[] some = new byte[4];
            int n = yes.stdout().read(some);
            assertThat(new String(some, 0, n, UTF_8)).startsWith("y");
            yes.stdout().close();
            assertThat(yes.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGPIPE, false));
        }
    }

    // ---------------------------------------------------------------- arguments and environment

    @Test
    void shellMetacharactersReachTheProgramVerbatim() throws IOException {
        String nasty = "$(rm -rf /);|& `id` > x * \"'\\ \n$HOME";
        assertThat(output(Command.of("printf", "%s", nasty))).isEqualTo(nasty);
    }

    @Test
    void shellRunsAScript() throws IOException {
        assertThat(output(Command.shell("echo $((1 + 2)) | tr 3 x"))).isEqualTo("x\n");
        assertThat(Command.shell("exit 4").run()).isEqualTo(new ExitStatus.Exited(4));
    }

    @Test
    void environmentSetUnsetClearSecure() throws IOException {
        assertThat(output(Command.of("env").env("JIPC_TEST", "a b=c"))).contains("JIPC_TEST=a b=c\n");
        assertThat(output(Command.of("env").env("JIPC_GONE", "1").unsetEnv("JIPC_GONE").unsetEnv("PATH")).lines())
                .noneMatch(l -> l.startsWith("JIPC_GONE=") || l.startsWith("PATH="));
        assertThat(output(Command.of("env").clearEnv().env("ONLY", "this"))).isEqualTo("ONLY=this\n");
        assertThat(output(Command.of("env").env("X", "y").secureEnv())).isEqualTo("PATH=/usr/bin:/bin\n");
    }

    @Test
    void workingDirectory() throws IOException {
        assertThat(output(Command.of("pwd").directory(dir))).isEqualTo(dir.toRealPath() + "\n");
    }

    @Test
    void arg0ReplacesWhatTheProgramSeesAsItsName() throws IOException {
        assertThat(output(Command.of("cat", "/proc/self/cmdline").arg0("renamed")))
                .isEqualTo("renamed\0/proc/self/cmdline\0");
        assertThat(output(Command.of("/bin/sh", "-c", "echo $0", "named"))).isEqualTo("named\n");
    }

    // ---------------------------------------------------------------- redirects

    @Test
    void filesWriteAppendRead() throws IOException {
        Path f = dir.resolve("out.txt");
        assertThat(Command.of("echo", "one").stdout(Redirect.write(f)).run().success()).isTrue();
        assertThat(Command.of("echo", "two").stdout(Redirect.append(f)).run().success()).isTrue();
        assertThat(Files.readString(f)).isEqualTo("one\ntwo\n");
        assertThat(Command.of("echo", "three").stdout(Redirect.write(f)).run().success()).isTrue();
        assertThat(Files.readString(f)).isEqualTo("three\n");
        assertThat(output(Command.of("cat").stdin(Redirect.read(f)))).isEqualTo("three\n");
    }

    @Test
    void nullDevice() throws IOException {
        assertThat(output(Command.of("cat").stdin(Redirect.nullDevice()))).isEmpty();
        assertThat(Command.of("echo", "lost").stdout(Redirect.nullDevice()).run().success()).isTrue();
    }

    @Test
    void pipesBothWays() throws IOException {
        try (ChildProcess cat = Command.of("cat").stdin(Redirect.pipe()).stdout(Redirect.pipe()).start()) {
            cat.stdin().writeFully("through cat\n".getBytes(UTF_8));
            cat.stdin().close();
            assertThat(new String(cat.stdout().inputStream().readAllBytes(), UTF_8)).isEqualTo("through cat\n");
            assertThat(cat.waitFor().success()).isTrue();
            assertThatThrownBy(cat::stderr).isInstanceOf(IllegalStateException.class).hasMessageContaining("fd 2");
        }
    }

    @Test
    void anExistingFdBecomesTheChildsStdout() throws IOException {
        try (Pipe p = Pipe.open()) {
            ExitStatus s = Command.of("echo", "via fd").stdout(Redirect.from(p.writer())).run();
            p.writer().close();
            assertThat(s.success()).isTrue();
            assertThat(new String(p.reader().inputStream().readAllBytes(), UTF_8)).isEqualTo("via fd\n");
        }
    }

    @Test
    void stderrMergedIntoStdout() throws IOException {
        assertThat(output(Command.shell("echo out; echo err >&2").stderr(Redirect.toFd(1)))).isEqualTo("out\nerr\n");
    }

    @Test
    void extraDescriptorsBothWays() throws IOException {
        try (ChildProcess p = Command.shell("echo hi >&3").fd(3, Redirect.pipe()).start()) {
            assertThat(new String(p.pipe(3).inputStream().readAllBytes(), UTF_8)).isEqualTo("hi\n");
            assertThat(p.waitFor().success()).isTrue();
        }
        try (ChildProcess p = Command.shell("cat <&4").fd(4, Redirect.pipeToChild()).stdout(Redirect.pipe()).start()) {
            p.pipe(4).writeFully("in on 4\n".getBytes(UTF_8));
            p.pipe(4).close();
            assertThat(new String(p.stdout().inputStream().readAllBytes(), UTF_8)).isEqualTo("in on 4\n");
            assertThat(p.waitFor().success()).isTrue();
        }
    }

    @Test
    void descriptorsNotMappedAreNotInherited() throws IOException {
        try (Pipe p = Pipe.open()) {
            String fds = output(Command.of("ls", "/proc/self/fd"));
            assertThat(fds.lines().map(Integer::parseInt).toList())
                    .doesNotContain(p.reader().number(), p.writer().number());
        }
    }

    // ---------------------------------------------------------------- groups and sessions

    /** Fields 5 (pgrp) and 6 (session) of /proc/PID/stat. */
    private static long[] groupAndSession(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    @Test
    void newProcessGroupAndSignalGroup() throws IOException {
        long[] mine = groupAndSession(ProcessHandle.current().pid());
        try (ChildProcess p = Command.of("sleep", "600").newProcessGroup().start()) {
            assertThat(groupAndSession(p.pid())).containsExactly(p.pid(), mine[1]);
            p.signalGroup(Signal.SIGKILL);
            assertThat(p.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
        }
    }

    @Test
    void newSession() throws IOException {
        try (ChildProcess p = Command.of("sleep", "600").newSession().start()) {
            assertThat(groupAndSession(p.pid())).containsExactly(p.pid(), p.pid());
            p.signalGroup(Signal.SIGTERM);
            assertThat(p.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGTERM, false));
        }
    }

    @Test
    void signalGroupNeedsAGroupOfItsOwn() throws IOException {
        try (ChildProcess p = Command.of("true").start()) {
            assertThatThrownBy(() -> p.signalGroup(Signal.SIGTERM)).isInstanceOf(IllegalStateException.class);
            p.waitFor();
        }
    }

    // ---------------------------------------------------------------- waiting and signalling

    @Test
    void signalAfterExitIsFalse() throws IOException {
        try (ChildProcess p = Command.of("true").start()) {
            assertThat(p.waitFor().success()).isTrue();
            assertThat(p.signal(Signal.SIGKILL)).isFalse();
            assertThat(p.waitFor()).isEqualTo(new ExitStatus.Exited(0)); // waiting twice is fine
            assertThat(p.exitStatus()).contains(new ExitStatus.Exited(0));
            assertThat(p.isAlive()).isFalse();
        }
    }

    @Test
    void waitWithATimeout() throws IOException {
        try (ChildProcess p = Command.of("sleep", "600").start()) {
            assertThatThrownBy(() -> p.waitFor(Duration.ofMillis(50)))
                    .isInstanceOf(TimedOutException.class).hasMessageContaining("pid " + p.pid());
            assertThat(p.exitStatus()).isEmpty();
            assertThat(p.isAlive()).isTrue();
            p.signal(Signal.SIGKILL);
            assertThat(p.waitFor(Duration.ofSeconds(30))).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
        }
    }

    /**
     * Waits until {@code pid} has exited: a zombie, or already gone (the reaper thread takes a child
     * nobody waited for within its 20 ms tick, so on a slow machine it may be first).
     */
    private static void awaitExited(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        while (true) {
            String s;
            try {
                s = Files.readString(stat);
            } catch (java.nio.file.NoSuchFileException reaped) {
                return;
            }
            if (s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
                return;
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aWaitWithNoTimeLeftStillSeesAnExitThatHappened() throws Exception {
        try (ChildProcess p = Command.of("/bin/true").start()) {
            awaitExited(p.pid());
            assertThat(p.waitFor(Duration.ZERO)).isEqualTo(new ExitStatus.Exited(0));
        }
    }

    @Test
    void anInterruptedThreadStillGetsAnExitThatHappened() throws Exception {
        try (ChildProcess p = Command.of("/bin/sh", "-c", "exit 3").start()) {
            awaitExited(p.pid());
            Thread.currentThread().interrupt();
            try {
                assertThat(p.waitFor()).isEqualTo(new ExitStatus.Exited(3));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void oneCommandStartedManyTimesFromManyThreads() throws Exception {
        // What a command prepares at its first start (argv, envp, attributes) serves every later one.
        Command cmd = Command.of("/bin/sh", "-c", "printf '%s %s' \"$0\" \"$JIPC_TEST\"").arg0("zero")
                .env("JIPC_TEST", "v");
        Command onPath = Command.of("true").env("PATH", "/nonexistent:/usr/bin:/bin");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        assertThat(output(cmd)).isEqualTo("zero v");
                        assertThat(onPath.run()).isEqualTo(new ExitStatus.Exited(0));
                        assertThat(cmd.newProcessGroup().run()).isEqualTo(new ExitStatus.Exited(0));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aChildNobodyWaitsForIsReapedByTheReaperAlone() throws Exception {
        // Kept reachable on purpose: the reaper, not a Cleaner, must collect them. The first child
        // is spawned right after others (the reaper is ticking), the second after a long pause
        // (the reaper may be idle and then watches a new child at once).
        List<ChildProcess> kept = new ArrayList<>();
        for (long pauseMillis : new long[] {0, 1500}) {
            Thread.sleep(pauseMillis);
            ChildProcess p = Command.of("true").start();
            kept.add(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ProcSelf.children().containsKey(p.pid()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ProcSelf.children()).as("pid %d reaped", p.pid()).doesNotContainKey(p.pid());
            assertThat(p.isAlive()).isFalse();
            assertThat(p.exitStatus()).contains(new ExitStatus.Exited(0));
        }
        for (ChildProcess p : kept) {
            p.close();
        }
    }

    @Test
    void isAliveSeesAnExitWithoutAnyoneWaiting() throws Exception {
        try (ChildProcess p = Command.of("sh", "-c", "exit 4").stdout(Redirect.pipe()).start()) {
            p.stdout().read(new byte[16]); // end of file: the child is exiting
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(p.exitStatus()).contains(new ExitStatus.Exited(4));
        }
    }

    @Test
    void onExitCompletes() throws Exception {
        try (ChildProcess p = Command.of("sh", "-c", "exit 5").start()) {
            assertThat(p.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(5));
        }
    }

    @Test
    void waitingOnAVirtualThread() throws Exception {
        try (ChildProcess p = Command.of("sh", "-c", "exit 6").start()) {
            ExitStatus[] got = new ExitStatus[1];
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    got[0] = p.waitFor();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            t.join();
            assertThat(got[0]).isEqualTo(new ExitStatus.Exited(6));
        }
    }

    @Test
    void aDroppedUnwaitedChildIsStillReaped() throws Exception {
        long pid = Command.of("true").start().pid();
        while (ProcSelf.children().containsKey(pid)) {
            Thread.sleep(10); // the reaper takes it; the class timeout guards a hang
        }
    }

    @Test
    void theJdksChildrenAreNotStolen() throws Exception {
        Process jdk = new ProcessBuilder("sh", "-c", "sleep 0.3; exit 7")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<ChildProcess> ours = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ours.add(Command.of("true").start());
        }
        for (ChildProcess c : ours) {
            assertThat(c.waitFor().success()).isTrue();
            c.close();
        }
        assertThat(jdk.waitFor()).isEqualTo(7);
    }

    @Test
    void asProcessForCodeThatExpectsOne() throws Exception {
        try (ChildProcess c = Command.of("cat").stdin(Redirect.pipe()).stdout(Redirect.pipe()).start()) {
            Process p = c.asProcess();
            assertThat(p.pid()).isEqualTo(c.pid());
            try (OutputStream in = p.getOutputStream()) {
                in.write("as a Process\n".getBytes(UTF_8));
            }
            try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
                assertThat(new String(out.readAllBytes(), UTF_8)).isEqualTo("as a Process\n");
                assertThat(err.readAllBytes()).isEmpty();
            }
            assertThat(p.waitFor()).isZero();
            assertThat(p.exitValue()).isZero();
            assertThat(p.isAlive()).isFalse();
            assertThat(c.asProcess()).isSameAs(p);
            assertThatThrownBy(p::toHandle).isInstanceOf(UnsupportedOperationException.class);
        }
        try (ChildProcess c = Command.of("sleep", "600").start()) {
            Process p = c.asProcess();
            assertThatThrownBy(p::exitValue).isInstanceOf(IllegalThreadStateException.class);
            assertThat(p.waitFor(10, TimeUnit.MILLISECONDS)).isFalse();
            p.destroy();
            assertThat(p.waitFor()).isEqualTo(128 + 15);
            assertThat(p.onExit().get(30, TimeUnit.SECONDS)).isSameAs(p);
        }
    }

    @Test
    void closeLeavesTheChildRunningAndReapable() throws IOException {
        ChildProcess p = Command.of("sleep", "600").stdout(Redirect.pipe()).start();
        p.close();
        assertThat(p.stdout().isClosed()).isTrue();
        assertThat(p.isAlive()).isTrue();
        p.signal(Signal.SIGKILL);
        assertThat(p.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
    }

    @Test
    void givenFdCanBeClosedRightAfterStart() throws IOException {
        try (Pipe p = Pipe.open()) {
            Fd w = p.writer();
            try (ChildProcess c = Command.of("echo", "kept").stdout(Redirect.from(w)).start()) {
                w.close();
                assertThat(new String(p.reader().inputStream().readAllBytes(), UTF_8)).isEqualTo("kept\n");
                assertThat(c.waitFor().success()).isTrue();
            }
        }
    }
}
