/**
 * Pseudo-terminals and Expect: talking to programs that only behave when a person is at the
 * keyboard.
 *
 * <p>{@link dev.jipc.pty.Pty} opens a pseudo-terminal pair; a
 * {@link dev.jipc.process.Command#terminal(dev.jipc.pty.Pty) Command started on it} has it as its
 * controlling terminal and standard streams, so its C library line-buffers instead of
 * block-buffering, it prompts, and Ctrl-C reaches it as SIGINT. {@link dev.jipc.pty.Terminal} reads
 * and sets any terminal's {@link dev.jipc.pty.TerminalModes modes} (raw, cooked, echo, single
 * {@link dev.jipc.pty.TerminalFlag flags} and {@link dev.jipc.pty.ControlChar control characters})
 * and {@link dev.jipc.pty.WindowSize window size}, with {@link dev.jipc.pty.SavedModes} to put them
 * back.
 *
 * <p>{@link dev.jipc.pty.Expect} holds the conversation over a pty, pipes or any pair of
 * descriptors: {@code expect} one of several {@link dev.jipc.pty.Expectation}s (text, regular
 * expression, end of file, timeout) and get a {@link dev.jipc.pty.Match}; send text and control
 * characters; hand the session to the user with {@code interact}.
 */
package dev.jipc.pty;
