package dev.jipc.pty;

import dev.jipc.internal.PlatformConstants;
import java.util.function.ToIntFunction;

/**
 * One on/off setting of a terminal's line discipline, named like its {@code termios} flag, with the
 * field of {@code struct termios} it lives in. See {@code termios(3)} for the full story of each.
 */
public enum TerminalFlag {
    // c_iflag: input processing
    /** Ignore a break condition. */
    IGNBRK(Field.INPUT, PlatformConstants::IGNBRK),
    /** A break flushes the queues and sends SIGINT. */
    BRKINT(Field.INPUT, PlatformConstants::BRKINT),
    /** Ignore bytes with framing or parity errors. */
    IGNPAR(Field.INPUT, PlatformConstants::IGNPAR),
    /** Mark bytes with parity errors. */
    PARMRK(Field.INPUT, PlatformConstants::PARMRK),
    /** Check input parity. */
    INPCK(Field.INPUT, PlatformConstants::INPCK),
    /** Strip the eighth bit of input bytes. */
    ISTRIP(Field.INPUT, PlatformConstants::ISTRIP),
    /** Translate NL to CR on input. */
    INLCR(Field.INPUT, PlatformConstants::INLCR),
    /** Ignore CR on input. */
    IGNCR(Field.INPUT, PlatformConstants::IGNCR),
    /** Translate CR to NL on input: the Return key ends a line. */
    ICRNL(Field.INPUT, PlatformConstants::ICRNL),
    /** Ctrl-S and Ctrl-Q stop and restart output. */
    IXON(Field.INPUT, PlatformConstants::IXON),
    /** Any byte restarts stopped output. */
    IXANY(Field.INPUT, PlatformConstants::IXANY),
    /** Send Ctrl-S/Ctrl-Q to throttle input. */
    IXOFF(Field.INPUT, PlatformConstants::IXOFF),
    /** Ring the bell when the input line is full. */
    IMAXBEL(Field.INPUT, PlatformConstants::IMAXBEL),
    /** Input is UTF-8, so erasing removes a whole character. */
    IUTF8(Field.INPUT, PlatformConstants::IUTF8),

    // c_oflag: output processing
    /** Process output at all; without it the flags below do nothing. */
    OPOST(Field.OUTPUT, PlatformConstants::OPOST),
    /** Translate NL to CR NL on output: why a program's {@code "\n"} reads back as {@code "\r\n"}. */
    ONLCR(Field.OUTPUT, PlatformConstants::ONLCR),
    /** Translate CR to NL on output. */
    OCRNL(Field.OUTPUT, PlatformConstants::OCRNL),
    /** Output no CR in column 0. */
    ONOCR(Field.OUTPUT, PlatformConstants::ONOCR),
    /** NL also does a carriage return. */
    ONLRET(Field.OUTPUT, PlatformConstants::ONLRET),

    // c_cflag: the (virtual) line
    /** Two stop bits. */
    CSTOPB(Field.CONTROL, PlatformConstants::CSTOPB),
    /** Enable the receiver. */
    CREAD(Field.CONTROL, PlatformConstants::CREAD),
    /** Parity generation and checking. */
    PARENB(Field.CONTROL, PlatformConstants::PARENB),
    /** Odd parity. */
    PARODD(Field.CONTROL, PlatformConstants::PARODD),
    /** Hang up when the last process closes the device. */
    HUPCL(Field.CONTROL, PlatformConstants::HUPCL),
    /** Ignore modem control lines. */
    CLOCAL(Field.CONTROL, PlatformConstants::CLOCAL),

    // c_lflag: the line discipline proper
    /** Ctrl-C, Ctrl-\ and Ctrl-Z become SIGINT, SIGQUIT and SIGTSTP for the foreground group. */
    ISIG(Field.LOCAL, PlatformConstants::ISIG),
    /** Canonical mode: input is delivered a line at a time, with erase and kill editing. */
    ICANON(Field.LOCAL, PlatformConstants::ICANON),
    /** Echo input back as it is typed. */
    ECHO(Field.LOCAL, PlatformConstants::ECHO),
    /** The erase character visibly erases. */
    ECHOE(Field.LOCAL, PlatformConstants::ECHOE),
    /** The kill character erases the line. */
    ECHOK(Field.LOCAL, PlatformConstants::ECHOK),
    /** Echo NL even without ECHO. */
    ECHONL(Field.LOCAL, PlatformConstants::ECHONL),
    /** Do not flush the queues on SIGINT or SIGQUIT. */
    NOFLSH(Field.LOCAL, PlatformConstants::NOFLSH),
    /** Background output sends SIGTTOU. */
    TOSTOP(Field.LOCAL, PlatformConstants::TOSTOP),
    /** Echo control characters as {@code ^X}. */
    ECHOCTL(Field.LOCAL, PlatformConstants::ECHOCTL),
    /** Line kill erases each character visibly. */
    ECHOKE(Field.LOCAL, PlatformConstants::ECHOKE),
    /** Implementation-defined input processing (Ctrl-V, Ctrl-W, ...). */
    IEXTEN(Field.LOCAL, PlatformConstants::IEXTEN);

    /** The field of {@code struct termios} a flag is a bit of. */
    public enum Field {
        /** {@code c_iflag}. */
        INPUT,
        /** {@code c_oflag}. */
        OUTPUT,
        /** {@code c_cflag}. */
        CONTROL,
        /** {@code c_lflag}. */
        LOCAL
    }

    private final Field field;
    private final int bit;

    TerminalFlag(Field field, ToIntFunction<PlatformConstants> bit) {
        this.field = field;
        this.bit = bit.applyAsInt(PlatformConstants.current());
    }

    /** The field this flag lives in. */
    public Field field() {
        return field;
    }

    /** The flag's bit in its field on this platform. */
    public int bit() {
        return bit;
    }
}
