package dev.jipc.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/** The JDK stream and channel views of an {@link Fd}; each one closes the {@code Fd} when closed. */
final class FdStreams {
    private FdStreams() {}

    static final class In extends InputStream {
        private final Fd fd;

        In(Fd fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = fd.read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : fd.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            fd.close();
        }
    }

    static final class Out extends OutputStream {
        private final Fd fd;

        Out(Fd fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            fd.writeFully(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            fd.writeFully(b, off, len);
        }

        @Override
        public void close() throws IOException {
            fd.close();
        }
    }

    static final class ReadChannel implements ReadableByteChannel {
        private final Fd fd;

        ReadChannel(Fd fd) {
            this.fd = fd;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return fd.read(dst);
        }

        @Override
        public boolean isOpen() {
            return !fd.isClosed();
        }

        @Override
        public void close() throws IOException {
            fd.close();
        }
    }

    static final class WriteChannel implements WritableByteChannel {
        private final Fd fd;

        WriteChannel(Fd fd) {
            this.fd = fd;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return fd.write(src);
        }

        @Override
        public boolean isOpen() {
            return !fd.isClosed();
        }

        @Override
        public void close() throws IOException {
            fd.close();
        }
    }
}
