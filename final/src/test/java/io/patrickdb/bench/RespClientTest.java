package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The replication benchmark's blocking RESP client, against a scripted server on a real socket. */
@Tag("final.bench")
class RespClientTest {
    static final String MASTER_INFO = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
            + "slave0:ip=127.0.0.1,port=6380,state=online,offset=1234,lag=0\r\n"
            + "slave1:ip=127.0.0.1,port=6381,state=wait_bgsave,offset=0,lag=1\r\n"
            + "master_replid:11b49df394bd55a51af59c216e060a8d936df8ae\r\nmaster_repl_offset:2000\r\n\r\n";
    static final String REPLICA_INFO = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\n"
            + "master_link_status:up\r\nmaster_sync_in_progress:0\r\nslave_repl_offset:1990\r\n";

    @Test
    void commandsGoOutAsArraysOfBulkStringsAndEveryKindOfReplyComesBack() throws IOException {
        try (ScriptedRedis server = new ScriptedRedis();
             RespClient client = new RespClient("127.0.0.1", server.port())) {
            assertThat(client.call("SET", "k", new byte[] {1, 2, 3})).isEqualTo("OK");
            assertThat((byte[]) client.call("GET", "k")).containsExactly(1, 2, 3);
            assertThat(client.call("GET", "missing")).isNull();
            assertThat(client.call("DBSIZE")).isEqualTo(42L);
            List<?> list = (List<?>) client.call("LIST");
            assertThat(list).hasSize(2).first().isEqualTo(1L);
            assertThat(new String((byte[]) list.get(1), StandardCharsets.UTF_8)).isEqualTo("two");
            assertThatThrownBy(() -> client.call("BAD")).isInstanceOf(RespClient.RedisError.class).hasMessage("ERR unknown command 'BAD'");
            assertThat(client.call("DBSIZE")).as("an error leaves the connection usable").isEqualTo(42L);

            assertThat(server.received.get(0)).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\u0001\u0002\u0003\r\n");
            assertThat(server.received.get(1)).isEqualTo("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        }
    }

    @Test
    void infoBecomesAMapAndAMasterListsWhatEachReplicaAcknowledged() throws IOException {
        Map<String, String> master = RespClient.parseInfo(MASTER_INFO);
        assertThat(master).containsEntry("role", "master").containsEntry("master_repl_offset", "2000").doesNotContainKey("# Replication");
        assertThat(RespClient.parseReplicaLine(master.get("slave0"))).containsEntry("port", "6380").containsEntry("offset", "1234");

        ReplicaNode.Replication leader = ReplicaNode.Redis.replication(master);
        assertThat(leader.offset()).isEqualTo(2000);
        assertThat(leader.acknowledged()).containsExactlyInAnyOrderEntriesOf(Map.of("127.0.0.1:6380", 1234L, "127.0.0.1:6381", 0L));

        ReplicaNode.Replication replica = ReplicaNode.Redis.replication(RespClient.parseInfo(REPLICA_INFO));
        assertThat(replica).isEqualTo(new ReplicaNode.Replication(1990, true, Map.of()));
        ReplicaNode.Replication syncing = ReplicaNode.Redis.replication(RespClient.parseInfo(
                REPLICA_INFO.replace("master_sync_in_progress:0", "master_sync_in_progress:1")));
        assertThat(syncing.linkUp()).as("a replica still loading its snapshot is not streaming yet").isFalse();
    }

    @Test
    void aReplyCutShortIsAnError() throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().read(new byte[64]);
                    s.getOutputStream().write("$10\r\nabc".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the client's side if this does
                }
            });
            server.start();
            try (RespClient client = new RespClient("127.0.0.1", listener.getLocalPort())) {
                assertThatThrownBy(() -> client.call("GET", "k")).isInstanceOf(IOException.class).hasMessageContaining("cut short");
            }
        }
    }

    /** Answers each command from a script, and keeps each command's bytes as received. */
    static final class ScriptedRedis implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final ServerSocket listener;
        private final Thread thread;

        ScriptedRedis() throws IOException {
            listener = new ServerSocket(0);
            thread = new Thread(this::serve, "scripted-redis");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try (Socket socket = listener.accept()) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    List<String> command = new ArrayList<>();
                    StringBuilder raw = new StringBuilder();
                    String header = line(in, raw);
                    if (header == null) {
                        return;
                    }
                    int count = Integer.parseInt(header.substring(1));
                    for (int i = 0; i < count; i++) {
                        int length = Integer.parseInt(line(in, raw).substring(1));
                        byte[] bytes = in.readNBytes(length + 2);
                        String arg = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                        raw.append(arg).append("\r\n");
                        command.add(arg);
                    }
                    received.add(raw.toString());
                    out.write(answer(command).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        private static String answer(List<String> command) {
            return switch (command.get(0)) {
                case "SET" -> "+OK\r\n";
                case "GET" -> command.get(1).equals("missing") ? "$-1\r\n" : "$3\r\n\u0001\u0002\u0003\r\n";
                case "DBSIZE" -> ":42\r\n";
                case "LIST" -> "*2\r\n:1\r\n$3\r\ntwo\r\n";
                default -> "-ERR unknown command '" + command.get(0) + "'\r\n";
            };
        }

        private static String line(InputStream in, StringBuilder raw) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    return null;
                }
                line.append((char) c);
            }
            in.read(); // \n
            raw.append(line).append("\r\n");
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
