package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpcKeyTest {
    @Test
    void printsLikeIpcs() {
        assertThat(IpcKey.of(1234)).hasToString("0x000004d2");
        assertThat(IpcKey.of(0x162e)).hasToString("0x0000162e");
        assertThat(IpcKey.of(-1)).hasToString("0xffffffff");
        assertThat(IpcKey.PRIVATE.isPrivate()).isTrue();
    }

    @Test
    void parsesHexAndDecimal() {
        assertThat(IpcKey.parse("0x4d2")).isEqualTo(IpcKey.of(1234));
        assertThat(IpcKey.parse("1234")).isEqualTo(IpcKey.of(1234));
        assertThat(IpcKey.parse("0xffffffff")).isEqualTo(IpcKey.of(-1));
        assertThat(IpcKey.parse("private")).isEqualTo(IpcKey.PRIVATE);
    }

    @Test
    void ftokDependsOnFileAndProject(@TempDir Path dir) throws Exception {
        Path f = Files.createFile(dir.resolve("anchor"));
        IpcKey a = IpcKey.ftok(f, 'A');
        assertThat(a).isEqualTo(IpcKey.ftok(f, 'A')).isNotEqualTo(IpcKey.ftok(f, 'B'));
        assertThat(a.value() >>> 24).isEqualTo('A');
    }

    @Test
    void ftokOfAMissingFileIsEnoent(@TempDir Path dir) {
        assertThatThrownBy(() -> IpcKey.ftok(dir.resolve("nothing"), 1))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.call()).isEqualTo("ftok");
                });
    }
}
