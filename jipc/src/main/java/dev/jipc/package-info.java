/**
 * Types shared by every area of jipc: {@link dev.jipc.Errno}, {@link dev.jipc.ErrnoException},
 * {@link dev.jipc.TimedOutException} and the description of what the running system supports,
 * {@link dev.jipc.SystemSupport}.
 */
package dev.jipc;
