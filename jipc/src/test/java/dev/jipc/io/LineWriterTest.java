package dev.jipc.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LineWriterTest {
    /** A hang guard only: no test expects to wait anywhere near this long. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    /**
     * Starts taking everything from {@code reader} up to end of file on another thread, so a writer
     * never waits on a full pipe (the kernel may have refused the larger size).
     */
    private static CompletableFuture<byte[]> collect(Fd reader) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] b = new byte[8192];
                for (int n; (n = reader.read(b, 0, b.length, GUARD)) >= 0; ) {
                    all.write(b, 0, n);
                }
                result.complete(all.toByteArray());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** What one read finds in the pipe right now; fails with TimedOutException if it is empty. */
    private static String available(Fd reader) throws Exception {
        byte[] b = new byte[8192];
        int n = reader.read(b, 0, b.length, Duration.ZERO);
        return new String(b, 0, n, UTF_8);
    }

    @Test
    void crlfWriterSendsExactlyCrLf() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.crlf(p.writer())) {
                out.writeLine("USER me");
                out.writeLine("");
                out.write("PA");
                out.writeLine("SS ü");
                assertThat(out.terminator()).isEqualTo("\r\n");
            }
            assertThat(p.writer().isClosed()).as("closing the writer closes the Fd").isTrue();
            assertThat(sent.get())
                    .containsExactly('U', 'S', 'E', 'R', ' ', 'm', 'e', 13, 10, 13, 10,
                            'P', 'A', 'S', 'S', ' ', 0xc3, 0xbc, 13, 10);
        }
    }

    @Test
    void lfWriterSendsBareLf() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.lf(p.writer())) {
                out.writeLine("a");
                out.writeLine("");
                out.writeLine("b");
            }
            assertThat(new String(sent.get(), UTF_8)).isEqualTo("a\n\nb\n");
        }
    }

    @Test
    void nothingIsSentBeforeAnExplicitFlush() throws Exception {
        try (Pipe p = Pipe.open(); LineWriter out = LineWriter.crlf(p.writer())) {
            out.writeLine("QUIT");
            assertThatThrownBy(() -> available(p.reader())).isInstanceOf(TimedOutException.class);
            out.flush();
            assertThat(available(p.reader())).isEqualTo("QUIT\r\n");
        }
    }

    @Test
    void autoFlushSendsEveryCallAtOnce() throws Exception {
        try (Pipe p = Pipe.open(); LineWriter out = LineWriter.crlf(p.writer()).autoFlush(true)) {
            assertThat(out.isAutoFlush()).isTrue();
            out.writeLine("220 ready");
            assertThat(available(p.reader())).isEqualTo("220 ready\r\n");
            out.write("password: ");
            assertThat(available(p.reader())).isEqualTo("password: ");
            out.write(new byte[] {1, 2}, 0, 2);
            assertThat(available(p.reader())).isEqualTo("\u0001\u0002");
            out.autoFlush(false).writeLine("held");
            assertThatThrownBy(() -> available(p.reader())).isInstanceOf(TimedOutException.class);
        }
    }

    @Test
    void embeddedLineBreaksAreRefusedAndNothingIsWritten() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.crlf(p.writer())) {
                assertThatThrownBy(() -> out.writeLine("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("CR at index 15");
                assertThatThrownBy(() -> out.writeLine("a\nb")).hasMessageContaining("LF at index 1");
                assertThatThrownBy(() -> out.writeLine("a\rb")).isInstanceOf(IllegalArgumentException.class);
                out.writeLine("ok");
                out.write("verbatim\nis allowed\r\n");
            }
            assertThat(new String(sent.get(), UTF_8)).isEqualTo("ok\r\nverbatim\nis allowed\r\n");
        }
    }

    @Test
    void unencodableTextIsRefusedAndNothingIsWritten() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.crlf(p.writer(), US_ASCII)) {
                assertThatThrownBy(() -> out.writeLine("caf\u00e9")).isInstanceOf(CharacterCodingException.class);
                out.writeLine("cafe");
            }
            assertThat(new String(sent.get(), UTF_8)).isEqualTo("cafe\r\n");
        }
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.lf(p.writer())) {
                assertThatThrownBy(() -> out.write("lone \ud800 surrogate")).isInstanceOf(CharacterCodingException.class);
            }
            assertThat(sent.get()).isEmpty();
        }
    }

    @Test
    void otherAsciiCompatibleCharsets() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.lf(p.writer(), ISO_8859_1)) {
                assertThat(out.charset()).isEqualTo(ISO_8859_1);
                out.writeLine("café");
            }
            assertThat(sent.get()).containsExactly('c', 'a', 'f', 0xe9, '\n');
        }
    }

    @Test
    void rejectsCharsetsThatAreNotAsciiCompatible() throws Exception {
        try (Pipe p = Pipe.open()) {
            assertThatThrownBy(() -> LineWriter.crlf(p.writer(), StandardCharsets.UTF_16))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UTF-16");
        }
    }

    @Test
    void linesLargerThanTheBufferArriveWhole() throws Exception {
        String big = "ü€".repeat(5 * LineWriter.BUFFER_SIZE);
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.crlf(p.writer())) {
                out.writeLine("small");
                out.writeLine(big);
                out.writeLine("after");
            }
            assertThat(new String(sent.get(), UTF_8)).isEqualTo("small\r\n" + big + "\r\nafter\r\n");
        }
    }

    @Test
    void closeFlushesOnceAndLaterCallsFail() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            LineWriter out = LineWriter.crlf(p.writer());
            out.writeLine("bye");
            out.close();
            out.close();
            assertThatThrownBy(() -> out.writeLine("late")).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(out::flush).isInstanceOf(ClosedChannelException.class);
            assertThat(new String(sent.get(), UTF_8)).isEqualTo("bye\r\n");
        }
    }

    @Test
    void peerGoneIsEpipeAndTheFdIsStillClosed() throws Exception {
        try (Pipe p = Pipe.open()) {
            LineWriter out = LineWriter.crlf(p.writer());
            out.writeLine("unsent");
            p.reader().close();
            assertThatThrownBy(out::close)
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPIPE));
            assertThat(p.writer().isClosed()).isTrue();
        }
    }

    @Test
    void linesFromSeveralThreadsNeverInterleave() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Pipe p = Pipe.open()) {
            CompletableFuture<byte[]> sent = collect(p.reader());
            try (LineWriter out = LineWriter.crlf(p.writer())) {
                Thread[] ts = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    ts[t] = Thread.ofVirtual().start(() -> {
                        try {
                            for (int i = 0; i < perThread; i++) {
                                out.writeLine(id + ":" + i + ":" + "y".repeat(i % 97));
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                }
                for (Thread t : ts) {
                    t.join(GUARD.toMillis());
                }
            }
            String[] lines = new String(sent.get(), UTF_8).split("\r\n", -1);
            assertThat(lines).hasSize(threads * perThread + 1);
            assertThat(lines[lines.length - 1]).isEmpty();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.length - 1; i++) {
                String[] f = lines[i].split(":", -1);
                assertThat(f[2]).isEqualTo("y".repeat(Integer.parseInt(f[1]) % 97));
                seen.add(f[0] + ":" + f[1]);
            }
            assertThat(seen).hasSize(threads * perThread);
        }
    }
}
