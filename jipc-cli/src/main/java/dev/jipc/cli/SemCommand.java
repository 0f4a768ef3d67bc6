package dev.jipc.cli;

import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.SemOp;
import dev.jipc.sysv.SemaphoreSet;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc sem create|take|give|rm KEY}: perlipc's semaphore programs. {@code take} waits for
 * semaphore 0 to be zero and then adds one, in one atomic semop; {@code give} subtracts one (waiting,
 * as Perl's does, while it is zero). Both interoperate with perlipc's Perl {@code take} and
 * {@code give} on the same key.
 */
@Command(name = "sem", mixinStandardHelpOptions = true,
        description = "SysV semaphores, perlipc's take/give protocol on semaphore 0 of a set.",
        subcommands = {SemCommand.Create.class, SemCommand.Take.class, SemCommand.Give.class, SemCommand.Remove.class,
                CommandLine.HelpCommand.class})
final class SemCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** What every subcommand but create does first: open the existing set of KEY. */
    abstract static class OnKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The set's key: decimal (1234) or hex (0x4d2).")
        String key;

        SemaphoreSet open() throws Exception {
            return SemaphoreSet.open(SysvArgs.key(key));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the set of KEY (perlipc: semget($IPC_KEY, 10, 0666 | IPC_CREAT)), or open it if it exists.")
    static final class Create extends OnKey {
        @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Semaphores in the set (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0600", description = "Octal permissions (default ${DEFAULT-VALUE}; perlipc uses 0666).")
        String mode;

        @Override
        public Integer call() throws Exception {
            IpcKey k = SysvArgs.key(key);
            SemaphoreSet set = SemaphoreSet.create(k, count, SysvArgs.mode(mode));
            out().println("sem id " + set.id() + " (key " + k + ", " + set.size() + " semaphores)");
            out().flush();
            return 0;
        }
    }

    @Command(name = "take", mixinStandardHelpOptions = true,
            description = "Wait for semaphore 0 to be zero, then increment it (one atomic semop, as perlipc's take).")
    static final class Take extends OnKey {
        @Option(names = "--timeout", paramLabel = "TIME", description = "Give up after TIME (500ms, 2s, 1m); default: wait as long as it takes.")
        String timeout;

        @Override
        public Integer call() throws Exception {
            SemaphoreSet set = open();
            set.op(SysvArgs.timeout(timeout), SemOp.waitZero(0), SemOp.add(0, 1));
            out().println("took semaphore 0 of set id " + set.id());
            out().flush();
            return 0;
        }
    }

    @Command(name = "give", mixinStandardHelpOptions = true,
            description = "Decrement semaphore 0 (perlipc's give), waiting while it is zero.")
    static final class Give extends OnKey {
        @Option(names = "--timeout", paramLabel = "TIME", description = "Give up after TIME (500ms, 2s, 1m); default: wait as long as it takes.")
        String timeout;

        @Override
        public Integer call() throws Exception {
            SemaphoreSet set = open();
            set.op(SysvArgs.timeout(timeout), SemOp.add(0, -1));
            out().println("gave semaphore 0 of set id " + set.id());
            out().flush();
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove the set of KEY (IPC_RMID); waiters get EIDRM.")
    static final class Remove extends OnKey {
        @Override
        public Integer call() throws Exception {
            SemaphoreSet set = open();
            set.remove();
            out().println("removed sem id " + set.id());
            out().flush();
            return 0;
        }
    }
}
