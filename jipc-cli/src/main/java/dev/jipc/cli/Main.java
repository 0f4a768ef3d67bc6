package dev.jipc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jipc} command: one subcommand per perlipc program, plus {@code tour} and {@code doctor}.
 *
 * <p>Exit codes: 0 on success, 1 when a subcommand fails, 2 for a usage error (unknown subcommand,
 * bad option), 130 when stopped by Ctrl-C (and 143 for a server stopped by SIGTERM).
 */
@Command(
        name = "jipc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Unix interprocess communication from Java: pipes, fifos, readiness, processes, signals, SysV IPC and sockets.",
        subcommands = {
            Tour.class,
            Doctor.class,
            FifoSignature.class,
            PipeRead.class,
            PipeWrite.class,
            Backticks.class,
            PipelineCommand.class,
            Open2.class,
            PtyCommand.class,
            CatArgs.class,
            Pipe1.class,
            SpawnWriter.class,
            Daemonize.class,
            SignalList.class,
            Kill.class,
            Timeout.class,
            HupDaemon.class,
            Ipcs.class,
            ShmCommand.class,
            SemCommand.class,
            MsgCommand.class,
            TcpServer.class,
            TcpClient.class,
            UnixServer.class,
            UnixClient.class,
            TimeServer.class,
            TimeClient.class,
            UdpTime.class,
            DaytimeServer.class,
            Daytime.class,
            Webget.class,
            Chat.class,
            CommandServer.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests that run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Kill.configure(cl.getSubcommands().get("kill"));
        // A failed system call is an expected outcome for a command-line tool: one line, no stack trace.
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            commandLine.getErr().flush();
            return e instanceof java.io.IOException ? 1 : commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        return cl;
    }

    /** {@code jipc} alone prints the usage and fails as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The version from the {@code version.properties} resource that the build fills in. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"jipc " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.version")
                            + " " + System.getProperty("os.arch")};
        }
    }
}
