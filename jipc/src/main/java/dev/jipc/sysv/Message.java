package dev.jipc.sysv;

import java.nio.charset.StandardCharsets;

/**
 * A message taken from a {@link MessageQueue}: its type and its bytes.
 *
 * @param type the type it was sent with (always positive)
 * @param data its bytes, cut to the receiver's maximum if received with {@link ReceiveOption#TRUNCATE}
 */
public record Message(long type, byte[] data) {
    /** The bytes as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Message[type " + type + ", " + data.length + " bytes]";
    }
}
