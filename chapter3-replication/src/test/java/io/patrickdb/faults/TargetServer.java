package io.patrickdb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server behind the proxy in these tests, on plain blocking sockets, so that nothing of the
 * proxy's own machinery is on the other side: either it echoes every byte back ({@link #echoing()}),
 * or it hands each connection to the test ({@link #holding()}), which then holds both ends.
 */
final class TargetServer implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ServerSocket listener;
    private final boolean echo;
    private final BlockingQueue<Socket> handedOver = new LinkedBlockingQueue<>();
    private final List<Socket> open = new ArrayList<>(); // guarded by itself
    private final AtomicInteger accepted = new AtomicInteger();

    private TargetServer(boolean echo) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.echo = echo;
        daemon("target-accept", this::acceptForever).start();
    }

    /** A server that sends back every byte it receives, and ends its output when the client ends its own. */
    static TargetServer echoing() throws IOException {
        return new TargetServer(true);
    }

    /** A server that does nothing with its connections but hand them to {@link #nextConnection()}. */
    static TargetServer holding() throws IOException {
        return new TargetServer(false);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** How many connections reached the server. */
    int connectionsAccepted() {
        return accepted.get();
    }

    /** The server's end of the next connection that reaches it. */
    Socket nextConnection() throws InterruptedException {
        Socket socket = handedOver.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(socket).as("a connection reached the server within %s", PATIENCE).isNotNull();
        return socket;
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                synchronized (open) {
                    open.add(socket);
                }
                accepted.incrementAndGet();
                if (echo) {
                    daemon("target-echo", () -> echo(socket)).start();
                } else {
                    handedOver.add(socket);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void echo(Socket socket) {
        try (InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // reset by the proxy, or closed by the test: the echo ends with its connection
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (open) {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
