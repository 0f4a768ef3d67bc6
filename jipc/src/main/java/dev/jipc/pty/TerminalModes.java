package dev.jipc.pty;

import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.TerminalConstants;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A terminal's modes, as {@code tcgetattr} returned them: an immutable copy of its
 * {@code struct termios}.
 *
 * <p>Every change returns a new value and leaves this one alone, so the modes read before a change
 * are the modes to restore afterwards ({@link Terminal#save}). A value keeps the whole struct,
 * speeds and line discipline included, not only the flags jipc names, so writing it back restores
 * the terminal exactly.
 *
 * <p>The two modes people ask for by name: {@link #raw()}, where every byte reaches the program at
 * once, unechoed and untranslated (what an editor or {@code ssh} sets), and {@link #cooked()}, the
 * line-at-a-time mode with echo and signal keys that a fresh terminal starts in. Between those,
 * {@link #withEcho(boolean)} (a password prompt) and {@link #with}/{@link #without} of single
 * {@link TerminalFlag}s.
 */
public final class TerminalModes {
    private static final PlatformConstants C = PlatformConstants.current();
    private static final TerminalConstants T = C.terminal();

    private final byte[] termios;

    TerminalModes(byte[] termios) {
        if (termios.length != T.SIZEOF_TERMIOS()) {
            throw new IllegalArgumentException("struct termios is " + T.SIZEOF_TERMIOS() + " bytes, not " + termios.length);
        }
        this.termios = termios.clone();
    }

    byte[] bytes() {
        return termios.clone();
    }

    private static int offset(TerminalFlag.Field field) {
        return switch (field) {
            case INPUT -> T.OFFSETOF_TERMIOS__C_IFLAG();
            case OUTPUT -> T.OFFSETOF_TERMIOS__C_OFLAG();
            case CONTROL -> T.OFFSETOF_TERMIOS__C_CFLAG();
            case LOCAL -> T.OFFSETOF_TERMIOS__C_LFLAG();
        };
    }

    private static ByteBuffer view(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /** The raw value of one flag field ({@code c_iflag}, ...). */
    public int field(TerminalFlag.Field field) {
        return view(termios).getInt(offset(Objects.requireNonNull(field, "field")));
    }

    /** Whether {@code flag} is set. */
    public boolean has(TerminalFlag flag) {
        return (field(flag.field()) & flag.bit()) != 0;
    }

    /** Every named flag that is set. */
    public Set<TerminalFlag> flags() {
        EnumSet<TerminalFlag> set = EnumSet.noneOf(TerminalFlag.class);
        for (TerminalFlag f : TerminalFlag.values()) {
            if (has(f)) {
                set.add(f);
            }
        }
        return set;
    }

    /** The modes with these flags set. */
    public TerminalModes with(TerminalFlag... flags) {
        return change(flags, true);
    }

    /** The modes with these flags cleared. */
    public TerminalModes without(TerminalFlag... flags) {
        return change(flags, false);
    }

    private TerminalModes change(TerminalFlag[] flags, boolean set) {
        byte[] b = termios.clone();
        ByteBuffer v = view(b);
        for (TerminalFlag f : flags) {
            int off = offset(Objects.requireNonNull(f, "flag").field());
            int value = v.getInt(off);
            v.putInt(off, set ? value | f.bit() : value & ~f.bit());
        }
        return new TerminalModes(b);
    }

    /** Whether typed input is echoed ({@link TerminalFlag#ECHO}). */
    public boolean echo() {
        return has(TerminalFlag.ECHO);
    }

    /** The modes with echo on or off; off is what a password prompt sets. */
    public TerminalModes withEcho(boolean on) {
        return on ? with(TerminalFlag.ECHO) : without(TerminalFlag.ECHO);
    }

    /** Whether input is delivered a line at a time ({@link TerminalFlag#ICANON}). */
    public boolean canonical() {
        return has(TerminalFlag.ICANON);
    }

    /** The value in slot {@code c} of {@code c_cc}, 0 to 255 (0 often means "disabled"). */
    public int controlChar(ControlChar c) {
        return Byte.toUnsignedInt(termios[T.OFFSETOF_TERMIOS__C_CC() + c.index()]);
    }

    /** The modes with slot {@code c} of {@code c_cc} set to {@code value} (0 to 255). */
    public TerminalModes withControlChar(ControlChar c, int value) {
        Objects.requireNonNull(c, "control char");
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(c + " value out of 0..255: " + value);
        }
        byte[] b = termios.clone();
        b[T.OFFSETOF_TERMIOS__C_CC() + c.index()] = (byte) value;
        return new TerminalModes(b);
    }

    /**
     * Raw mode, as {@code cfmakeraw(3)} makes it: no echo, no line editing, no signal keys, no
     * input or output translation, 8-bit characters, and reads that return as soon as one byte is
     * there (MIN 1, TIME 0).
     */
    public TerminalModes raw() {
        byte[] b = termios.clone();
        ByteBuffer v = view(b);
        int iOff = T.OFFSETOF_TERMIOS__C_IFLAG();
        int oOff = T.OFFSETOF_TERMIOS__C_OFLAG();
        int cOff = T.OFFSETOF_TERMIOS__C_CFLAG();
        int lOff = T.OFFSETOF_TERMIOS__C_LFLAG();
        v.putInt(iOff, v.getInt(iOff) & ~(T.IGNBRK() | T.BRKINT() | T.PARMRK() | T.ISTRIP() | T.INLCR() | T.IGNCR()
                | T.ICRNL() | T.IXON()));
        v.putInt(oOff, v.getInt(oOff) & ~T.OPOST());
        v.putInt(lOff, v.getInt(lOff) & ~(T.ECHO() | T.ECHONL() | T.ICANON() | T.ISIG() | T.IEXTEN()));
        v.putInt(cOff, (v.getInt(cOff) & ~(T.CSIZE() | T.PARENB())) | T.CS8());
        b[T.OFFSETOF_TERMIOS__C_CC() + T.VMIN()] = 1;
        b[T.OFFSETOF_TERMIOS__C_CC() + T.VTIME()] = 0;
        return new TerminalModes(b);
    }

    /**
     * Cooked mode, the settings of {@code stty sane} that matter: line-at-a-time input with erase and
     * kill editing, echo, the signal keys, CR read as NL, NL written as CR NL, 8-bit characters.
     * Control characters are kept as they are.
     */
    public TerminalModes cooked() {
        byte[] b = termios.clone();
        ByteBuffer v = view(b);
        int iOff = T.OFFSETOF_TERMIOS__C_IFLAG();
        int oOff = T.OFFSETOF_TERMIOS__C_OFLAG();
        int cOff = T.OFFSETOF_TERMIOS__C_CFLAG();
        int lOff = T.OFFSETOF_TERMIOS__C_LFLAG();
        v.putInt(iOff, (v.getInt(iOff) & ~(T.IGNBRK() | T.INLCR() | T.IGNCR() | T.ISTRIP() | T.IXOFF()))
                | T.BRKINT() | T.ICRNL() | T.IXON() | T.IMAXBEL());
        v.putInt(oOff, (v.getInt(oOff) & ~(T.OCRNL() | T.ONOCR() | T.ONLRET())) | T.OPOST() | T.ONLCR());
        v.putInt(cOff, (v.getInt(cOff) & ~T.CSIZE()) | T.CS8() | T.CREAD());
        v.putInt(lOff, (v.getInt(lOff) & ~(T.ECHONL() | T.NOFLSH() | T.TOSTOP()))
                | T.ISIG() | T.ICANON() | T.IEXTEN() | T.ECHO() | T.ECHOE() | T.ECHOK() | T.ECHOCTL() | T.ECHOKE());
        return new TerminalModes(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TerminalModes m && Arrays.equals(termios, m.termios);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(termios);
    }

    /** The named flags that are set, e.g. {@code [ICRNL, IXON, OPOST, ONLCR, ..., ECHO]}. */
    @Override
    public String toString() {
        return "TerminalModes" + flags();
    }
}
