package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadinessTest {
    private static final int PIPES = 100;
    private final List<Pipe> pipes = new ArrayList<>();
    private List<Fd> readers;
    private List<Fd> writers;

    @BeforeEach
    void openPipes() throws IOException {
        for (int i = 0; i < PIPES; i++) {
            // Small pipes: a full one is quick to make, and the per-user pipe quota is spared.
            pipes.add(Pipe.open(4096));
        }
        readers = pipes.stream().map(Pipe::reader).toList();
        writers = pipes.stream().map(Pipe::writer).toList();
    }

    @AfterEach
    void closePipes() throws IOException {
        for (Pipe p : pipes) {
            p.close();
        }
    }

    @Test
    void nothingReadyTimesOutEmpty() throws IOException {
        Readiness.Ready r = Readiness.await(readers, List.of(), Duration.ofMillis(50));

        assertThat(r.isEmpty()).isTrue();
        assertThat(Readiness.await(readers, List.of(), Duration.ZERO).isEmpty()).isTrue();
    }

    @Test
    void exactlyTheWrittenPipesAreReadable() throws IOException {
        List<Fd> expected = new ArrayList<>();
        for (int i : new int[] {3, 42, 77, 99}) {
            pipes.get(i).writer().writeFully(new byte[] {1});
            expected.add(pipes.get(i).reader());
        }

        Readiness.Ready r = Readiness.await(readers, List.of(), Duration.ofSeconds(30));

        assertThat(r.readable()).containsExactlyElementsOf(expected);
        assertThat(r.writable()).isEmpty();
    }

    @Test
    void aWaitingThreadWakesWhenOnePipeGetsData() throws Exception {
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(20);
                pipes.get(50).writer().writeFully(new byte[] {1});
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        Readiness.Ready r = Readiness.await(readers, List.of());

        assertThat(r.readable()).containsExactly(pipes.get(50).reader());
        writer.join();
    }

    @Test
    void writableAreThePipesWithRoom() throws IOException {
        Pipe full = pipes.get(10);
        fill(full.writer());

        Readiness.Ready r = Readiness.await(List.of(), writers, Duration.ofSeconds(30));

        assertThat(r.writable()).hasSize(PIPES - 1).doesNotContain(full.writer());
        assertThat(Readiness.await(List.of(), List.of(full.writer()), Duration.ZERO).isEmpty()).isTrue();
    }

    @Test
    void readersAndWritersInOneCall() throws IOException {
        Pipe full = pipes.get(0);
        fill(full.writer());

        Readiness.Ready r = Readiness.await(readers.subList(0, 2), writers.subList(0, 2), Duration.ofSeconds(30));

        assertThat(r.readable()).containsExactly(full.reader());
        assertThat(r.writable()).containsExactly(pipes.get(1).writer());
    }

    @Test
    void aHungUpPipeCountsAsReadable() throws IOException {
        pipes.get(7).writer().close();

        Readiness.Ready r = Readiness.await(readers, List.of(), Duration.ofSeconds(30));

        assertThat(r.readable()).containsExactly(pipes.get(7).reader());
        assertThat(pipes.get(7).reader().read(new byte[1])).isEqualTo(-1);
    }

    @Test
    void aPipeWhoseReaderIsGoneCountsAsWritable() throws IOException {
        Pipe p = pipes.get(8);
        fill(p.writer());
        p.reader().close();

        Readiness.Ready r = Readiness.await(List.of(), List.of(p.writer()), Duration.ofSeconds(30));

        assertThat(r.writable()).containsExactly(p.writer());
    }

    @Test
    void aClosedFdIsRefused() throws IOException {
        pipes.get(5).reader().close();

        assertThatThrownBy(() -> Readiness.await(readers, List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void closingAWatchedFdWakesTheWaiter() throws Exception {
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(20);
                pipes.get(60).reader().close();
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        assertThatThrownBy(() -> Readiness.await(readers, List.of()))
                .isInstanceOf(ClosedChannelException.class);
        closer.join();
    }

    /** Writes until the pipe is full. */
    private static void fill(Fd writer) throws IOException {
        byte[] chunk = new byte[4096];
        do {
            writer.write(chunk, 0, chunk.length);
        } while (!Readiness.await(List.of(), List.of(writer), Duration.ZERO).isEmpty());
    }
}
