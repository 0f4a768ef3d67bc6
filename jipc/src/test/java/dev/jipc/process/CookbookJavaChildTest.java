package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jipc.internal.Unistd;
import dev.jipc.io.Fd;
import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import dev.jipc.io.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookbook's snippets on background and detached children, daemons, Java children with
 * privilege drop, pipe1 and server children, each run here exactly as printed in docs/cookbook.md.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CookbookJavaChildTest {
    @TempDir
    Path dir;

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90)); // a hang guard: daemons are whole JVMs
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).isBefore(giveUp);
            Thread.sleep(20);
        }
    }

    @Test
    void background() throws Exception {
        Path log = dir.resolve("job.log");
        // snippet: jchild-background
        ChildProcess job = Command.of("sh", "-c", "sleep 0.1; echo finished").stdout(Redirect.append(log)).start();
        CompletableFuture<ExitStatus> done = job.onExit();
        // ... carry on; the job is reaped when it exits, whether or not anyone waits
        System.out.println("job: " + done.join());                   // job: exit 0
        // end snippet
        assertThat(Files.readString(log)).isEqualTo("finished\n");
    }

    @Test
    void detached() throws Exception {
        Path log = dir.resolve("server.log");
        // snippet: jchild-detached
        ChildProcess server = Detached.start(Command.of("sh", "-c", "echo serving from $(pwd)"),
                DetachOptions.defaults().log(log).umask(0027));
        System.out.println("server pid " + server.pid());            // it leads its own session
        // end snippet
        assertThat(server.waitFor().success()).isTrue();
        assertThat(Files.readString(log)).isEqualTo("serving from /\n");
    }

    /** The daemonizing program of the cookbook, run in a child JVM by {@link #daemonize()}. */
    static final class DaemonExample {
        public static void main(String[] args) throws Exception {
            Path pidFile = Path.of(args[0]);
            Path log = Path.of(args[1]);
            // snippet: jchild-daemonize
            if (!Daemon.isDaemonized()) {
                long pid = Daemon.relaunchDetached(DaemonOptions.defaults()
                        .pidFile(pidFile)
                        .detach(DetachOptions.defaults().log(log)));
                System.out.println("daemon started, pid " + pid);
                return;                                   // the caller exits; the daemon lives on
            }
            Daemon.removePidFileOnExit();                 // the pidfile goes when the daemon does
            serve();
            // end snippet
        }

        private static void serve() {
            System.out.println("served by " + ProcessHandle.current().pid());
        }
    }

    @Test
    void daemonize() throws Exception {
        Path pidFile = dir.resolve("example.pid");
        Path log = dir.resolve("example.log");
        try (ChildProcess launcher = JavaChild.of(DaemonExample.class, pidFile.toString(), log.toString()).command()
                .stdout(Redirect.pipe()).start(); LineReader out = LineReader.of(launcher.stdout())) {
            String pid = out.readLine().replace("daemon started, pid ", "");
            assertThat(launcher.waitFor().success()).isTrue();
            await(() -> Files.exists(log) && readOrEmpty(log).contains("served by " + pid));
            await(() -> !Files.exists(pidFile));
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** The child of the privilege-drop snippet: copies stdin into the file it is given. */
    static final class PreciousWriter {
        public static void main(String[] args) throws IOException {
            try (InputStream in = System.in; OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
                in.transferTo(out);
            }
        }
    }

    @Test
    void dropPrivileges() throws Exception {
        assumeTrue(Unistd.geteuid() == 0, "switching to uid 65534 needs root; this JVM runs as uid " + Unistd.geteuid());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path precious = dir.resolve("precious");
        byte[] someData = "some data\n".getBytes(UTF_8);
        // snippet: jchild-privileges
        JavaChild writer = JavaChild.of(PreciousWriter.class, precious.toString())
                .dropPrivileges(Credentials.of(65534, 65534));     // nobody, before PreciousWriter.main runs
        try (ChildProcess kid = writer.command().stdin(Redirect.pipe()).start()) {
            kid.stdin().writeFully(someData);                      // kid finds it in its stdin
            kid.stdin().close();
            ExitStatus s = kid.waitFor();
            if (!s.success()) System.err.println("kid exited " + s);
        }
        // end snippet
        assertThat(Files.readString(precious)).isEqualTo("some data\n");
        assertThat(Files.getAttribute(precious, "unix:uid")).isEqualTo(65534);
    }

    /** The child of the pipe1 snippet: reads a line, reports it, answers. */
    static final class Kid {
        public static void main(String[] args) throws IOException {
            long me = ProcessHandle.current().pid();
            try (Fd in = Fd.adopt(0); Fd out = Fd.adopt(1); LineReader fromParent = LineReader.of(in);
                    LineWriter toParent = LineWriter.lf(out).autoFlush(true)) {
                String line = fromParent.readLine();
                System.err.println("Child Pid " + me + " just read this: '" + line + "'");
                toParent.writeLine("Child Pid " + me + " is sending this");
            }
        }
    }

    @Test
    void pipe1() throws Exception {
        String line;
        // snippet: jchild-pipe1
        long me = ProcessHandle.current().pid();
        try (ChildProcess kid = JavaChild.of(Kid.class).start();   // kid's stdin and stdout are our pipes
                LineWriter toKid = LineWriter.lf(kid.stdin()).autoFlush(true);
                LineReader fromKid = LineReader.of(kid.stdout())) {
            toKid.writeLine("Parent Pid " + me + " is sending this");
            line = fromKid.readLine();
            System.out.println("Parent Pid " + me + " just read this: '" + line + "'");
        }
        // end snippet
        assertThat(line).matches("Child Pid \\d+ is sending this");
    }

    @Test
    void serverChild() throws Exception {
        try (Pipe request = Pipe.open(); Pipe response = Pipe.open()) {
            Fd fromClient = request.reader();
            Fd toClient = response.writer();
            request.writer().writeFully("Randal\n".getBytes(UTF_8));
            // snippet: jchild-spawn
            ChildProcess handler = Command.of("sh", "-c", "read name; echo \"Hello there, $name\"")
                    .stdin(Redirect.from(fromClient))
                    .stdout(Redirect.from(toClient))
                    .start();
            fromClient.close();   // the child has its own copies: ours would only keep
            toClient.close();     // the connection open after the child is done with it
            // end snippet
            try (LineReader r = LineReader.of(response.reader())) {
                assertThat(r.readLine()).isEqualTo("Hello there, Randal");
                assertThat(r.readLine()).isNull();
            }
            assertThat(handler.waitFor().success()).isTrue();
        }
    }
}
