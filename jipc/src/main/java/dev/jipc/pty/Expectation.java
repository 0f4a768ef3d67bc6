package dev.jipc.pty;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One outcome {@link Expect#expect} waits for: some literal text, a regular expression, the end of
 * the program's output, or the timeout passing. A closed set of records; {@link Match#expectation()}
 * says which one happened.
 *
 * <p>Listing {@link #eof()} or {@link #timeout()} makes that event an ordinary result. Without
 * them, end of file throws {@link ExpectEofException} and the timeout {@link ExpectTimeoutException},
 * both carrying the text read so far.
 */
public sealed interface Expectation {

    /**
     * The exact text, anywhere in the output.
     *
     * @param text the text; not empty
     */
    record Literal(String text) implements Expectation {
        /** Checks the text. */
        public Literal {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty literal: it would match before any output");
            }
        }
    }

    /**
     * A regular expression, searched for (not matched against the whole output). Groups are
     * available from {@link Match#group(int)}.
     *
     * @param pattern the compiled expression
     */
    record Regex(Pattern pattern) implements Expectation {
        /** Checks the pattern. */
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The program's output ended: it closed its side, usually by exiting. */
    record Eof() implements Expectation {}

    /** The timeout of the {@code expect} call passed first. */
    record Timeout() implements Expectation {}

    /** {@link Literal} of {@code text}. */
    static Expectation literal(String text) {
        return new Literal(text);
    }

    /** {@link Regex} of {@code regex}, compiled here. */
    static Expectation regex(String regex) {
        return new Regex(Pattern.compile(regex));
    }

    /** {@link Regex} of an already compiled pattern. */
    static Expectation regex(Pattern pattern) {
        return new Regex(pattern);
    }

    /** {@link Eof}. */
    static Expectation eof() {
        return new Eof();
    }

    /** {@link Timeout}. */
    static Expectation timeout() {
        return new Timeout();
    }
}
