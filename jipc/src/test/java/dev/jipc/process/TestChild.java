package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.jipc.internal.Grp;
import dev.jipc.internal.Unistd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The Java program the process tests start as a child, one action verb per behaviour, so it acts
 * the same everywhere.
 *
 * <ul>
 *   <li>{@code echo}: answers each stdin line with {@code pid N got: LINE}, until end of file;
 *   <li>{@code detach FILE}: starts {@code sh -c 'sleep 1; echo done > FILE'} detached, prints
 *       {@code PID SID} of it, and exits at once;
 *   <li>{@code daemon DIR [ARG...]}: relaunches itself as a daemon with pidfile {@code DIR/d.pid}
 *       and log {@code DIR/d.log}, prints the daemon's pid and exits; the daemon writes
 *       {@code DIR/report} and waits (at most 30 s) for {@code DIR/stop};
 *   <li>{@code whoami}: prints the Uid, Gid and Groups lines of {@code /proc/self/status}, then
 *       the results of trying to regain root: {@code setuid0=R setgid0=R setgroups0=R}.
 * </ul>
 */
public final class TestChild {
    private TestChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, UTF_8);
        switch (args[0]) {
            case "echo" -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    out.println("pid " + ProcessHandle.current().pid() + " got: " + line);
                }
            }
            case "detach" -> {
                ChildProcess d = Detached.start(Command.of("sh", "-c",
                        "while [ ! -e \"$1.go\" ]; do sleep 0.05; done; echo done > \"$1\"", "sh", args[1]));
                out.println(d.pid() + " " + Unistd.getsid((int) d.pid()));
            }
            case "daemon" -> daemon(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length), out);
            case "whoami" -> {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:") || line.startsWith("Gid:") || line.startsWith("Groups:")) {
                        out.println(line);
                    }
                }
                out.println("setuid0=" + Unistd.setuid(0) + " setgid0=" + Unistd.setgid(0)
                        + " setgroups0=" + Grp.setgroups(new int[] {0}));
            }
            default -> throw new IllegalArgumentException("unknown verb " + args[0]);
        }
    }

    private static void daemon(Path dir, String[] rest, PrintStream out) throws Exception {
        if (!Daemon.isDaemonized()) {
            long pid = Daemon.relaunchDetached(DaemonOptions.defaults().pidFile(dir.resolve("d.pid"))
                    .detach(DetachOptions.defaults().log(dir.resolve("d.log"))));
            out.println(pid);
            return;
        }
        Daemon.removePidFileOnExit();
        System.out.println("daemon " + ProcessHandle.current().pid() + " running");
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        Path tmp = dir.resolve("report.tmp");
        Files.write(tmp, List.of(
                "pid " + ProcessHandle.current().pid(),
                "sid " + f[3],
                "cwd " + Path.of("").toAbsolutePath(),
                "pidfile " + Daemon.pidFile().orElse(null),
                "args " + String.join("|", rest)));
        Files.move(tmp, dir.resolve("report"), StandardCopyOption.ATOMIC_MOVE);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.exists(dir.resolve("stop")) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
    }
}
