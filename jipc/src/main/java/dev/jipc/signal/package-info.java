/**
 * Signals: for now the {@link dev.jipc.signal.Signal} value type, used to name how a child died and
 * what to send it; handlers and queues come on top of it.
 */
package dev.jipc.signal;
