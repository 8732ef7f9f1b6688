package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server over real HTTP on a free port. */
class LabServerTest {
    static Javalin app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        LabServer.Config config = new LabServer.Config();
        config.port = 0;
        config.dataDirectory = java.nio.file.Path.of("target", "test-data", "lab-server-" + System.nanoTime());
        app = LabServer.create(config).start(config.host, 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndPage() throws Exception {
        HttpResponse<String> h = get("/api/health");
        assertEquals(200, h.statusCode());
        assertEquals("{\"status\":\"ok\",\"store\":\"ok\"}", h.body());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Saddle-to-Saddle Lab"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self';"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("same-origin", page.headers().firstValue("Cross-Origin-Opener-Policy").orElse(""));
        assertEquals("require-corp", page.headers().firstValue("Cross-Origin-Embedder-Policy").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
    }

    @Test
    void servesEngineBundlesAndChartJsLocally() throws Exception {
        HttpResponse<String> wasm = get("/engine/engine.wasm");
        assertEquals(200, wasm.statusCode());
        assertEquals("application/wasm", wasm.headers().firstValue("Content-Type").orElse(""));
        assertEquals(200, get("/engine/engine.js").statusCode());
        assertEquals(200, get("/engine/engine-wasm-runtime.js").statusCode());
        HttpResponse<String> worker = get("/engine-worker.js");
        assertTrue(worker.headers().firstValue("Content-Security-Policy").orElse("").contains("'wasm-unsafe-eval'"));
        HttpResponse<String> chart = get("/vendor/chart.umd.min.js");
        assertEquals(200, chart.statusCode());
        assertEquals("text/javascript", chart.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        assertTrue(chart.body().contains("Chart.js v" + StaticAssets.chartJsVersion()), "the pom's version, nowhere else");
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/vendor/chart.umd.min.js"))
                .header("If-None-Match", chart.headers().firstValue("ETag").orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode(), "revalidated by the build's ETag");
        // the page references only this origin
        String page = get("/").body();
        assertTrue(!page.contains("http://") && !page.contains("https://"), "no external asset in the page");
    }

    @Test
    void validateUsesTheEngineSpecAndNamesTheField() throws Exception {
        HttpResponse<String> ok = post("/api/validate", "{\"task\":{\"type\":\"completion\",\"rows\":4,\"cols\":4,"
                + "\"rank\":1,\"observed\":0.5},\"depth\":2,\"width\":8,\"init\":{\"gamma\":2},\"learningRate\":0.1,"
                + "\"steps\":10}");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().startsWith("{\"canonical\":{\"depth\":2"), ok.body());
        HttpResponse<String> bad = post("/api/validate", "{\"task\":{\"type\":\"completion\",\"rows\":4,\"cols\":4,"
                + "\"rank\":1,\"observed\":0.5},\"depth\":2,\"width\":1e9,\"init\":{\"gamma\":2},\"learningRate\":0.1,"
                + "\"steps\":10}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"field\":\"width\""), bad.body());
        HttpResponse<String> garbage = post("/api/validate", "{\"a\":");
        assertEquals(400, garbage.statusCode());
        HttpResponse<String> huge = post("/api/validate", "{\"x\":\"" + "a".repeat(20_000) + "\"}");
        assertEquals(413, huge.statusCode());
    }

    @Test
    void listsTheBuiltInPresets() throws Exception {
        HttpResponse<String> r = get("/api/presets");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("[{\"explanation\""), r.body().substring(0, 40));
        for (String name : new String[] {"fig1", "fig2", "fig3", "fig4", "fig5", "fig6"}) {
            assertTrue(r.body().contains("\"name\":\"" + name + "\""), name);
        }
    }

    @Test
    void traversalProbesAreRejected() throws Exception {
        for (String probe : new String[] {"/../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/engine/%2e%2e%2f%2e%2e%2fpom.xml",
            "/%252e%252e/etc/passwd", "/..%5c..%5cetc/passwd", "/index.html%00.js"}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + probe)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, probe + " → " + r.statusCode());
        }
    }
}
