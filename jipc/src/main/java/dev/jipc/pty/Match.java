package dev.jipc.pty;

import dev.jipc.process.ExitStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Expect#expect} found: which expectation happened, the text that matched, the text
 * that came before it, and the match groups.
 *
 * <p>For a {@link Expectation.Timeout} result, {@link #before()} is the output read so far that no
 * expectation matched; it stays in the match buffer for the next {@code expect}. For an
 * {@link Expectation.Eof} result it is all the output that was left, and {@link #exitStatus()} says
 * how the program ended when {@link Expect} knows the child.
 */
public final class Match {
    private final int index;
    private final Expectation expectation;
    private final String before;
    private final List<String> groups;
    private final ExitStatus exitStatus;

    Match(int index, Expectation expectation, String before, List<String> groups, ExitStatus exitStatus) {
        this.index = index;
        this.expectation = expectation;
        this.before = before;
        this.groups = groups;
        this.exitStatus = exitStatus;
    }

    /** The position of the expectation that happened in the list given to {@code expect}. */
    public int index() {
        return index;
    }

    /** The expectation that happened. */
    public Expectation expectation() {
        return expectation;
    }

    /** Whether the output ended. */
    public boolean isEof() {
        return expectation instanceof Expectation.Eof;
    }

    /** Whether the timeout passed. */
    public boolean isTimeout() {
        return expectation instanceof Expectation.Timeout;
    }

    /** The matched text (group 0); empty for end of file and timeout. */
    public String text() {
        return groups.isEmpty() ? "" : groups.get(0);
    }

    /** The output between the previous match (or the start) and this one. */
    public String before() {
        return before;
    }

    /** The number of capturing groups of a regular expression; 0 for the other kinds. */
    public int groupCount() {
        return Math.max(0, groups.size() - 1);
    }

    /**
     * Group {@code n} of a regular expression match (0 is the whole match); {@code null} for a group
     * that did not take part.
     *
     * @throws IndexOutOfBoundsException if there is no such group
     */
    public String group(int n) {
        Objects.checkIndex(n, groups.size());
        return groups.get(n);
    }

    /**
     * How the program ended, for an end-of-file result of an {@link Expect} that knows its child and
     * saw it exit within the {@code expect} call's timeout; empty otherwise.
     */
    public Optional<ExitStatus> exitStatus() {
        return Optional.ofNullable(exitStatus);
    }

    @Override
    public String toString() {
        String what = switch (expectation) {
            case Expectation.Literal l -> "literal " + Expect.quote(l.text());
            case Expectation.Regex r -> "regex /" + r.pattern() + "/ as " + Expect.quote(text());
            case Expectation.Eof e -> "eof" + (exitStatus == null ? "" : " (" + exitStatus + ")");
            case Expectation.Timeout t -> "timeout";
        };
        return "Match[" + index + ": " + what + ", before " + Expect.quote(before) + "]";
    }
}
