package dev.jipc.cli;

import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.Message;
import dev.jipc.sysv.MessageQueue;
import dev.jipc.sysv.ReceiveOption;
import dev.jipc.sysv.TypeSelector;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc msg send|receive|rm KEY ...}: perlipc's message queue round trip, one side per call.
 * Messages are C's {@code struct msgbuf}, so they are Perl's {@code pack("l! a*", $type, $text)}.
 */
@Command(name = "msg", mixinStandardHelpOptions = true,
        description = "SysV message queues: send and receive typed messages.",
        subcommands = {MsgCommand.Send.class, MsgCommand.Receive.class, MsgCommand.Remove.class,
                CommandLine.HelpCommand.class})
final class MsgCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send TEXT with TYPE to the queue of KEY (waiting while the queue is full).")
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The queue's key: decimal (1234) or hex (0x4d2).")
        String key;

        @Parameters(index = "1", paramLabel = "TYPE", description = "The message type, a positive number (perlipc: 1234).")
        long type;

        @Parameters(index = "2", paramLabel = "TEXT", description = "The message text (UTF-8).")
        String text;

        @Option(names = {"-c", "--create"}, description = "Create the queue if it does not exist.")
        boolean create;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0600", description = "Octal permissions of a created queue (default ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--timeout", paramLabel = "TIME", description = "Give up after TIME while the queue is full (500ms, 2s, 1m).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            IpcKey k = SysvArgs.key(key);
            if (type <= 0) {
                throw new IllegalArgumentException("bad type " + type + ": message types are positive");
            }
            MessageQueue q = create ? MessageQueue.create(k, SysvArgs.mode(mode)) : MessageQueue.open(k);
            q.send(type, text.getBytes(StandardCharsets.UTF_8), SysvArgs.timeout(timeout));
            PrintWriter out = spec.commandLine().getOut();
            out.println("sent type " + type + " to msg id " + q.id());
            out.flush();
            return 0;
        }
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = {"Take a message from the queue of KEY and print its type and text (TYPE<tab>TEXT).",
                    "TYPE: 0 or absent for any, N for exactly N, -N for the lowest type up to N."})
    static final class Receive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The queue's key: decimal (1234) or hex (0x4d2).")
        String key;

        @Parameters(index = "1", paramLabel = "TYPE", arity = "0..1", defaultValue = "0", description = "Which type to take (default: any).")
        long type;

        @Option(names = "--max", paramLabel = "BYTES", defaultValue = "8192", description = "Longest text accepted; longer ones are cut (default ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--no-wait", description = "Fail at once (ENOMSG) if no message matches.")
        boolean noWait;

        @Option(names = "--timeout", paramLabel = "TIME", description = "Give up after TIME (500ms, 2s, 1m).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            MessageQueue q = MessageQueue.open(SysvArgs.key(key));
            TypeSelector selector = type == 0 ? TypeSelector.any()
                    : type > 0 ? TypeSelector.exactly(type) : TypeSelector.lowestUpTo(-type);
            Message m;
            if (noWait) {
                Optional<Message> got = q.tryReceive(max, selector, ReceiveOption.TRUNCATE);
                if (got.isEmpty()) {
                    throw new dev.jipc.ErrnoException(dev.jipc.Errno.ENOMSG, "msgrcv", "id " + q.id(), "no message of " + selector);
                }
                m = got.get();
            } else {
                m = q.receive(max, selector, SysvArgs.timeout(timeout), ReceiveOption.TRUNCATE);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(m.type() + "\t" + m.text());
            out.flush();
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove the queue of KEY and its messages (IPC_RMID).")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The queue's key: decimal (1234) or hex (0x4d2).")
        String key;

        @Override
        public Integer call() throws Exception {
            MessageQueue q = MessageQueue.open(SysvArgs.key(key));
            q.remove();
            spec.commandLine().getOut().println("removed msg id " + q.id());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
