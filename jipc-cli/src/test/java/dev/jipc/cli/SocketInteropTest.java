package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import dev.jipc.net.Unix;
import dev.jipc.process.Captured;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every socket program of jipc against its Perl original, both ways round: the Perl client talks to
 * the jipc server and the jipc client to the Perl server, over loopback. The servers run as child
 * processes (jipc in a child JVM, so it is stopped by a real SIGTERM); the jipc clients run
 * in-process. Times in the output are checked for their form, never for how long anything took.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SocketInteropTest {
    /** What C's ctime and Perl's scalar localtime print. */
    static final String CTIME = "\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}";
    static final Pattern GREETING = Pattern.compile("Hello there, (\\S+), it's now " + CTIME + "\r\n");
    static final long OFFSET = 3600;

    @TempDir
    static Path dir;

    static SocketProgram jipcHello, jipcSpawn, jipcUnix, jipcUnixSpawn, jipcTime, jipcDaytime, jipcCommands, jipcIdle;
    static SocketProgram perlHello, perlSpawn, perlUnix, perlTime, perlDaytime, perlCommands, perlHttp;
    static final List<SocketProgram> ALL = new ArrayList<>();

    static final String SPAWNED = "sh -c 'echo \"child on the line\"; cat'";

    @BeforeAll
    static void startServers() throws Exception {
        // A socket file left behind by a server that died: the jipc Unix server must replace it.
        Path stale = dir.resolve("jipc.sock");
        Command.of("perl", "-MSocket", "-e", "socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die; bind($s, sockaddr_un($ARGV[0])) or die",
                stale.toString()).run();
        assertThat(Unix.isSocket(stale)).isTrue();
        // All at once: the child JVMs start in parallel.
        jipcHello = start(SocketProgram.jipc("tcp-server", "0"));
        jipcSpawn = start(SocketProgram.jipc("tcp-server", "0", "--spawn", "--", "sh", "-c", "echo \"child on the line\"; cat"));
        jipcUnix = start(SocketProgram.jipc("unix-server", dir.resolve("jipc.sock").toString()));
        jipcUnixSpawn = start(SocketProgram.jipc("unix-server", dir.resolve("fortune.sock").toString(), "--spawn", "--",
                "sh", "-c", "echo \"a fortune for pid $$\""));
        jipcTime = start(SocketProgram.jipc("time-server", "--offset", Long.toString(OFFSET), "0"));
        jipcDaytime = start(SocketProgram.jipc("daytime-server", "0"));
        jipcCommands = start(SocketProgram.jipc("command-server", "0"));
        jipcIdle = start(SocketProgram.jipc("command-server", "0", "--idle-timeout", "500ms"));
        perlHello = start(SocketProgram.perl("hello-server.pl", "0"));
        perlSpawn = start(SocketProgram.perl("spawn-server.pl", "0", "sh", "-c", "echo \"child on the line\"; cat"));
        perlUnix = start(SocketProgram.perl("catsock-server.pl", dir.resolve("perl.sock").toString()));
        perlTime = start(SocketProgram.perl("time-server.pl", "--offset", Long.toString(OFFSET), "0"));
        perlDaytime = start(SocketProgram.perl("daytime-server.pl", "0"));
        perlCommands = start(SocketProgram.perl("command-server.pl", "0"));
        perlHttp = start(SocketProgram.perl("http-server.pl", "0"));
        for (SocketProgram p : ALL) {
            p.where();
        }
    }

    private static SocketProgram start(SocketProgram p) {
        ALL.add(p);
        return p;
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            for (SocketProgram p : List.of(jipcHello, jipcSpawn, jipcUnix, jipcUnixSpawn, jipcTime, jipcDaytime, jipcCommands, jipcIdle)) {
                // SIGTERM or Ctrl-C's SIGINT stops a jipc server cleanly: it says so and exits 128 + the signal.
                Signal signal = p == jipcDaytime || p == jipcUnix ? Signal.SIGINT : Signal.SIGTERM;
                ExitStatus s = p.stop(signal);
                assertThat(s).as(p.name + " " + p.log()).isEqualTo(new ExitStatus.Exited(128 + signal.number()));
                assertThat(p.log()).as(p.name).anyMatch(l -> l.contains("stopping on " + signal.name()));
                assertThat(p.log().getLast()).as(p.name).contains("stopped");
            }
            assertThat(dir.resolve("jipc.sock")).as("the Unix server removes its socket file").doesNotExist();
        } finally {
            for (SocketProgram p : ALL) {
                p.close();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static Captured perlClient(String script, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("perl", SocketProgram.script(script)));
        argv.addAll(List.of(args));
        Captured c = Command.of(argv).capture(Duration.ofSeconds(60));
        assertThat(c.success()).as(script + ": " + c.errorText()).isTrue();
        return c;
    }

    static CliRun jipcClient(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    static String greetedName(String output) {
        Matcher m = GREETING.matcher(output);
        assertThat(m.lookingAt()).as("a greeting: %s", output).isTrue();
        return m.group(1);
    }

    // ---------------------------------------------------------------- hello

    @Test
    void helloBothWays() throws Exception {
        String perlToJipc = perlClient("hello-client.pl", "127.0.0.1", Integer.toString(jipcHello.port())).text();
        String jipcToPerl = jipcClient("tcp-client", "127.0.0.1", Integer.toString(perlHello.port())).out();
        assertThat(perlToJipc).matches(GREETING);
        assertThat(jipcToPerl).matches(GREETING);
        // Both servers name the client by the same reverse lookup of 127.0.0.1.
        assertThat(greetedName(perlToJipc)).isEqualTo(greetedName(jipcToPerl));
        assertThat(jipcHello.awaitLog("connection from " + greetedName(perlToJipc) + " [127.0.0.1] at port "))
                .matches("jipc tcp-server \\d+: connection from .* at port \\d+ at " + CTIME);
        // And each with its own counterpart, for the record.
        assertThat(jipcClient("tcp-client", "127.0.0.1", Integer.toString(jipcHello.port())).out()).matches(GREETING);
    }

    @Test
    void spawningServersBothWays() throws Exception {
        String perlToJipc = perlClient("hello-client.pl", "127.0.0.1", Integer.toString(jipcSpawn.port())).text();
        String jipcToPerl = jipcClient("tcp-client", "127.0.0.1", Integer.toString(perlSpawn.port())).out();
        for (String out : List.of(perlToJipc, jipcToPerl)) {
            Matcher m = GREETING.matcher(out);
            assertThat(m.lookingAt()).as(out).isTrue();
            assertThat(out.substring(m.end())).isEqualTo("child on the line\n");
        }
        String begat = jipcSpawn.awaitLog("begat ");
        String pid = begat.replaceAll(".*begat (\\d+) at .*", "$1");
        jipcSpawn.awaitLog("reaped " + pid + " at ");
    }

    @Test
    void spawnedChildReadsTheConnection() throws Exception {
        try (StreamSocket conn = Tcp.connect("127.0.0.1", jipcSpawn.port())) {
            conn.writeFully("ping\n".getBytes(StandardCharsets.UTF_8));
            conn.shutdownOutput();
            String got = new String(conn.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = GREETING.matcher(got);
            assertThat(m.lookingAt()).as(got).isTrue();
            assertThat(got.substring(m.end())).isEqualTo("child on the line\nping\n");
        }
    }

    @Test
    void stoppingTheSpawningServerEndsTheSessionsOfItsChildren() throws Exception {
        try (SocketProgram server = SocketProgram.jipc("tcp-server", "0", "--spawn", "--", "cat")) {
            try (StreamSocket conn = Tcp.connect("127.0.0.1", server.port())) {
                SocketLines.readGreeting(conn);
                String begat = server.awaitLog("begat ");
                String pid = begat.replaceAll(".*begat (\\d+) at .*", "$1");
                conn.writeFully("still here\n".getBytes(StandardCharsets.UTF_8));
                assertThat(SocketLines.line(conn)).isEqualTo("still here");
                // cat would run as long as the client stays; stopping the server ends it.
                assertThat(server.stop(Signal.SIGTERM)).isEqualTo(new ExitStatus.Exited(143));
                assertThat(conn.inputStream().readAllBytes()).isEmpty();
                assertThat(server.log()).anyMatch(l -> l.contains("reaped " + pid + " with "));
            }
        }
    }

    // ---------------------------------------------------------------- unix

    @Test
    void unixBothWays() throws Exception {
        String hello = "Hello there, it's now " + CTIME + "\n";
        Path jipcSock = Path.of(jipcUnix.where());
        assertThat(perlClient("catsock-client.pl", jipcSock.toString()).text()).matches(hello);
        assertThat(jipcClient("unix-client", perlUnix.where()).out()).matches(hello);
        assertThat(jipcUnix.awaitLog("connection on " + jipcSock)).isNotNull();
        assertThat(Unix.isSocket(jipcSock)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jipcSock))).isEqualTo("rw-------");
    }

    @Test
    void unixSpawningServer() throws Exception {
        String got = perlClient("catsock-client.pl", jipcUnixSpawn.where()).text();
        assertThat(got).matches("Hello there, it's now " + CTIME + "\na fortune for pid \\d+\n");
        String pid = got.replaceAll("(?s).*a fortune for pid (\\d+)\n", "$1");
        jipcUnixSpawn.awaitLog("begat " + pid + " at ");
        jipcUnixSpawn.awaitLog("reaped " + pid + " at ");
    }

    // ---------------------------------------------------------------- time

    /** The difference on a time table's line for a host (after the first line, which is this machine's). */
    static long difference(String table, String host) {
        String answers = table.substring(table.indexOf('\n') + 1);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(host) + " +(-?\\d+) " + CTIME + "$").matcher(answers);
        assertThat(m.find()).as("a line for %s in%n%s", host, table).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void timeOverTcpBothWays() throws Exception {
        String perlToJipc = perlClient("time-client.pl", "--port", Integer.toString(jipcTime.port()), "127.0.0.1").text();
        String jipcToPerl = jipcClient("time-client", "--port", Integer.toString(perlTime.port()), "127.0.0.1").out();
        for (String table : List.of(perlToJipc, jipcToPerl)) {
            assertThat(table.lines().toList()).hasSize(2);
            assertThat(table.lines().findFirst().orElseThrow()).matches("localhost {23}0 " + CTIME);
            // The servers' clocks are an hour ahead; a generous margin keeps a slow machine from mattering.
            assertThat(difference(table, "127.0.0.1")).isBetween(OFFSET - 600, OFFSET + 600);
        }
        assertThat(jipcTime.awaitLog("tcp request from 127.0.0.1")).isNotNull();
    }

    @Test
    void timeOverUdpBothWays() throws Exception {
        String perlToJipc = perlClient("udp-time.pl", "--port", Integer.toString(jipcTime.port()), "127.0.0.1").text();
        String jipcToPerl = jipcClient("udp-time", "--port", Integer.toString(perlTime.port()), "127.0.0.1", "127.0.0.1").out();
        assertThat(perlToJipc.lines().toList()).hasSize(2);
        assertThat(jipcToPerl.lines().toList()).hasSize(3);
        String name = perlToJipc.lines().toList().get(1).split(" +")[0];
        for (String table : List.of(perlToJipc, jipcToPerl)) {
            assertThat(table.lines().findFirst().orElseThrow()).matches("localhost {11}0 " + CTIME);
            assertThat(difference(table, name)).isBetween(OFFSET - 600, OFFSET + 600);
        }
        assertThat(jipcTime.awaitLog("udp request from 127.0.0.1")).isNotNull();
    }

    // ---------------------------------------------------------------- daytime

    @Test
    void daytimeBothWays() throws Exception {
        String line = CTIME + "\r\n";
        assertThat(perlClient("daytime.pl", "127.0.0.1", Integer.toString(jipcDaytime.port())).text()).matches(line);
        assertThat(jipcClient("daytime", "127.0.0.1", "--port", Integer.toString(perlDaytime.port())).out()).matches(line);
        // "name(number)": the number serves when the name is not in the services database.
        String fallback = "no-such-service(" + jipcDaytime.port() + ")";
        assertThat(perlClient("daytime.pl", "127.0.0.1", fallback).text()).matches(line);
        assertThat(jipcClient("daytime", "127.0.0.1", "--port", fallback).out()).matches(line);
    }

    // ---------------------------------------------------------------- webget

    @Test
    void webgetSendsWhatPerlSends() throws Exception {
        String host = "127.0.0.1:" + perlHttp.port();
        String perl = perlClient("webget.pl", host, "/a.html", "/missing").text();
        String jipc = jipcClient("webget", host, "/a.html", "/missing").out();
        assertThat(jipc).isEqualTo(perl);
        // The request as the server saw it: a GET line and a blank line, both ending in CR LF.
        assertThat(jipc).startsWith("HTTP/1.0 200 OK\r\n")
                .contains("> GET /a.html HTTP/1.0\\r\\n\n> \\r\\n\n")
                .contains("HTTP/1.0 404 Not Found\r\n");
    }

    // ---------------------------------------------------------------- command server and chat

    static final String SESSION_INPUT = "help\n\n   \nmotd\nDate please\nquit\n";

    /** The conversation a session with {@link #SESSION_INPUT} shows, with the date line made uniform. */
    static String expectedSession() throws IOException {
        Path motd = Path.of("/etc/motd");
        String motdText = Files.isReadable(motd) ? Files.readString(motd) : "(no /etc/motd)\n";
        String p = CommandServer.PROMPT;
        return CommandServer.WELCOME + p + CommandServer.HELP + p + p + p + motdText + p + "DATE\n" + p;
    }

    static String uniformDate(String session) {
        return session.replaceAll(CTIME + "\n", "DATE\n");
    }

    @Test
    void perlChatWithJipcCommandServer() throws Exception {
        for (SocketProgram server : List.of(jipcCommands, perlCommands)) {
            Captured c = Command.of("perl", SocketProgram.script("chat.pl"), "127.0.0.1", Integer.toString(server.port()))
                    .communicate(SESSION_INPUT.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            assertThat(c.success()).as(c.errorText()).isTrue();
            assertThat(uniformDate(c.text())).as(server.name).isEqualTo(expectedSession());
            assertThat(c.errorText()).contains("[Connected to 127.0.0.1:" + server.port() + "]");
        }
    }

    @Test
    void jipcChatWithPerlCommandServer() throws Exception {
        for (SocketProgram server : List.of(perlCommands, jipcCommands)) {
            Chat chat = new Chat();
            chat.keyboard = new ByteArrayInputStream(SESSION_INPUT.getBytes(StandardCharsets.UTF_8));
            CommandLine cl = new CommandLine(chat);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("127.0.0.1", Integer.toString(server.port()))).as(err.toString()).isZero();
            assertThat(uniformDate(out.toString())).as(server.name).isEqualTo(expectedSession());
            assertThat(err.toString()).contains("[Connected to 127.0.0.1:" + server.port() + "]");
        }
    }

    /**
     * jipc chat in its own JVM with a real standard input: the prompt, which has no newline, is on
     * the screen before anything is typed, and each answer before the next line is typed.
     */
    @Test
    void jipcChatShowsThePromptAtOnce() throws Exception {
        try (ChildProcess chat = Command.of(SocketProgram.jipcCommand("chat", "127.0.0.1", Integer.toString(perlCommands.port())))
                .stdin(Redirect.pipe()).stdout(Redirect.pipe()).start()) {
            var screen = chat.stdout().inputStream();
            assertThat(readUntil(screen, CommandServer.PROMPT)).isEqualTo(CommandServer.WELCOME + CommandServer.PROMPT);
            chat.stdin().writeFully("help\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readUntil(screen, CommandServer.PROMPT)).isEqualTo(CommandServer.HELP + CommandServer.PROMPT);
            chat.stdin().writeFully("quit\n".getBytes(StandardCharsets.UTF_8));
            // The server hangs up; chat ends although its keyboard is still open.
            assertThat(screen.readAllBytes()).isEmpty();
            assertThat(chat.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        }
    }

    private static String readUntil(java.io.InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jipcCommandServerServesSeveralClientsAtOnce() throws Exception {
        int port = jipcCommands.port();
        try (StreamSocket first = Tcp.connect("127.0.0.1", port); StreamSocket second = Tcp.connect("127.0.0.1", port)) {
            String welcome = CommandServer.WELCOME + CommandServer.PROMPT;
            // The second client is welcomed while the first is still connected.
            assertThat(read(second, welcome.length())).isEqualTo(welcome);
            assertThat(read(first, welcome.length())).isEqualTo(welcome);
            first.writeFully("help\n".getBytes(StandardCharsets.UTF_8));
            second.writeFully("quit\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(second.inputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(read(first, (CommandServer.HELP + CommandServer.PROMPT).length()))
                    .isEqualTo(CommandServer.HELP + CommandServer.PROMPT);
        }
    }

    @Test
    void commandServerHangsUpOnAClientThatSaysNothing() throws Exception {
        try (StreamSocket silent = Tcp.connect("127.0.0.1", jipcIdle.port())) {
            String all = new String(silent.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).isEqualTo(CommandServer.WELCOME + CommandServer.PROMPT + "\n" + CommandServer.IDLE);
        }
        assertThat(jipcIdle.awaitLog("hung up on ")).contains("no command for 500 ms");
    }

    private static String read(StreamSocket s, int n) throws IOException {
        byte[] b = new byte[n];
        s.readFully(b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }
}
