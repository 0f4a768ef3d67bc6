package dev.jipc.cli;

import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.SharedMemory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jipc shm demo}: perlipc's shared memory program (create, write, read back, delete). */
@Command(name = "shm", mixinStandardHelpOptions = true,
        description = "SysV shared memory.",
        subcommands = {ShmCommand.Demo.class, CommandLine.HelpCommand.class})
final class ShmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** perlipc's write/read/delete, step by step, with its output. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"perlipc's shared memory example: create a private segment, write a message at offset 0",
                    "(zero-padded to 60 bytes as shmwrite pads), read 60 bytes back, compare, remove the segment."})
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--size", paramLabel = "BYTES", defaultValue = "2000", description = "Segment size (default ${DEFAULT-VALUE}).")
        long size;

        @Option(names = "--message", paramLabel = "TEXT", defaultValue = "Message #1", description = "What to write (default '${DEFAULT-VALUE}').")
        String message;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            int length = Math.max(60, bytes.length);
            SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, size);
            boolean same;
            try (shm) {
                out.println("shm key " + shm.id());
                shm.write(bytes, 0, length);
                out.println("wrote: '" + message + "'");
                byte[] buff = shm.read(0, length);
                String text = new String(buff, StandardCharsets.UTF_8);
                out.println("read : '" + text.replace("\0", "") + "' (" + buff.length + " bytes, zero-padded)");
                int nul = text.indexOf('\0');
                same = (nul < 0 ? text : text.substring(0, nul)).equals(message);
                out.println(same ? "swell" : "unswell");
            } finally {
                out.println("deleting shm " + shm.id());
                shm.remove();
                out.flush();
            }
            return same ? 0 : 1;
        }
    }
}
