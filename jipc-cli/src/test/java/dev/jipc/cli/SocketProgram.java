package dev.jipc.cli;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server program running as a child process for the socket tests: one of the Perl programs in
 * the test resources, or {@code jipc} in a child JVM. Its standard output (the log) is read line by
 * line as it comes, so a test can wait for "started ... port N" and later look at what was logged.
 */
final class SocketProgram implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("(?:server started|accepting clients) on (?:port (\\d+)|([^\\s,]+))");

    final String name;
    private final ChildProcess child;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> started = new CompletableFuture<>();
    private final Thread reader;

    private SocketProgram(String name, ChildProcess child) {
        this.name = name;
        this.child = child;
        this.reader = Thread.ofVirtual().name("log of " + name).start(this::readLog);
    }

    /** Starts one of our Perl programs from the test resources. */
    static SocketProgram perl(String script, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("perl", script(script)));
        argv.addAll(List.of(args));
        return new SocketProgram("perl " + script, Command.of(argv).stdout(Redirect.pipe()).start());
    }

    /** Starts {@code jipc ARGS...} in a child JVM with this JVM's class path. */
    static SocketProgram jipc(String... args) throws IOException {
        return new SocketProgram("jipc " + args[0], Command.of(jipcCommand(args)).stdout(Redirect.pipe()).start());
    }

    /** The command line that runs {@code jipc ARGS...} in a new JVM. */
    static List<String> jipcCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** The absolute path of a Perl program in the test resources. */
    static String script(String name) {
        try {
            return Path.of(SocketProgram.class.getResource("/perl/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readLog() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.stdout().inputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                log.add(line);
                Matcher m = STARTED.matcher(line);
                if (!started.isDone() && m.find()) {
                    started.complete(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            started.completeExceptionally(new IllegalStateException(name + " ended before it started serving; log: " + log));
        }
    }

    /** What follows "on" in the start line: the port, or the path of a Unix server. Waits for it. */
    String where() throws Exception {
        return started.get(120, TimeUnit.SECONDS);
    }

    /** The port the server reported. */
    int port() throws Exception {
        return Integer.parseInt(where());
    }

    /** The log lines so far. */
    List<String> log() {
        return List.copyOf(log);
    }

    /** Waits until a logged line contains {@code text}; the logging may lag behind the client's view. */
    String awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : log) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never logged '" + text + "'; log: " + log);
    }

    /** Sends {@code signal} and waits for the program to end; returns how it ended. */
    ExitStatus stop(Signal signal) throws Exception {
        child.signal(signal);
        ExitStatus s = child.waitFor(Duration.ofSeconds(60));
        reader.join();
        return s;
    }

    @Override
    public void close() throws Exception {
        if (child.isAlive()) {
            child.signal(Signal.SIGKILL);
        }
        child.waitFor();
        reader.join();
        child.close();
    }
}
