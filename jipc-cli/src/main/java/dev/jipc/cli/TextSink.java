package dev.jipc.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Copies bytes from a socket to the command's output as they arrive, decoding UTF-8 across reads
 * (a character split between two reads is printed whole) and flushing after every piece, so a
 * prompt without a newline is seen at once. Line endings are passed through untouched: a server's
 * CR LF reaches the output as CR LF, as it does from the Perl clients. Bytes that are not UTF-8
 * become U+FFFD.
 */
final class TextSink {
    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192 + 8);
    private final CharBuffer chars = CharBuffer.allocate(8192 + 8);

    TextSink(PrintWriter out) {
        this.out = out;
    }

    /** Decodes and prints {@code len} bytes (at most 8192 per call), keeping an incomplete character for the next call. */
    void write(byte[] b, int off, int len) {
        if (len > 8192) {
            write(b, off, 8192);
            write(b, off + 8192, len - 8192);
            return;
        }
        pending.put(b, off, len).flip();
        decoder.decode(pending, chars, false);
        pending.compact();
        emit();
    }

    /** Ends the stream: an incomplete character left over is printed as U+FFFD. */
    void finish() {
        pending.flip();
        decoder.decode(pending, chars, true);
        decoder.flush(chars);
        pending.clear();
        emit();
        decoder.reset();
    }

    private void emit() {
        chars.flip();
        out.append(chars);
        chars.clear();
        out.flush();
    }
}
