package dev.jipc.posixipc;

/**
 * What {@code mq_getattr} reports of a {@link PosixMessageQueue}.
 *
 * @param maxMessages how many messages it holds at most ({@code mq_maxmsg})
 * @param maxMessageSize the largest message in bytes ({@code mq_msgsize})
 * @param currentMessages how many messages it holds now ({@code mq_curmsgs})
 */
public record QueueAttributes(long maxMessages, long maxMessageSize, long currentMessages) {}
