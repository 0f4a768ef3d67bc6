package dev.jipc.sysv;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs small Perl programs as peers in the SysV tests. */
final class PerlPrograms {
    private PerlPrograms() {}

    static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    static void assumePerl() {
        Assumptions.assumeTrue(onPath("perl"), "perl is not on PATH; the Perl side of the interop cannot run");
    }

    /** Starts {@code perl -e program args...} with strict and warnings, stderr merged into stdout. */
    static Process start(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("perl", "-Mstrict", "-Mwarnings", "-e", program));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Runs a program to its end; returns its output, failing on a non-zero exit. */
    static String run(String program, String... args) throws IOException, InterruptedException {
        Process p = start(program, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("perl did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("perl exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** The next line the program prints. */
    static String line(Process p) throws IOException {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
