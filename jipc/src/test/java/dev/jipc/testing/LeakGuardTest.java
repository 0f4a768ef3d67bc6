package dev.jipc.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jipc.io.Pipe;
import java.io.File;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs small classes that leak (or don't) through a separate JUnit engine and checks the guard's
 * verdict on each. Those classes are disabled everywhere except inside that engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakGuardTest {
    private static final String DEMO = "jipc.testing.leakGuardDemo";

    @Test
    void failsAClassThatLeavesAPipeOpen() throws IOException {
        try {
            TestExecutionResult result = runClass(LeaksAPipe.class);

            assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            Pipe p = LeaksAPipe.leaked;
            assertThat(result.getThrowable()).get(THROWABLE)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(LeaksAPipe.class.getName() + " leaked 2 resources")
                    .hasMessageMatching("(?s).*\\bfd " + p.reader().number() + " -> pipe:\\[\\d+].*")
                    .hasMessageMatching("(?s).*\\bfd " + p.writer().number() + " -> pipe:\\[\\d+].*");
        } finally {
            LeaksAPipe.leaked.close();
        }
    }

    @Test
    void passesAClassWhoseUnclosedFdTheCleanerCloses() {
        assertThat(runClass(DropsAnUnclosedFd.class).getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void passesAClassThatClosesWhatItOpens() {
        assertThat(runClass(ClosesItsPipe.class).getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void failsAClassThatLeavesAChildRunning() throws InterruptedException {
        try {
            TestExecutionResult result = runClass(LeavesAChild.class);

            assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(result.getThrowable()).get(THROWABLE)
                    .hasMessageContaining("child still running: pid " + LeavesAChild.child.pid() + " (");
        } finally {
            LeavesAChild.child.destroyForcibly().waitFor();
        }
    }

    @Test
    void failsAClassThatLeavesAZombie() throws Throwable {
        try {
            TestExecutionResult result = runClass(LeavesAZombie.class);

            assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(result.getThrowable()).get(THROWABLE)
                    .hasMessageContaining("zombie child pid " + LeavesAZombie.pid + " (true) state Z");
        } finally {
            RawSpawn.reap(LeavesAZombie.pid);
        }
    }

    /** Runs one demo class in its own Jupiter engine; returns how its class container finished. */
    private static TestExecutionResult runClass(Class<?> demo) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(demo))
                .configurationParameter(DEMO, "true")
                .configurationParameter(LeakGuard.ATTEMPTS_PARAMETER, "3")
                .execute()
                .containerEvents()
                .finished()
                .stream()
                .filter(e -> e.getTestDescriptor().getSource()
                        .filter(src -> src instanceof ClassSource c && c.getJavaClass() == demo)
                        .isPresent())
                .map(e -> e.getRequiredPayload(TestExecutionResult.class))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no class result for " + demo));
    }

    /** Keeps the demo classes from running anywhere but in {@link #runClass}. */
    static final class OnlyInsideTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(DEMO).isPresent()
                    ? ConditionEvaluationResult.enabled("run by LeakGuardTest")
                    : ConditionEvaluationResult.disabled("a leak demo, run only by LeakGuardTest");
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith({OnlyInsideTheTestKit.class, LeakGuard.class})
    @interface Demo {}

    @Demo
    static class LeaksAPipe {
        static Pipe leaked;

        @Test
        void leak() throws IOException {
            leaked = Pipe.open(Pipe.KERNEL_DEFAULT);
        }
    }

    @Demo
    static class DropsAnUnclosedFd {
        @Test
        void drop() throws IOException {
            Pipe.open(Pipe.KERNEL_DEFAULT).writer().number();
        }
    }

    @Demo
    static class ClosesItsPipe {
        @Test
        void closes() throws IOException {
            try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
                p.writer().writeFully(new byte[] {1});
            }
        }
    }

    @Demo
    static class LeavesAZombie {
        static int pid;

        @Test
        void spawnAndNeverReap() throws Throwable {
            pid = RawSpawn.spawn("true");
            while (ProcSelf.children().get((long) pid).state() != 'Z') {
                Thread.sleep(10);
            }
        }
    }

    /**
     * posix_spawnp and waitpid straight from libc: the JDK reaps the children it starts itself, so
     * a zombie needs a child the JDK does not know about.
     */
    static final class RawSpawn {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle POSIX_SPAWNP = LINKER.downcallHandle(
                LINKER.defaultLookup().find("posix_spawnp").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        private static final MethodHandle WAITPID = LINKER.downcallHandle(
                LINKER.defaultLookup().find("waitpid").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

        static int spawn(String program) throws Throwable {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment argv = arena.allocate(ADDRESS, 2);
                argv.setAtIndex(ADDRESS, 0, arena.allocateFrom(program));
                MemorySegment envp = arena.allocate(ADDRESS, 1);
                int r = (int) POSIX_SPAWNP.invokeExact(pid, arena.allocateFrom(program),
                        MemorySegment.NULL, MemorySegment.NULL, argv, envp);
                assertThat(r).as("posix_spawnp error").isZero();
                return pid.get(JAVA_INT, 0);
            }
        }

        static void reap(int pid) throws Throwable {
            int r = (int) WAITPID.invokeExact(pid, MemorySegment.NULL, 0);
            assertThat(r).as("waitpid").isEqualTo(pid);
        }
    }

    @Demo
    static class LeavesAChild {
        static Process child;

        @Test
        void spawn() throws IOException {
            // No pipes to the child: this demo is about the process alone.
            child = new ProcessBuilder("sleep", "600")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }
    }
}
