package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines without a shell, their statuses, and the tokenizer of their string form. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void threeStagesIntoAFile() throws IOException {
        Path out = dir.resolve("out");
        PipelineResult r = Pipeline.of(Command.of("printf", "b\\na\\nb\\nc\\n"), Command.of("sort", "-u"), Command.of("tr", "a-z", "A-Z"))
                .stdout(Redirect.write(out)).run();
        assertThat(r.success()).isTrue();
        assertThat(r.toString()).isEqualTo("exit 0 | exit 0 | exit 0");
        assertThat(Files.readString(out)).isEqualTo("A\nB\nC\n");
    }

    @Test
    void eachStatusAndPipefail() throws IOException {
        PipelineResult r = Pipeline.of(Command.of("yes"), Command.of("head", "-1"), Command.of("sh", "-c", "cat >/dev/null; exit 3"))
                .stdout(Redirect.nullDevice()).run();
        assertThat(r.statuses().get(0)).isEqualTo(new ExitStatus.Signaled(Signal.SIGPIPE, false));
        assertThat(r.statuses().get(1)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(r.pipefail()).isEqualTo(new ExitStatus.Exited(3));
        assertThat(r.last()).isEqualTo(new ExitStatus.Exited(3));
        assertThat(r.success()).isFalse();
        assertThat(r.toString()).isEqualTo("killed by SIGPIPE | exit 0 | exit 3");
    }

    @Test
    void pipedEndsFromJava() throws IOException {
        try (PipelineProcess p = Pipeline.of(Command.of("rev"), Command.of("tr", "a-z", "A-Z"))
                .stdin(Redirect.pipe()).stdout(Redirect.pipe()).start()) {
            p.stdin().writeFully("abc\n".getBytes(UTF_8));
            p.stdin().close();
            assertThat(new String(p.stdout().inputStream().readAllBytes(), UTF_8)).isEqualTo("CBA\n");
            assertThat(p.waitFor().success()).isTrue();
        }
    }

    @Test
    void aStageThatCannotStartLeavesNothingBehind() {
        assertThatThrownBy(() -> Pipeline.of(Command.of("sleep", "600"), Command.of("no-such-stage-xyz")).run())
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        // the LeakGuard checks that the sleep was killed and reaped, and no pipe end is left
    }

    @Test
    void tokenizerRules() {
        assertThat(CommandString.split("  grep  -v   '^#'  ")).containsExactly("grep", "-v", "^#");
        assertThat(CommandString.split("a'b c'd \"x \\\" \\\\ \\n\" e\\ f ''")).containsExactly("ab cd", "x \" \\ \\n", "e f", "");
        assertThat(CommandString.split("echo $HOME *.txt | > ; &")).containsExactly("echo", "$HOME", "*.txt", "|", ">", ";", "&");
        assertThat(CommandString.split("")).isEmpty();
        assertThatThrownBy(() -> CommandString.split("echo 'open")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated '");
        assertThatThrownBy(() -> CommandString.split("echo \"open")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandString.split("trailing\\")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandString.parse("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CommandString.parse("sort -r").argv()).containsExactly("sort", "-r");
    }
}
