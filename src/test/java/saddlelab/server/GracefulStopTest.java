package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ends the real server process cleanly: a request in flight still gets its answer, the
 * database's write-ahead log is folded into its file, the process says it stopped and exits 0. A
 * damaged database is refused at start with a message, not served as "no such link".
 */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermFinishesTheRequestInFlightAndExitsZero() throws Exception {
        Path data = dir.resolve("data");
        int port = CrashSafetyTest.freePort();
        Process server = CrashSafetyTest.server(port, data);
        String body = "{\"title\":\"in flight\",\"spec\":{\"task\":{\"type\":\"completion\",\"rows\":4,\"cols\":4,\"rank\":1,"
                + "\"observed\":0.5},\"depth\":2,\"width\":8,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":10}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/links HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 20);
            out.flush();
            Thread.sleep(300);
            server.destroy(); // SIGTERM, while the body is still on its way
            Thread.sleep(300);
            out.write(bytes, 20, bytes.length - 20);
            out.flush();
            String answer = HardeningTest.response(s);
            assertTrue(answer.startsWith("HTTP/1.1 201"), "the request in flight is answered: " + answer);
        }
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops");
        assertEquals(0, server.exitValue(), "a clean stop exits 0");
        String log = Files.readString(newestLog(data));
        assertTrue(log.contains("stopping: no new connections") && log.contains("stopped"), log);
        Path wal = data.resolve("presets.sqlite-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "the WAL is checkpointed into the database");
    }

    static Path newestLog(Path data) throws Exception {
        try (var files = Files.list(data.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("server-")).max(
                    java.util.Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedAtStart() throws Exception {
        Path data = dir.resolve("damaged");
        try (LinkStore store = LinkStore.sqlite(data)) {
            for (int i = 0; i < 300; i++) {
                store.put(String.format("id%08d", i), "{\"title\":\"" + "x".repeat(200) + i + "\"}");
            }
            store.checkpoint();
        }
        Path file = data.resolve("presets.sqlite");
        byte[] db = Files.readAllBytes(file);
        assertTrue(db.length > 5 * 4096, "a database of several pages");
        for (int i = 2 * 4096; i < 4 * 4096; i++) {
            db[i] = (byte) 0x5a; // overwrite two pages of the table
        }
        Files.write(file, db);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> LinkStore.sqlite(data).close());
        assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("backup"), e.getMessage());
    }
}
