package dev.jipc.posixipc;

/**
 * One message of a {@link PosixMessageQueue}: its bytes and its priority (0 to 32767; higher
 * priorities are received first, equal ones in the order sent).
 *
 * @param bytes the message; the array is the caller's
 * @param priority the priority it was sent with
 */
public record PosixMessage(byte[] bytes, int priority) {}
