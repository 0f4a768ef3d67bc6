package dev.jipc.pty;

import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.TerminalConstants;
import java.util.function.ToIntFunction;

/**
 * One on/off setting of a terminal's line discipline, named like its {@code termios} flag, with the
 * field of {@code struct termios} it lives in. See {@code termios(3)} for the full story of each.
 */
public enum TerminalFlag {
    // c_iflag: input processing
    /** Ignore a break condition. */
    IGNBRK(Field.INPUT, TerminalConstants::IGNBRK),
    /** A break flushes the queues and sends SIGINT. */
    BRKINT(Field.INPUT, TerminalConstants::BRKINT),
    /** Ignore bytes with framing or parity errors. */
    IGNPAR(Field.INPUT, TerminalConstants::IGNPAR),
    /** Mark bytes with parity errors. */
    PARMRK(Field.INPUT, TerminalConstants::PARMRK),
    /** Check input parity. */
    INPCK(Field.INPUT, TerminalConstants::INPCK),
    /** Strip the eighth bit of input bytes. */
    ISTRIP(Field.INPUT, TerminalConstants::ISTRIP),
    /** Translate NL to CR on input. */
    INLCR(Field.INPUT, TerminalConstants::INLCR),
    /** Ignore CR on input. */
    IGNCR(Field.INPUT, TerminalConstants::IGNCR),
    /** Translate CR to NL on input: the Return key ends a line. */
    ICRNL(Field.INPUT, TerminalConstants::ICRNL),
    /** Ctrl-S and Ctrl-Q stop and restart output. */
    IXON(Field.INPUT, TerminalConstants::IXON),
    /** Any byte restarts stopped output. */
    IXANY(Field.INPUT, TerminalConstants::IXANY),
    /** Send Ctrl-S/Ctrl-Q to throttle input. */
    IXOFF(Field.INPUT, TerminalConstants::IXOFF),
    /** Ring the bell when the input line is full. */
    IMAXBEL(Field.INPUT, TerminalConstants::IMAXBEL),
    /** Input is UTF-8, so erasing removes a whole character. */
    IUTF8(Field.INPUT, TerminalConstants::IUTF8),

    // c_oflag: output processing
    /** Process output at all; without it the flags below do nothing. */
    OPOST(Field.OUTPUT, TerminalConstants::OPOST),
    /** Translate NL to CR NL on output: why a program's {@code "\n"} reads back as {@code "\r\n"}. */
    ONLCR(Field.OUTPUT, TerminalConstants::ONLCR),
    /** Translate CR to NL on output. */
    OCRNL(Field.OUTPUT, TerminalConstants::OCRNL),
    /** Output no CR in column 0. */
    ONOCR(Field.OUTPUT, TerminalConstants::ONOCR),
    /** NL also does a carriage return. */
    ONLRET(Field.OUTPUT, TerminalConstants::ONLRET),

    // c_cflag: the (virtual) line
    /** Two stop bits. */
    CSTOPB(Field.CONTROL, TerminalConstants::CSTOPB),
    /** Enable the receiver. */
    CREAD(Field.CONTROL, TerminalConstants::CREAD),
    /** Parity generation and checking. */
    PARENB(Field.CONTROL, TerminalConstants::PARENB),
    /** Odd parity. */
    PARODD(Field.CONTROL, TerminalConstants::PARODD),
    /** Hang up when the last process closes the device. */
    HUPCL(Field.CONTROL, TerminalConstants::HUPCL),
    /** Ignore modem control lines. */
    CLOCAL(Field.CONTROL, TerminalConstants::CLOCAL),

    // c_lflag: the line discipline proper
    /** Ctrl-C, Ctrl-\ and Ctrl-Z become SIGINT, SIGQUIT and SIGTSTP for the foreground group. */
    ISIG(Field.LOCAL, TerminalConstants::ISIG),
    /** Canonical mode: input is delivered a line at a time, with erase and kill editing. */
    ICANON(Field.LOCAL, TerminalConstants::ICANON),
    /** Echo input back as it is typed. */
    ECHO(Field.LOCAL, TerminalConstants::ECHO),
    /** The erase character visibly erases. */
    ECHOE(Field.LOCAL, TerminalConstants::ECHOE),
    /** The kill character erases the line. */
    ECHOK(Field.LOCAL, TerminalConstants::ECHOK),
    /** Echo NL even without ECHO. */
    ECHONL(Field.LOCAL, TerminalConstants::ECHONL),
    /** Do not flush the queues on SIGINT or SIGQUIT. */
    NOFLSH(Field.LOCAL, TerminalConstants::NOFLSH),
    /** Background output sends SIGTTOU. */
    TOSTOP(Field.LOCAL, TerminalConstants::TOSTOP),
    /** Echo control characters as {@code ^X}. */
    ECHOCTL(Field.LOCAL, TerminalConstants::ECHOCTL),
    /** Line kill erases each character visibly. */
    ECHOKE(Field.LOCAL, TerminalConstants::ECHOKE),
    /** Implementation-defined input processing (Ctrl-V, Ctrl-W, ...). */
    IEXTEN(Field.LOCAL, TerminalConstants::IEXTEN);

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

    TerminalFlag(Field field, ToIntFunction<TerminalConstants> bit) {
        this.field = field;
        this.bit = bit.applyAsInt(PlatformConstants.current().terminal());
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
