package dev.jipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemSupportTest {
    private final SystemSupport support = SystemSupport.probe();

    @Test
    void kernelReleaseIsWhatUnamePrints() throws Exception {
        Optional<String> uname = run("uname", "-r");
        assumeTrue(uname.isPresent(), "uname not runnable");
        assertThat(support.kernelRelease()).isEqualTo(uname.get());
    }

    @Test
    void glibcVersionIsWhatGetconfPrints() throws Exception {
        Optional<String> getconf = run("getconf", "GNU_LIBC_VERSION");
        assumeTrue(getconf.isPresent() && getconf.get().startsWith("glibc "), "getconf knows no glibc version here");
        assertThat(support.glibcVersion()).contains(getconf.get().substring("glibc ".length()));
    }

    @Test
    void architectureAndPlatformAgree() {
        assertThat(support.architecture()).isIn("amd64", "x86_64", "aarch64");
        assertThat(support.platform()).startsWith("linux-");
    }

    @Test
    void everyFacilityIsReportedOnceWithDetail() {
        assertThat(support.facilities()).extracting(SystemSupport.Facility::name).doesNotHaveDuplicates().contains(
                SystemSupport.EPOLL, SystemSupport.PIDFD, SystemSupport.CLOSE_RANGE,
                SystemSupport.ABSTRACT_UNIX_SOCKETS, SystemSupport.PIPE_RESIZE, SystemSupport.PIPE_QUOTA,
                SystemSupport.SYSV_SHM, SystemSupport.SYSV_SEM, SystemSupport.SYSV_MSG,
                SystemSupport.POSIX_SPAWN, SystemSupport.PROC_SELF_FD, SystemSupport.OPEN_FILE_LIMIT,
                SystemSupport.PSEUDO_TERMINALS, SystemSupport.SOCKET_WAKE_SIGNAL);
        assertThat(support.facilities()).allSatisfy(f -> assertThat(f.detail()).isNotBlank());
    }

    @Test
    void facilitiesJipcAlreadyReliesOnAreSupported() {
        // These tests run on the library's own fifo, readiness, process and pty code, which needs them.
        for (String name : new String[] {SystemSupport.EPOLL, SystemSupport.PROC_SELF_FD, SystemSupport.POSIX_SPAWN,
                SystemSupport.PSEUDO_TERMINALS, SystemSupport.SOCKET_WAKE_SIGNAL}) {
            assertThat(support.facility(name)).get().satisfies(f -> assertThat(f.supported()).as(f.toString()).isTrue());
        }
    }

    @Test
    void pidfdAndCloseRangeFollowTheKernelRelease() {
        int[] v = kernelMajorMinor(support.kernelRelease());
        // The probes make real calls; on kernels new enough the calls must work unless a seccomp
        // filter forbids them, which would show as EPERM or ENOSYS in the detail.
        if (atLeast(v, 5, 9)) {
            assertThat(support.facility(SystemSupport.CLOSE_RANGE).orElseThrow().supported()).isTrue();
        }
        if (atLeast(v, 5, 3)) {
            assertThat(support.facility(SystemSupport.PIDFD).orElseThrow().supported()).isTrue();
        }
    }

    @Test
    void openFileLimitMatchesTheShell() throws Exception {
        Optional<String> ulimit = run("sh", "-c", "ulimit -n");
        assumeTrue(ulimit.isPresent(), "sh not runnable");
        // A child inherits the JVM's soft limit unless the JVM raised it for itself (HotSpot raises it
        // to the hard limit on Linux), so the shell's value is one of the two numbers reported.
        String detail = support.facility(SystemSupport.OPEN_FILE_LIMIT).orElseThrow().detail();
        assertThat(detail).contains(ulimit.get());
    }

    @Test
    void sysvLimitsAreTheKernelsValues() throws Exception {
        SystemSupport.Facility shm = support.facility(SystemSupport.SYSV_SHM).orElseThrow();
        assumeTrue(shm.supported(), "no SysV IPC here: " + shm.detail());
        String shmmni;
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/shmmni"))) {
            shmmni = new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
        }
        assertThat(shm.detail()).contains("shmmni " + shmmni);
    }

    private static boolean atLeast(int[] v, int major, int minor) {
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    private static int[] kernelMajorMinor(String release) {
        String[] parts = release.split("[.-]");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** Runs a command and returns its trimmed standard output, or empty if it cannot run or fails. */
    private static Optional<String> run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
