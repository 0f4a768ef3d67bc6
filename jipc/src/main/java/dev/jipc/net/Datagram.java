package dev.jipc.net;

import java.net.SocketAddress;

/**
 * What {@link DatagramEndpoint#receive} got: how many bytes were stored, how large the datagram
 * really was, and who sent it. A datagram larger than the buffer is cut, the rest is lost; that is
 * reported here ({@link #truncated()}), never silently.
 *
 * @param length the bytes stored in the buffer
 * @param size the datagram's full size (larger than {@code length} when it was truncated)
 * @param sender the sender's address; for an unnamed Unix sender, an empty
 *     {@link java.net.UnixDomainSocketAddress}
 */
public record Datagram(int length, int size, SocketAddress sender) {
    /** Whether the datagram was larger than the buffer and lost its tail. */
    public boolean truncated() {
        return size > length;
    }
}
