package dev.jipc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.Errno;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the hand-written constants against the system's C headers: each value is printed by a C
 * program generated from the names and compiled here. Skipped without a C compiler.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlatformConstantsTest {
    private static final String HEADERS = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <limits.h>
            #include <locale.h>
            #include <mqueue.h>
            #include <netdb.h>
            #include <netinet/in.h>
            #include <netinet/tcp.h>
            #include <poll.h>
            #include <semaphore.h>
            #include <signal.h>
            #include <spawn.h>
            #include <stddef.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/epoll.h>
            #include <sys/ioctl.h>
            #include <sys/ipc.h>
            #include <sys/mman.h>
            #include <sys/msg.h>
            #include <sys/sem.h>
            #include <sys/shm.h>
            #include <sys/socket.h>
            #include <sys/stat.h>
            #include <sys/un.h>
            #include <sys/wait.h>
            #include <termios.h>
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsACompiler() {
        Assumptions.assumeTrue(onPath("gcc"), "gcc is not on PATH; the constants cannot be checked against the headers");
    }

    @Test
    void everyConstantMatchesTheHeaders() throws Exception {
        PlatformConstants current = PlatformConstants.current();
        Map<String, Long> expected = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        collect(current, expected, body);

        Map<String, String> printed = run("constants", body.toString());

        assertThat(printed.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, value) ->
                assertThat(Long.parseLong(printed.get(name))).as("%s in %s", name, current.name()).isEqualTo(value));
    }

    /** Every int component, and those of the records nested in it (the terminal constants). */
    private static void collect(Record constants, Map<String, Long> expected, StringBuilder body) throws Exception {
        for (RecordComponent rc : constants.getClass().getRecordComponents()) {
            Object value = rc.getAccessor().invoke(constants);
            if (value instanceof Record nested) {
                collect(nested, expected, body);
            }
            if (rc.getType() != int.class) {
                continue; // the platform's name, or a nested record
            }
            expected.put(rc.getName(), ((Integer) value).longValue());
            body.append("    printf(\"%s %ld\\n\", \"").append(rc.getName()).append("\", (long) (")
                    .append(cExpression(rc.getName())).append("));\n");
        }
    }

    @Test
    void everyErrnoMatchesTheHeadersAndStrerror() throws Exception {
        List<Errno> errnos = Arrays.stream(Errno.values()).filter(e -> e != Errno.UNKNOWN).toList();
        StringBuilder body = new StringBuilder("    setlocale(LC_ALL, \"C\");\n");
        for (Errno e : errnos) {
            body.append("    printf(\"%s %d %s\\n\", \"").append(e.name()).append("\", ").append(e.name())
                    .append(", strerror(").append(e.name()).append("));\n");
        }

        Map<String, String> printed = run("errnos", body.toString());

        for (Errno e : errnos) {
            assertThat(printed.get(e.name())).as("%s: number and strerror", e.name())
                    .isEqualTo(e.number() + " " + e.message());
        }
    }

    @Test
    void everySignalMatchesTheHeaders() throws Exception {
        List<dev.jipc.signal.Signal> signals = Arrays.stream(dev.jipc.signal.Signal.values())
                .filter(s -> s != dev.jipc.signal.Signal.UNKNOWN).toList();
        StringBuilder body = new StringBuilder();
        for (dev.jipc.signal.Signal s : signals) {
            body.append("    printf(\"%s %d\\n\", \"").append(s.name()).append("\", ").append(s.name()).append(");\n");
        }

        Map<String, String> printed = run("signals", body.toString());

        for (dev.jipc.signal.Signal s : signals) {
            assertThat(printed.get(s.name())).as("%s", s.name()).isEqualTo(String.valueOf(s.number()));
        }
    }

    /**
     * C for a component name: a macro as is, SIZEOF_X as sizeof(struct x), SIZEOF_X_T as sizeof(x_t)
     * (a typedef such as posix_spawnattr_t), OFFSETOF_X__F as offsetof.
     */
    static String cExpression(String name) {
        if (name.startsWith("SIZEOF_") && name.endsWith("_T")) {
            return "sizeof(" + name.substring("SIZEOF_".length()).toLowerCase(Locale.ROOT) + ")";
        }
        if (name.startsWith("SIZEOF_")) {
            return "sizeof(struct " + name.substring("SIZEOF_".length()).toLowerCase(Locale.ROOT) + ")";
        }
        if (name.startsWith("OFFSETOF_")) {
            String[] parts = name.substring("OFFSETOF_".length()).toLowerCase(Locale.ROOT).split("__", 2);
            return "offsetof(struct " + parts[0] + ", " + parts[1] + ")";
        }
        return name;
    }

    /** Compiles and runs a program with {@code body} in main; returns its lines as first word to rest. */
    private static Map<String, String> run(String name, String body) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".c");
        Path binary = dir.resolve(name);
        Files.writeString(source, HEADERS + "\nint main(void) {\n" + body + "    return 0;\n}\n");
        String compiled = exec(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
        assertThat(compiled).as("gcc output").isEmpty();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : exec(List.of(binary.toString())).split("\n")) {
            String[] kv = line.split(" ", 2);
            lines.put(kv[0], kv[1]);
        }
        return lines;
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as("exit status of %s:%n%s", command, out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
