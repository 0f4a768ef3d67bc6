package dev.jipc.pty;

/**
 * A terminal's size in character cells (and, rarely used, pixels): {@code struct winsize}.
 *
 * <p>Every field is a C {@code unsigned short}, 0 to 65535. Zero is legal and means "unknown":
 * it is what a new pseudo-terminal has until someone sets a size, and programs such as {@code less}
 * or {@code vi} then fall back to {@code $LINES}/{@code $COLUMNS} or 24 by 80.
 *
 * @param rows lines of text
 * @param columns characters per line
 * @param xPixels width in pixels, usually 0
 * @param yPixels height in pixels, usually 0
 */
public record WindowSize(int rows, int columns, int xPixels, int yPixels) {
    /** The size jipc gives a new {@link Pty} unless told otherwise: 24 rows of 80 columns. */
    public static final WindowSize DEFAULT = new WindowSize(24, 80, 0, 0);

    /** Checks that each field fits an unsigned short. */
    public WindowSize {
        check("rows", rows);
        check("columns", columns);
        check("xPixels", xPixels);
        check("yPixels", yPixels);
    }

    /** {@code rows} by {@code columns}, no pixel size. */
    public static WindowSize of(int rows, int columns) {
        return new WindowSize(rows, columns, 0, 0);
    }

    private static void check(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of 0..65535: " + value);
        }
    }

    /** {@code "24x80"} (rows by columns), with the pixel size when one is set. */
    @Override
    public String toString() {
        return rows + "x" + columns + (xPixels == 0 && yPixels == 0 ? "" : " (" + xPixels + "x" + yPixels + " px)");
    }
}
