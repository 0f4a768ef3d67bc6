package dev.jipc.cli;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Daemon;
import dev.jipc.process.DetachOptions;
import dev.jipc.process.Detached;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc daemonize [--pidfile F] [--log F] [--umask M] -- CMD...}: perlipc's
 * {@code daemonize} applied to another program. CMD runs in a new session, in {@code /}, with stdin
 * on {@code /dev/null} and stdout and stderr on {@code /dev/null} or appended to the log; its pid is
 * printed, and written to the pidfile (atomically, mode 0644) if asked. No shell is involved: CMD
 * is an argument list. The pidfile is not removed when CMD exits, since CMD does not know of it.
 */
@picocli.CommandLine.Command(name = "daemonize", mixinStandardHelpOptions = true,
        description = {"Run CMD detached: new session, working directory /, stdio on /dev/null or --log."
                + " Prints its pid and writes it to --pidfile. No shell: CMD is an argument list."})
final class Daemonize implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pidfile", paramLabel = "F", description = "Write CMD's pid here (atomically, mode 0644).")
    Path pidFile;

    @Option(names = "--log", paramLabel = "F", description = "Append CMD's stdout and stderr here instead of /dev/null.")
    Path log;

    @Option(names = "--umask", paramLabel = "M", description = "CMD's umask, in octal (e.g. 027); inherited otherwise.")
    String umask;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (put -- before them).")
    List<String> cmd;

    @Override
    public Integer call() throws IOException {
        DetachOptions options = DetachOptions.defaults();
        if (log != null) {
            options = options.log(log);
        }
        if (umask != null) {
            try {
                options = options.umask(Integer.parseInt(umask, 8));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--umask: '" + umask + "' is not an octal mask from 0 to 777");
            }
        }
        ChildProcess child = Detached.start(Command.of(cmd), options);
        if (pidFile != null) {
            Daemon.writePidFile(pidFile, child.pid());
        }
        spec.commandLine().getOut().println(child.pid());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
