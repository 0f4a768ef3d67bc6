package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jipc.internal.DropPrivilegesMain;
import dev.jipc.internal.Unistd;
import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Child JVMs running this program's classes, with pipes, and with privileges dropped before main. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaChildTest {
    private static final String NOT_ROOT = "dropping privileges needs root (CAP_SETUID, CAP_SETGID); this JVM runs as uid ";

    static List<String> lines(ChildProcess child) throws Exception {
        List<String> out = new ArrayList<>();
        try (LineReader r = LineReader.of(child.stdout())) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void theChildEchoesLinesBack() throws Exception {
        try (ChildProcess child = JavaChild.of(TestChild.class, "echo").start()) {
            LineWriter w = LineWriter.lf(child.stdin()).autoFlush(true);
            LineReader r = LineReader.of(child.stdout());
            w.writeLine("first");
            assertThat(r.readLine()).isEqualTo("pid " + child.pid() + " got: first");
            w.writeLine("second, with spaces and $(no shell)");
            assertThat(r.readLine()).isEqualTo("pid " + child.pid() + " got: second, with spaces and $(no shell)");
            child.stdin().close();
            assertThat(r.readLine()).isNull();
            assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        }
    }

    @Test
    void theCommandLineIsThisJvmsJavaClassPathAndNativeAccess() {
        Command c = JavaChild.of("a.b.Main", "x y").jvmOptions("-Xmx32m").command();
        assertThat(c.program()).isEqualTo(System.getProperty("java.home") + "/bin/java");
        assertThat(c.argv()).containsSubsequence("--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "-Xmx32m", "a.b.Main", "x y");
        Command dropping = JavaChild.of("a.b.Main", "x").dropPrivileges(new Credentials(1000, 100, List.of(10, 20)))
                .command();
        assertThat(dropping.argv()).endsWith(DropPrivilegesMain.class.getName(), "1000", "100", "10,20", "a.b.Main", "x");
        assertThatThrownBy(() -> JavaChild.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credentials.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privilegesAreDroppedBeforeMainAndCannotBeRegained() throws Exception {
        assumeTrue(Unistd.geteuid() == 0, NOT_ROOT + Integer.toUnsignedString(Unistd.geteuid()));
        JavaChild whoami = JavaChild.of(TestChild.class, "whoami")
                .dropPrivileges(new Credentials(65534, 65533, List.of(65532, 65531)));
        try (ChildProcess child = whoami.command().stdout(Redirect.pipe()).start()) {
            List<String> out = lines(child);
            assertThat(child.waitFor()).as("output %s", out).isEqualTo(new ExitStatus.Exited(0));
            assertThat(out).contains("Uid:\t65534\t65534\t65534\t65534", "Gid:\t65533\t65533\t65533\t65533");
            assertThat(out).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("Groups:", "65531", "65532"));
            assertThat(out).contains("setuid0=-1 setgid0=-1 setgroups0=-1"); // -EPERM each
        }
    }

    @Test
    void aFailedDropStopsTheChildBeforeMain() throws Exception {
        assumeTrue(Unistd.geteuid() != 0,
                "only a non-root JVM can watch setuid fail; this one is root, where the drop succeeds");
        try (ChildProcess child = JavaChild.of(TestChild.class, "whoami").dropPrivileges(Credentials.of(0, 0))
                .command().stdout(Redirect.pipe()).stderr(Redirect.pipe()).start()) {
            assertThat(lines(child)).isEmpty();
            assertThat(new String(child.stderr().inputStream().readAllBytes(), UTF_8)).contains("cannot drop privileges");
            assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(DropPrivilegesMain.EXIT_CANNOT_DROP));
        }
    }
}
