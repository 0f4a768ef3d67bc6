package dev.jipc.cli;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Credentials;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.JavaChild;
import dev.jipc.process.Redirect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jipc spawn-writer --file F [--uid U --gid G]}: perlipc's privileged-file writer from "Safe
 * Pipe Opens". A child running this program, switched to user U and group G first when asked
 * (supplementary groups cleared, then gid, then uid, checked irreversible), opens F itself and
 * copies its stdin into it; the parent feeds our stdin to the child and reports the child's status.
 * F is therefore opened with the child's identity, never ours.
 */
@Command(name = "spawn-writer", mixinStandardHelpOptions = true,
        description = {"Copy stdin into --file through a child that runs this program, optionally as --uid/--gid"
                + " (perlipc's 'Safe Pipe Opens' writer). The child opens the file, so it is written with the child's"
                + " identity; the parent prints the child's status."})
final class SpawnWriter implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "F", description = "The file the child writes (created or truncated).")
    Path file;

    @Option(names = "--uid", paramLabel = "U", description = "Numeric user id the child switches to (needs root).")
    Integer uid;

    @Option(names = "--gid", paramLabel = "G", description = "Numeric group id the child switches to (needs root).")
    Integer gid;

    @Override
    public Integer call() throws IOException {
        if ((uid == null) != (gid == null)) {
            throw new ParameterException(spec.commandLine(), "give --uid and --gid together");
        }
        JavaChild writer = JavaChild.of(Child.class, file.toAbsolutePath().toString());
        if (uid != null) {
            writer = writer.dropPrivileges(Credentials.of(uid, gid));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ChildProcess child = writer.command().stdin(Redirect.pipe()).start()) {
            try (OutputStream toChild = child.stdin().outputStream()) {
                System.in.transferTo(toChild);
            } catch (dev.jipc.ErrnoException e) {
                if (e.errno() != dev.jipc.Errno.EPIPE) {
                    throw e;
                }
                // The child stopped reading (it could not open the file, say); its status says why.
            }
            ExitStatus status = child.waitFor();
            out.println("spawn-writer: child pid " + child.pid()
                    + (uid == null ? "" : " (uid " + Integer.toUnsignedString(uid) + ", gid " + Integer.toUnsignedString(gid) + ")")
                    + " writing " + file + ": " + status);
            out.flush();
            return status.success() ? 0 : 1;
        }
    }

    /** The child's side: opens the file named by its argument and copies stdin into it. */
    public static final class Child {
        private Child() {}

        /** Copies stdin into {@code args[0]}; a file it may not open is an error message and exit 1. */
        public static void main(String[] args) throws IOException {
            try (InputStream in = System.in; OutputStream f = Files.newOutputStream(Path.of(args[0]))) {
                in.transferTo(f);
            } catch (IOException e) {
                System.err.println("spawn-writer child: can't open " + args[0] + ": " + e);
                System.exit(1);
            }
        }
    }
}
