package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.spec.Json;

/** What a teacher's laptop serves to a room: the installable app, the offline build file, room URLs, HTTPS. */
class ClassroomServerTest {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Javalin start(LabServer.Config config) {
        config.dataDirectory = dir.resolve("data");
        return LabServer.create(config).start("127.0.0.1", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLabIsInstallableAndNamesItsBuildForTheServiceWorker() throws Exception {
        Javalin app = start(new LabServer.Config());
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port() + "/";
            HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "manifest.webmanifest")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, m.statusCode());
            assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("application/manifest+json"));
            Map<String, Object> manifest = (Map<String, Object>) Json.parse(m.body());
            assertEquals("Saddle-to-Saddle Lab", manifest.get("name"));
            assertEquals("standalone", manifest.get("display"));
            assertEquals("./", manifest.get("start_url"));
            for (Object o : (List<Object>) manifest.get("icons")) {
                Map<String, Object> icon = (Map<String, Object>) o;
                HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + icon.get("src"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, png.statusCode());
                ByteBuffer b = ByteBuffer.wrap(png.body());
                int width = b.getInt(16);
                int height = b.getInt(20);
                assertEquals(icon.get("sizes"), width + "x" + height, "the PNG is the size the manifest says");
            }
            HttpResponse<String> build = http.send(HttpRequest.newBuilder(URI.create(base + "sw-version.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String version = StaticAssets.load(null).version();
            assertTrue(build.body().contains("\"version\":\"" + version + "\""), build.body());
            for (String asset : new String[] {"\"./\"", "\"engine/engine.wasm\"", "\"engine/engine.js\"", "\"js/main.js\"", "\"js/charts/decimate.js\"",
                "\"vendor/chart.umd.min.js\"", "\"manifest.webmanifest\""}) {
                assertTrue(build.body().contains(asset), asset);
            }
            assertEquals("no-cache", build.headers().firstValue("Cache-Control").orElse(""));
        } finally {
            app.stop();
        }
    }

    @Test
    void roomModeListsTheAddressesStudentsCanOpen() {
        List<String> room = LabServer.urls("0.0.0.0", 7070, "http");
        assertEquals("http://localhost:7070/", room.get(0));
        for (String u : room.subList(1, room.size())) {
            assertTrue(u.matches("http://\\d+\\.\\d+\\.\\d+\\.\\d+:7070/") && !u.startsWith("http://127."), u);
        }
        assertEquals(List.of("http://127.0.0.1:7070/"), LabServer.urls("127.0.0.1", 7070, "http"));
    }

    @Test
    void httpsServesTheLabFromAKeystore() throws Exception {
        Path keystore = LoopbackTest.keystore(dir);
        LabServer.Config config = new LabServer.Config();
        config.tlsKeystore = keystore;
        config.tlsPassword = "classroom";
        config.tlsPort = freePort();
        config.port = 0; // with HTTPS on, the connectors come from the config
        Javalin app = start(config);
        try {
            SSLContext ssl = LoopbackTest.trusting(keystore);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + config.tlsPort + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + config.tlsPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("Saddle-to-Saddle Lab"));
            // and plain HTTP still answers beside it
            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + LabServer.httpPort(app) + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            app.stop();
        }
    }
}
