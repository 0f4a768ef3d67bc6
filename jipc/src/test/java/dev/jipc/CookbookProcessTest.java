package dev.jipc;

import dev.jipc.process.ArgumentInput;
import dev.jipc.process.Captured;
import dev.jipc.process.Command;
import dev.jipc.process.CommandString;
import dev.jipc.process.Communication;
import dev.jipc.process.CommunicationTimeoutException;
import dev.jipc.process.Conversation;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Pipeline;
import dev.jipc.process.PipelineResult;
import dev.jipc.process.ReadPipe;
import dev.jipc.process.Redirect;
import dev.jipc.process.WritePipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the process snippets of docs/cookbook.md; {@link CookbookSnippetsTest} keeps the two identical. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CookbookProcessTest {
    @TempDir
    Path dir;

    Path spool;
    Path f1;
    Path f2;
    String userDirectory;

    @BeforeEach
    void setUp() throws Exception {
        spool = dir.resolve("spool");
        f1 = Files.writeString(dir.resolve("f1"), "one\n");
        f2 = Files.writeString(dir.resolve("f2"), "two\n");
        userDirectory = dir.toString();
    }

    @Test
    void pipeRead() throws Exception {
        // snippet: pipe-read
        try (ReadPipe netstat = Command.of("sh", "-c", "printf 'tcp 1\\nunix 2\\n'")
                .stderr(Redirect.toFd(1))            // 2>&1
                .openForReading()) {
            for (String line; (line = netstat.readLine()) != null; ) {
                if (line.matches("^(tcp|udp).*")) continue;
                System.out.println(line);
            }
        }   // close() waits; a failed child is a ChildFailedException
        // end snippet
    }

    @Test
    void pipeWrite() throws Exception {
        // snippet: pipe-write
        try (WritePipe spooler = Command.of("sh", "-c", "cat -v > \"$1\"", "sh", spool.toString())
                .openForWriting()) {
            spooler.writeLine("stuff");
        }   // flush, end of file, wait, throw if it failed
        // end snippet
    }

    @Test
    void closeStatus() throws Exception {
        // snippet: close-status
        ReadPipe p = Command.of("sh", "-c", "exit 3").openForReading();
        ExitStatus status = p.closeAndWait();            // the status, never thrown
        System.out.println("bad command: " + status + ", $? = " + status.raw());   // exit 3, $? = 768
        // end snippet
    }

    @Test
    void bogusCommand() throws Exception {
        // snippet: bogus-command
        try {
            Command.of("/no/such/spooler").openForWriting();
        } catch (ErrnoException e) {
            System.out.println(e.errno());               // ENOENT: at open, not a SIGPIPE later
        }
        // end snippet
    }

    @Test
    void backticks() throws Exception {
        // snippet: backticks
        Captured r = Command.of("ls", "-l", userDirectory).capture();   // no shell: any text is one argument
        if (!r.success()) System.err.println("ls: " + r.status() + ": " + r.errorText());
        List<String> lines = r.lines();
        String date = Command.of("date", "+%Y").captureText();       // throws ChildFailedException on failure
        // end snippet
    }

    @Test
    void communicate() throws Exception {
        // snippet: communicate
        Captured sorted = Communication.of(Command.of("sort", "-r"))
                .input("b\na\nc\n")
                .timeout(Duration.ofSeconds(30))
                .run();
        System.out.print(sorted.text());                 // c b a, with no deadlock at any size
        // end snippet
    }

    @Test
    void open2() throws Exception {
        // snippet: open2
        try (Conversation bc = Conversation.start(Command.of("bc", "-q"))) {
            System.out.println(bc.ask("2^10"));            // 1024
            System.out.println(bc.ask("7*6", Duration.ofSeconds(5)));
        }
        // end snippet
    }

    @Test
    void pipeline() throws Exception {
        // snippet: pipeline
        PipelineResult r = Pipeline.of(
                Command.of("yes"),
                CommandString.parse("head -3"),
                CommandString.parse("tr y Y"))
            .stdout(Redirect.nullDevice())
            .run();
        System.out.println(r);              // killed by SIGPIPE | exit 0 | exit 0
        System.out.println(r.pipefail());   // killed by SIGPIPE
        // end snippet
    }

    @Test
    void timeoutCancel() throws Exception {
        // snippet: timeout-cancel
        try {
            Command.of("sleep", "600").capture(Duration.ofMillis(200));
        } catch (CommunicationTimeoutException e) {
            System.out.println(e.cancellation());        // terminated (killed by SIGTERM)
            byte[] soFar = e.partialStdout();
        }
        // end snippet
    }

    @Test
    void argumentMagic() throws Exception {
        // snippet: argument-magic
        try (ArgumentInput in = ArgumentInput.of(List.of(f1.toString(), "echo from a command |", f2.toString()), System.in)
                .allowCommands(true)) {                   // only for arguments you trust
            in.forEachLine(System.out::println);
        }
        // end snippet
    }
}
