package dev.jipc.internal;

/**
 * The numbers of {@code <termios.h>} and of the terminal requests of {@code <sys/ioctl.h>}, a part
 * of {@link PlatformConstants} ({@code PlatformConstants.terminal()}), named and checked the same
 * way; a record of its own because one record can hold at most 254 components.
 */
@SuppressWarnings("checkstyle:MemberName")
public record TerminalConstants(
        // termios.h
        int TCSANOW, int TCSADRAIN, int TCSAFLUSH, int NCCS, int VINTR, int VQUIT, int VERASE, int VKILL, int VEOF,
        int VTIME, int VMIN, int VSTART, int VSTOP, int VSUSP, int VEOL, int VREPRINT, int VWERASE, int VLNEXT,
        int IGNBRK, int BRKINT, int IGNPAR, int PARMRK, int INPCK, int ISTRIP, int INLCR, int IGNCR, int ICRNL,
        int IXON, int IXANY, int IXOFF, int IMAXBEL, int IUTF8, int OPOST, int ONLCR, int OCRNL, int ONOCR,
        int ONLRET, int CSIZE, int CS7, int CS8, int CSTOPB, int CREAD, int PARENB, int PARODD, int HUPCL, int CLOCAL,
        int ISIG, int ICANON, int ECHO, int ECHOE, int ECHOK, int ECHONL, int NOFLSH, int TOSTOP, int ECHOCTL,
        int ECHOKE, int IEXTEN, int SIZEOF_TERMIOS, int OFFSETOF_TERMIOS__C_IFLAG, int OFFSETOF_TERMIOS__C_OFLAG,
        int OFFSETOF_TERMIOS__C_CFLAG, int OFFSETOF_TERMIOS__C_LFLAG, int OFFSETOF_TERMIOS__C_CC,
        // sys/ioctl.h
        int TIOCGWINSZ, int TIOCSWINSZ, int TIOCGPGRP, int SIZEOF_WINSIZE,
        int OFFSETOF_WINSIZE__WS_ROW, int OFFSETOF_WINSIZE__WS_COL, int OFFSETOF_WINSIZE__WS_XPIXEL,
        int OFFSETOF_WINSIZE__WS_YPIXEL) {}
