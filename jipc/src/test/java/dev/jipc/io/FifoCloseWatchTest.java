package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FifoCloseWatchTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheReadersCloseButNotTheWritersOrThePathHandles() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("sig")).create();
        try (FifoCloseWatch closes = FifoCloseWatch.on(fifo.path())) {
            assertThat(closes.awaitClose(Duration.ZERO)).isFalse();
            CompletableFuture<Void> readerLeft = new CompletableFuture<>();
            CompletableFuture<String> got = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (Fd in = fifo.openReader()) {
                    got.complete(new String(in.inputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    got.completeExceptionally(e);
                }
                readerLeft.complete(null);
            });
            try (Fd out = fifo.openWriter()) {
                out.writeFully("hello".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(got.get()).isEqualTo("hello");
            readerLeft.get();
            reader.join();
            assertThat(closes.awaitClose(Duration.ofSeconds(30))).isTrue();
            // One reader, one close: the writer's close and the path handles are not counted.
            assertThat(closes.awaitClose(Duration.ZERO)).isFalse();
            assertThat(closes.isGone()).isFalse();
        }
    }

    @Test
    void noticesTheFifoBeingRemoved() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("sig")).create();
        try (FifoCloseWatch closes = FifoCloseWatch.on(fifo.path())) {
            fifo.delete();
            assertThat(closes.awaitClose(Duration.ofSeconds(30))).isFalse();
            assertThat(closes.isGone()).isTrue();
        }
    }
}
