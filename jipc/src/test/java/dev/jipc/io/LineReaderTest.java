package dev.jipc.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import dev.jipc.internal.ThreadWake;
import dev.jipc.testing.BlockedThreads;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LineReaderTest {
    /** A hang guard only: no test expects to wait anywhere near this long. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    private static void send(Pipe p, String s) throws Exception {
        p.writer().writeFully(s.getBytes(UTF_8));
    }

    /** Reads every line of {@code input} (sent whole, then end of file) until null. */
    private static String[] linesOf(String input) throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            send(p, input);
            p.writer().close();
            String[] out = new String[0];
            for (String line; (line = in.readLine()) != null; ) {
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = line;
            }
            assertThat(in.readLine()).as("end of file stays end of file").isNull();
            return out;
        }
    }

    @Test
    void crlfTerminatedLines() throws Exception {
        assertThat(linesOf("HELO a\r\nMAIL FROM:<x@y>\r\n")).containsExactly("HELO a", "MAIL FROM:<x@y>");
    }

    @Test
    void bareLfTerminatedLines() throws Exception {
        assertThat(linesOf("one\ntwo\n")).containsExactly("one", "two");
    }

    @Test
    void mixedTerminatorsInOneStream() throws Exception {
        assertThat(linesOf("a\r\nb\nc\r\nd\n")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void loneCarriageReturnIsData() throws Exception {
        assertThat(linesOf("a\rb\r\n\r\r\n\r\nend\r")).containsExactly("a\rb", "\r", "", "end\r");
    }

    @Test
    void emptyLines() throws Exception {
        assertThat(linesOf("\r\n\n\r\n")).containsExactly("", "", "");
    }

    @Test
    void lastLineWithoutTerminatorIsReturnedAtEof() throws Exception {
        assertThat(linesOf("first\nlast")).containsExactly("first", "last");
    }

    @Test
    void emptyStreamIsNull() throws Exception {
        assertThat(linesOf("")).isEmpty();
    }

    @Test
    void multibyteCharactersSplitAcrossWritesFromAnotherThread() throws Exception {
        String line = "grüße € 😀 ok";
        byte[] bytes = line.getBytes(UTF_8);
        int inUmlaut = "gr".getBytes(UTF_8).length + 1; // between the two bytes of ü
        int inEmoji = "grüße € ".getBytes(UTF_8).length + 2; // inside the four bytes of 😀
        Thread reader = Thread.currentThread();
        int readerTid = ThreadWake.gettid();
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    p.writer().writeFully(Arrays.copyOfRange(bytes, 0, inUmlaut));
                    BlockedThreads.awaitWaitingForInput(reader, readerTid, GUARD);
                    p.writer().writeFully(Arrays.copyOfRange(bytes, inUmlaut, inEmoji));
                    BlockedThreads.awaitWaitingForInput(reader, readerTid, GUARD);
                    p.writer().writeFully(Arrays.copyOfRange(bytes, inEmoji, bytes.length));
                    p.writer().writeFully(new byte[] {'\r'});
                    BlockedThreads.awaitWaitingForInput(reader, readerTid, GUARD);
                    p.writer().writeFully(new byte[] {'\n'});
                    p.writer().close();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertThat(in.readLine()).isEqualTo(line);
            assertThat(in.readLine()).isNull();
            writer.join(GUARD.toMillis());
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void multibyteCharacterAndCrLfSplitAcrossReads() throws Exception {
        byte[] bytes = "€uro".getBytes(UTF_8);
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            p.writer().writeFully(Arrays.copyOfRange(bytes, 0, 1));
            // A zero timeout reads what is there and gives up: the reader has now consumed the byte.
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            p.writer().writeFully(Arrays.copyOfRange(bytes, 1, bytes.length));
            send(p, "\r");
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            send(p, "\nnext\n");
            assertThat(in.readLine()).isEqualTo("€uro");
            assertThat(in.readLine()).isEqualTo("next");
        }
    }

    @Test
    void timeoutLosesNothing() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            send(p, "hel");
            Duration timeout = Duration.ofMillis(20);
            assertThatThrownBy(() -> in.readLine(timeout))
                    .isInstanceOfSatisfying(TimedOutException.class, e -> {
                        assertThat(e.timeout()).isEqualTo(timeout);
                        assertThat(e.operation()).startsWith("read line from pipe reader");
                    });
            send(p, "lo\r\nworld\n");
            assertThat(in.readLine(GUARD)).isEqualTo("hello");
            // Already buffered: returned even with a zero timeout.
            assertThat(in.readLine(Duration.ZERO)).isEqualTo("world");
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
        }
    }

    @Test
    void interruptionLosesNothing() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            send(p, "par");
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(in::readLine).isInstanceOf(InterruptedIOException.class);
            } finally {
                assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
            }
            send(p, "tial\n");
            assertThat(in.readLine()).isEqualTo("partial");
        }
    }

    @Test
    void closingFromAnotherThreadWakesABlockedReader() throws Exception {
        try (Pipe p = Pipe.open()) {
            LineReader in = LineReader.of(p.reader());
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(new AssertionError("returned " + in.readLine(GUARD)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            BlockedThreads.awaitWaitingForInput(reader, -1, GUARD); // a timed read parks on the poller
            in.close();
            reader.join(GUARD.toMillis());
            assertThat(outcome.get()).isInstanceOf(AsynchronousCloseException.class);
            assertThat(p.reader().isClosed()).isTrue();
        }
    }

    @Test
    void lineAtTheLimitIsAcceptedAndOneByteMoreIsNot() throws Exception {
        String sixteen = "0123456789abcdef";
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader(), UTF_8, 16)) {
            send(p, sixteen + "\r\n" + sixteen + "!\n" + "ok\n");
            assertThat(in.readLine()).isEqualTo(sixteen);
            assertThatThrownBy(in::readLine)
                    .isInstanceOfSatisfying(LineTooLongException.class, e -> assertThat(e.limit()).isEqualTo(16))
                    .hasMessageStartingWith("line from pipe reader").hasMessageEndingWith(" is longer than 16 bytes");
            assertThat(in.readLine()).isEqualTo("ok");
        }
    }

    @Test
    void carriageReturnAfterAFullLineWaitsForItsLineFeed() throws Exception {
        String sixteen = "0123456789abcdef";
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader(), UTF_8, 16)) {
            send(p, sixteen + "\r");
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            send(p, "\n" + sixteen + "\r");
            assertThat(in.readLine()).isEqualTo(sixteen);
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            send(p, "x\nafter\n");
            assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
            assertThat(in.readLine()).isEqualTo("after");
        }
    }

    @Test
    void longLinesSpanningManyReadsUpToTheDefaultLimit() throws Exception {
        String umlauts = "ü".repeat(20_000);
        String atLimit = "a".repeat(LineReader.DEFAULT_MAX_LINE_LENGTH);
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    send(p, umlauts + "\n" + atLimit + "\r\nend");
                    p.writer().close();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertThat(in.readLine(GUARD)).isEqualTo(umlauts);
            assertThat(in.readLine(GUARD)).isEqualTo(atLimit);
            assertThat(in.readLine(GUARD)).isEqualTo("end");
            assertThat(in.readLine(GUARD)).isNull();
            writer.join(GUARD.toMillis());
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void endlessLineFailsWithoutWaitingForItsEndAndTheReaderRecovers() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            byte[] junk = new byte[3 * LineReader.DEFAULT_MAX_LINE_LENGTH];
            Arrays.fill(junk, (byte) 'z');
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // Written from another thread: a pipe the kernel left at 64 KiB could not hold it all.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    p.writer().writeFully(junk);
                    send(p, "zzz\r\nnext\r\n");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            // No newline comes for 192 KiB: the reader must give up on its own long before.
            assertThatThrownBy(() -> in.readLine(GUARD))
                    .isInstanceOfSatisfying(LineTooLongException.class,
                            e -> assertThat(e.limit()).isEqualTo(LineReader.DEFAULT_MAX_LINE_LENGTH));
            assertThat(in.readLine(GUARD)).isEqualTo("next");
            writer.join(GUARD.toMillis());
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void overlongFinalLineAtEofIsRejected() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader(), UTF_8, 4)) {
            send(p, "abcd\nabcd\r");
            p.writer().close();
            assertThat(in.readLine()).isEqualTo("abcd");
            assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void rawLineBytesAreNotDecoded() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            p.writer().writeFully(new byte[] {'a', (byte) 0xff, 0, 'b', '\r', '\n', (byte) 0xff, '\n'});
            p.writer().close();
            assertThat(in.readLineBytes()).containsExactly('a', 0xff, 0, 'b');
            assertThat(in.readLine()).isEqualTo("\uFFFD");
            assertThat(in.readLineBytes()).isNull();
        }
    }

    @Test
    void rawReadTakesBufferedBytesFirst() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            send(p, "$5\r\nhel");
            assertThat(in.readLine()).isEqualTo("$5");
            assertThatThrownBy(() -> in.readLine(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            send(p, "lo\r\n+OK\r\n");
            byte[] body = new byte[7];
            int got = 0;
            while (got < body.length) {
                int n = in.read(body, got, body.length - got);
                assertThat(n).isPositive();
                got += n;
            }
            assertThat(new String(body, UTF_8)).isEqualTo("hello\r\n");
            assertThat(in.readLine()).isEqualTo("+OK");
        }
    }

    @Test
    void otherAsciiCompatibleCharsets() throws Exception {
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader(), ISO_8859_1)) {
            p.writer().writeFully(new byte[] {'c', 'a', 'f', (byte) 0xe9, '\r', '\n'});
            assertThat(in.readLine()).isEqualTo("café");
            assertThat(in.charset()).isEqualTo(ISO_8859_1);
        }
    }

    @Test
    void rejectsCharsetsThatAreNotAsciiCompatible() throws Exception {
        try (Pipe p = Pipe.open()) {
            assertThatThrownBy(() -> LineReader.of(p.reader(), StandardCharsets.UTF_16))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UTF-16");
            assertThatThrownBy(() -> LineReader.of(p.reader(), UTF_8, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closingTheReaderClosesTheFd() throws Exception {
        try (Pipe p = Pipe.open()) {
            LineReader in = LineReader.of(p.reader());
            in.close();
            in.close();
            assertThat(p.reader().isClosed()).isTrue();
            assertThatThrownBy(in::readLine).isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void tenMegabytesOfLinesBetweenTwoThreads() throws Exception {
        long target = 10L << 20;
        try (Pipe p = Pipe.open(); LineReader in = LineReader.of(p.reader())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = Thread.ofVirtual().start(() -> {
                try (LineWriter out = LineWriter.crlf(p.writer())) {
                    long sent = 0;
                    for (int i = 0; sent < target; i++) {
                        String line = lineNumber(i);
                        out.writeLine(line);
                        sent += line.getBytes(UTF_8).length + 2;
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long received = 0;
            int i = 0;
            for (String line; (line = in.readLine(GUARD)) != null; i++) {
                if (!line.equals(lineNumber(i))) {
                    assertThat(line).as("line %d", i).isEqualTo(lineNumber(i));
                }
                received += line.getBytes(UTF_8).length + 2;
            }
            producer.join(GUARD.toMillis());
            assertThat(failure.get()).isNull();
            assertThat(received).isGreaterThanOrEqualTo(target);
        }
    }

    private static String lineNumber(int i) {
        return i + ":" + "x".repeat(i % 251) + (i % 7 == 0 ? " é€😀" : "");
    }
}
