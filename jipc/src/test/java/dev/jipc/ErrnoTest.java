package dev.jipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrnoTest {
    @ParameterizedTest
    @EnumSource(value = Errno.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void everyConstantRoundTripsThroughItsNumberAndName(Errno e) {
        assertThat(e.number()).isPositive();
        assertThat(Errno.of(e.number())).isSameAs(e);
        assertThat(Errno.parse(e.name())).contains(e);
        assertThat(Errno.parse(Integer.toString(e.number()))).contains(e);
        assertThat(e.describe()).isEqualTo(e.name() + " (" + e.message() + ")");
    }

    @Test
    void numbersAreUnique() {
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(Errno.values()).forEach(e -> assertThat(seen.add(e.number())).as("%s", e).isTrue());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 41, 58, 134, 999, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void unknownNumbersDecodeToUnknownAndKeepTheRawValue(int raw) {
        assertThat(Errno.of(raw)).isSameAs(Errno.UNKNOWN);

        ErrnoException e = new ErrnoException(raw, "ioctl", "fd 3");
        assertThat(e.errno()).isSameAs(Errno.UNKNOWN);
        assertThat(e.rawErrno()).isEqualTo(raw);
        assertThat(e).hasMessage("ioctl fd 3: errno " + raw + " (Unknown error)");
    }

    @Test
    void parseAcceptsNamesInAnyCaseNumbersAndAliases() {
        assertThat(Errno.parse("EPIPE")).contains(Errno.EPIPE);
        assertThat(Errno.parse("epipe")).contains(Errno.EPIPE);
        assertThat(Errno.parse(" EPipe ")).contains(Errno.EPIPE);
        assertThat(Errno.parse("32")).contains(Errno.EPIPE);
        assertThat(Errno.parse("EWOULDBLOCK")).contains(Errno.EAGAIN);
        assertThat(Errno.parse("EDEADLOCK")).contains(Errno.EDEADLK);
        assertThat(Errno.parse("ENOTSUP")).contains(Errno.EOPNOTSUPP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "EPIP", "PIPE", "UNKNOWN", "unknown", "0", "41", "-32", "0032", "99999999999", "E PIPE"})
    void parseRejectsWhatIsNoErrno(String name) {
        assertThat(Errno.parse(name)).isEmpty();
    }

    @Test
    void messageNamesTheCallTheSubjectAndTheError() {
        ErrnoException e = new ErrnoException(Errno.ENXIO.number(), "open fifo", "/tmp/q");

        assertThat(e).hasMessage("open fifo /tmp/q: ENXIO (No such device or address)");
        assertThat(e.errno()).isSameAs(Errno.ENXIO);
        assertThat(e.rawErrno()).isEqualTo(6);
        assertThat(e.call()).isEqualTo("open fifo");
        assertThat(e.subject()).isEqualTo("/tmp/q");
    }

    @Test
    void messageWithoutSubjectAndWithDetail() {
        assertThat(new ErrnoException(Errno.EMFILE.number(), "pipe2", null))
                .hasMessage("pipe2: EMFILE (Too many open files)");
        assertThat(new ErrnoException(Errno.ENXIO, "open fifo", "/tmp/q", "no reader"))
                .hasMessage("open fifo /tmp/q: ENXIO (No such device or address; no reader)");
    }

    @Test
    void errnoSurvivesSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ErrnoException(Errno.EPIPE.number(), "write", "fd 4"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ErrnoException e = (ErrnoException) in.readObject();
            assertThat(e.errno()).isSameAs(Errno.EPIPE);
            assertThat(e).hasMessage("write fd 4: EPIPE (Broken pipe)");
        }
    }
}
