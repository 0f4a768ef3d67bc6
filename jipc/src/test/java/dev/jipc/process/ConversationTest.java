package dev.jipc.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** open2 conversations and the argument-magic input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConversationTest {
    @TempDir
    Path dir;

    @Test
    void lineByLineWithCatU() throws IOException {
        try (Conversation cat = Conversation.start(Command.of("cat", "-u"))) {
            assertThat(cat.ask("stuff")).isEqualTo("stuff");
            assertThat(cat.ask("more", Duration.ofSeconds(10))).isEqualTo("more");
            cat.closeInput();
            assertThat(cat.receive()).isNull();
        }
    }

    @Test
    void bcAnswersEachLine() throws IOException {
        try (Conversation bc = Conversation.start(Command.of("bc", "-q"))) {
            assertThat(bc.ask("2^10")).isEqualTo("1024");
            assertThat(bc.ask("7*6")).isEqualTo("42");
        }
    }

    @Test
    void theBufferingTrapTimesOutInsteadOfHanging() throws IOException {
        // sed without -u buffers its output in blocks when it writes to a pipe.
        try (Conversation sed = Conversation.start(Command.of("sed", "s/a/b/"))) {
            sed.send("a");
            assertThatThrownBy(() -> sed.receive(Duration.ofMillis(300))).isInstanceOf(TimedOutException.class);
            sed.closeInput(); // end of input: sed flushes
            assertThat(sed.receive()).isEqualTo("b");
        }
    }

    @Test
    void argumentMagicInOrder() throws IOException {
        Path f1 = Files.writeString(dir.resolve("f1"), "one\n");
        Path f3 = Files.writeString(dir.resolve("f3"), "three\nfour");
        List<String> got = new ArrayList<>();
        try (ArgumentInput in = ArgumentInput.of(List.of(f1.toString(), "printf 'cmd 1\\n' |", "-", "echo \"cmd  2\"|", f3.toString()),
                new ByteArrayInputStream("stdin\n".getBytes(StandardCharsets.UTF_8))).allowCommands(true)) {
            in.forEachLine(got::add);
        }
        assertThat(got).containsExactly("one", "cmd 1", "stdin", "cmd  2", "three", "four");
    }

    @Test
    void commandsAreFilesUnlessEnabled() throws IOException {
        try (ArgumentInput in = ArgumentInput.of(List.of("echo pwned |"), new ByteArrayInputStream(new byte[0]))) {
            assertThatThrownBy(in::readLine).isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
    }

    @Test
    void aFailingCommandArgumentIsReported() throws IOException {
        try (ArgumentInput in = ArgumentInput.of(List.of("sh -c 'echo x; exit 9'|"), new ByteArrayInputStream(new byte[0]))
                .allowCommands(true)) {
            assertThat(in.readLine()).isEqualTo("x");
            assertThatThrownBy(in::readLine).isInstanceOfSatisfying(ChildFailedException.class,
                    e -> assertThat(e.status()).isEqualTo(new ExitStatus.Exited(9)));
        }
    }

    @Test
    void noArgumentsMeansStdin() throws IOException {
        try (ArgumentInput in = ArgumentInput.of(List.of(), new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(in.readLine()).isEqualTo("a");
            assertThat(in.currentArgument()).isEqualTo("-");
            assertThat(in.readLine()).isEqualTo("b");
            assertThat(in.readLine()).isNull();
        }
    }
}
