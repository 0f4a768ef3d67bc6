package dev.jipc.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;

/** The JDK stream and channel views of a {@link StreamSocket}; each closes the socket when closed. */
final class SocketStreams {
    private SocketStreams() {}

    static final class In extends InputStream {
        private final StreamSocket s;

        In(StreamSocket s) {
            this.s = s;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = s.read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : s.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static final class Out extends OutputStream {
        private final StreamSocket s;

        Out(StreamSocket s) {
            this.s = s;
        }

        @Override
        public void write(int b) throws IOException {
            s.writeFully(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            s.writeFully(b, off, len);
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static final class Channel implements ByteChannel {
        private final StreamSocket s;

        Channel(StreamSocket s) {
            this.s = s;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return s.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return s.write(src);
        }

        @Override
        public boolean isOpen() {
            return !s.isClosed();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
