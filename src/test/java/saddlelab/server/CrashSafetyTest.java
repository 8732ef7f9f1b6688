package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.documents.Link;

/**
 * An acknowledged preset survives a crash: the real server runs as its own process, four clients
 * stream POSTs, the process is killed with SIGKILL mid-stream, and after a restart on the same data
 * directory every preset the server acknowledged (201 or 200) reads back, byte for byte.
 */
class CrashSafetyTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    static Process server(int port, Path data) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "saddlelab.cli.Main", "serve", "--port",
                String.valueOf(port), "--data", data.toString(), "--posts-per-minute", "1000000");
        pb.redirectErrorStream(true);
        pb.redirectOutput(data.getParent().resolve("server-" + System.nanoTime() + ".log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> h = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (h.statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
            assertTrue(p.isAlive(), "the server process died on start");
        }
        throw new AssertionError("the server did not start");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyAcknowledgedPresetSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        int port = freePort();
        Process first = server(port, data);
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id → document
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    int n = next.getAndIncrement();
                    String body = "{\"title\":\"crash " + n + "\",\"spec\":{\"task\":{\"type\":\"completion\",\"rows\":6,"
                            + "\"cols\":6,\"rank\":2,\"observed\":0.5},\"depth\":3,\"width\":10,\"init\":{\"gamma\":2},"
                            + "\"learningRate\":0.1,\"steps\":100,\"seed\":" + n + "}}";
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/api/links")).timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201 || r.statusCode() == 200) {
                            Link p = Link.parse(body);
                            acknowledged.put(p.id, p.document);
                        }
                    } catch (Exception e) {
                        return null; // the server is gone
                    }
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
        first.waitFor();
        stop.set(true);
        clients.shutdown();
        clients.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
        int acked = acknowledged.size();
        assertTrue(acked >= 50, "acknowledged before the kill: " + acked);

        Process second = server(port, data);
        try {
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/links/" + e.getKey())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), "acknowledged preset " + e.getKey() + " lost");
                assertEquals(e.getValue(), r.body());
            }
        } finally {
            second.destroy();
            second.waitFor();
        }
        System.out.println("crash safety: " + acked + " acknowledged presets all read back after kill -9");
    }
}
