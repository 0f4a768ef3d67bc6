package dev.jipc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private static boolean servicesListDaytime() throws Exception {
        Path etc = Path.of("/etc/services");
        return Files.isReadable(etc) && Files.readAllLines(etc).stream().anyMatch(l -> l.matches("daytime\\s+13/tcp.*"));
    }

    @Test
    void numbers() throws Exception {
        assertThat(Services.tcpPort("80")).isEqualTo(80);
        assertThat(Services.tcpPort("0")).isZero();
        assertThat(Services.udpPort("65535")).isEqualTo(65535);
        assertThat(Services.checkPort(1234)).isEqualTo(1234);
    }

    @Test
    void namesFromTheServicesDatabase() throws Exception {
        Assumptions.assumeTrue(servicesListDaytime(), "/etc/services does not list daytime 13/tcp");
        assertThat(Services.tcpPort("daytime")).isEqualTo(13);
        assertThat(Services.udpPort("daytime")).isEqualTo(13);
        assertThat(Services.tcpPort("daytime(9999)")).as("the database wins over the fallback").isEqualTo(13);
    }

    @Test
    void nameWithNumberFallsBackToTheNumber() throws Exception {
        assertThat(Services.tcpPort("jipc-no-such-service(4321)")).isEqualTo(4321);
        assertThatThrownBy(() -> Services.tcpPort("jipc-no-such-service(70000)")).isInstanceOf(InvalidPortException.class);
    }

    @Test
    void badServiceStrings() {
        assertThatThrownBy(() -> Services.tcpPort("jipc-no-such-service")).isInstanceOf(ServiceNotFoundException.class)
                .hasMessageContaining("jipc-no-such-service");
        for (String bad : new String[] {"", " ", "-1", "65536", "1e3", "http)", "(80)", "a b", "99999999999"}) {
            assertThatThrownBy(() -> Services.tcpPort(bad)).as(bad).isInstanceOf(InvalidPortException.class);
        }
        assertThatThrownBy(() -> Services.checkPort(65536)).isInstanceOf(InvalidPortException.class);
    }

    @Test
    void resolverForwardAndReverse() throws Exception {
        assertThat(Resolver.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(Resolver.resolve("localhost")).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(Resolver.hostName(InetAddress.getByName("127.0.0.1"))).isNotEmpty();
        // An address without a name is logged as its number.
        assertThat(Resolver.hostName(InetAddress.getByName("192.0.2.77"))).isIn("192.0.2.77");
        assertThatThrownBy(() -> Resolver.resolve("no-such-host.invalid")).isInstanceOf(UnknownHostException.class);
    }
}
