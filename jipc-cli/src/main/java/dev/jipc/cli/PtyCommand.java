package dev.jipc.cli;

import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.pty.Expect;
import dev.jipc.pty.Terminal;
import dev.jipc.pty.WindowSize;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/**
 * {@code jipc pty -- CMD...}: runs CMD on a new pseudo-terminal and relays it to ours, like
 * {@code script(1)} without the log. CMD sees a terminal (isatty, line-buffered output, prompts,
 * Ctrl-C as SIGINT); if our stdin is a terminal it is put in raw mode meanwhile, so every key goes
 * to CMD, and its window size follows ours on SIGWINCH. When our stdin ends (a pipe, a file), CMD
 * gets the terminal's end-of-file character. Exits with CMD's status, 128+N if signal N ended it.
 */
@CommandLine.Command(name = "pty", mixinStandardHelpOptions = true,
        description = {"Run a command on a new pseudo-terminal and relay it to this terminal, like script(1) without the log.",
            "The command sees a terminal: it line-buffers, prompts, and takes Ctrl-C as SIGINT. Exits with its status."})
final class PtyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        ExitStatus status;
        WindowSize size = Terminal.standardInputWindowSize().orElse(WindowSize.DEFAULT);
        try (Expect session = Expect.spawn(Command.of(command), size)) {
            session.interact(-1);
            status = session.child().waitFor();
        }
        return status.shellStyleCode();
    }
}
