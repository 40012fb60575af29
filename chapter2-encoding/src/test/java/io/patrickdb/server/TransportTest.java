package io.patrickdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.testing.RawConnection;
import io.patrickdb.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport is chosen best first (io_uring, epoll, nio) or by name, and every transport this
 * machine can run serves real requests over a real socket. The choice is made once per JVM, so
 * each transport's server runs in a child JVM of its own.
 */
@Tag("chapter2.part4")
class TransportTest {
    @TempDir
    Path dir;

    @Test
    void withoutAChoiceTheBestTransportTheMachineOffersWins() {
        String best = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        assertThat(Transport.choose(null).name()).isEqualTo(best);
        assertThat(Transport.choose(" ").name()).isEqualTo(best);
    }

    @Test
    void aTransportIsChosenByItsNameInAnyCase() {
        assertThat(Transport.choose("NIO").name()).isEqualTo("nio");
        assertThat(Transport.choose("nio").channel().getSimpleName()).isEqualTo("NioSocketChannel");
    }

    @Test
    void anUnknownTransportIsAnErrorThatListsTheKnownOnes() {
        assertThatThrownBy(() -> Transport.choose("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("patrickdb.transport=kqueue is not a transport; use io_uring, epoll or nio");
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void everyTransportThisMachineRunsAnswersAPutAndAGetOverARealSocket(String transport) throws Exception {
        assumeTrue(switch (transport) {
            case "io_uring" -> IoUring.isAvailable();
            case "epoll" -> Epoll.isAvailable();
            default -> true;
        }, transport + " cannot run on this machine");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-D" + Transport.PROPERTY + "=" + transport,
                "-cp", System.getProperty("java.class.path"), ServerInChild.class.getName(), dir.toString())
                .redirectError(Files.createTempFile(dir, "child-", ".stderr").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> started = List.of(String.valueOf(out.readLine()).split(" "));
            assertThat(started).as("the child's first line").hasSize(3).first().isEqualTo("listening");
            assertThat(started.get(2)).isEqualTo(transport);
            try (RawConnection c = new RawConnection(Integer.parseInt(started.get(1)))) {
                c.send(ServerTest.request(1, new Request.Put("k", "v".getBytes(StandardCharsets.UTF_8), Duration.ZERO)));
                assertThat(ServerTest.response(c.readFrame())).isInstanceOf(Response.Put.class);
                c.send(ServerTest.request(2, new Request.Get("k")));
                byte[] get = c.readFrame();
                assertThat(ServerTest.header(get).requestId()).isEqualTo(2);
                Response.Get answer = (Response.Get) ServerTest.response(get);
                assertThat(answer.value()).map(Versioned::value).hasValueSatisfying(
                        v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v"));
            }
            child.getOutputStream().close(); // the child stops when its input ends
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child: a server in {@code args[0]}, its port and transport on the first line, until its input ends. */
    static final class ServerInChild {
        public static void main(String[] args) throws IOException {
            try (RunningServer server = RunningServer.start(Path.of(args[0]))) {
                System.out.println("listening " + server.port() + " " + Transport.name());
                System.out.flush();
                while (System.in.read() != -1) {
                    // wait for the parent to close our input
                }
            }
        }
    }
}
