package dev.jipc.cli;

/**
 * The time protocol of RFC 868: the server's clock as an unsigned 32-bit count of seconds since
 * 1900-01-01 UTC, in network byte order. Used over TCP (the server sends four bytes and closes) and
 * UDP (any datagram is answered with the four bytes).
 */
final class Rfc868 {
    private Rfc868() {}

    /** Seconds from 1900-01-01 to 1970-01-01, the difference between the protocol's epoch and Unix time. */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    /** The four bytes for a Unix time in seconds. */
    static byte[] encode(long unixSeconds) {
        long t = (unixSeconds + SECONDS_1900_TO_1970) & 0xFFFF_FFFFL;
        return new byte[] {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
    }

    /**
     * The Unix time in seconds that four bytes stand for.
     *
     * @throws IllegalArgumentException unless {@code b} holds exactly four bytes
     */
    static long decode(byte[] b, int length) {
        if (length != 4) {
            throw new IllegalArgumentException("a time answer is 4 bytes, not " + length);
        }
        long t = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        return t - SECONDS_1900_TO_1970;
    }
}
