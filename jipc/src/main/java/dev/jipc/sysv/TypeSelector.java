package dev.jipc.sysv;

/**
 * Which message {@link MessageQueue#receive} takes, by type (C's {@code msgtyp} argument and the
 * {@code MSG_EXCEPT} flag). Within the chosen types the oldest message comes first.
 */
public final class TypeSelector {
    private static final TypeSelector ANY = new TypeSelector(0, false);

    private final long msgtyp;
    private final boolean except;

    private TypeSelector(long msgtyp, boolean except) {
        this.msgtyp = msgtyp;
        this.except = except;
    }

    /** The first message in the queue, whatever its type ({@code msgtyp} 0). */
    public static TypeSelector any() {
        return ANY;
    }

    /** The first message of type {@code type} ({@code msgtyp} = type, positive). */
    public static TypeSelector exactly(long type) {
        return new TypeSelector(positive(type), false);
    }

    /**
     * The first message of the lowest type that is at most {@code type} ({@code msgtyp} = -type): a
     * priority queue where low types go first.
     */
    public static TypeSelector lowestUpTo(long type) {
        return new TypeSelector(-positive(type), false);
    }

    /** The first message whose type is not {@code type} ({@code MSG_EXCEPT}). */
    public static TypeSelector except(long type) {
        return new TypeSelector(positive(type), true);
    }

    private static long positive(long type) {
        if (type <= 0) {
            throw new IllegalArgumentException("message types are positive, got " + type);
        }
        return type;
    }

    long msgtyp() {
        return msgtyp;
    }

    boolean isExcept() {
        return except;
    }

    @Override
    public String toString() {
        if (msgtyp == 0) {
            return "any type";
        }
        return except ? "type other than " + msgtyp : msgtyp > 0 ? "type " + msgtyp : "lowest type up to " + -msgtyp;
    }
}
