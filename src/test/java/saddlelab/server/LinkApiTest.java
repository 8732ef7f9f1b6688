package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.documents.Link;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;

/** Short links over real HTTP: store, read, open, limits, and no 5xx for a client's mistake. */
class LinkApiTest {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"seed\":3}";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    Javalin app;
    String base;

    void start(int postsPerMinute, Set<String> trustedProxies) {
        LabServer.Config config = new LabServer.Config();
        config.dataDirectory = dir;
        config.postsPerMinute = postsPerMinute;
        config.trustedProxies = trustedProxies;
        app = LabServer.create(config).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/links"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void aPresetRoundTripsThroughItsShortLink() throws Exception {
        start(30, Set.of());
        String body = "{\"title\":\"Fig. 1 on 8×8\",\"description\":\"three plateaus\",\"spec\":" + SPEC + "}";
        HttpResponse<String> created = post(body, null);
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) json(created).get("id");
        assertEquals(Link.parse(body).id, id, "the content address");
        assertEquals("l/" + id, json(created).get("url"), "relative: the lab may live under a sub-path");
        assertEquals("links/" + id, created.headers().firstValue("Location").orElse(""));
        // idempotent: same content, same id, nothing new
        HttpResponse<String> again = post(body, null);
        assertEquals(200, again.statusCode());
        assertEquals(id, json(again).get("id"));
        // read back: the canonical document, immutable
        HttpResponse<String> read = get("/api/links/" + id);
        assertEquals(200, read.statusCode());
        assertEquals(Link.parse(body).document, read.body());
        assertTrue(read.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        HttpResponse<String> revalidated = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/links/" + id))
                .header("If-None-Match", read.headers().firstValue("ETag").orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, revalidated.statusCode());
        Map<String, Object> doc = json(read);
        assertEquals(ExperimentSpec.parse(SPEC).toJson(), Json.write(doc.get("spec")), "spec → link → spec");
        // the page on it
        HttpResponse<String> open = get("/l/" + id);
        assertEquals(303, open.statusCode());
        assertEquals("../?link=" + id, open.headers().firstValue("Location").orElse(""));
        // an unknown or malformed id opens the lab too, which says what is wrong (not a bare text page)
        assertEquals("../?link=AAAAAAAAAAA", get("/l/AAAAAAAAAAA").headers().firstValue("Location").orElse(""));
        assertEquals("../?link=nope", get("/l/nope").headers().firstValue("Location").orElse(""));
        HttpResponse<String> missing = get("/api/links/AAAAAAAAAAA");
        assertEquals(404, missing.statusCode());
        assertEquals("id", json(missing).get("field"));
        assertEquals(400, get("/api/links/..%2f..%2fx").statusCode());
        // the first release's routes keep the links handed out with it working
        assertEquals("../?link=" + id, get("/p/" + id).headers().firstValue("Location").orElse(""));
        HttpResponse<String> old = get("/api/presets/" + id);
        assertEquals(308, old.statusCode());
        assertEquals("../links/" + id, old.headers().firstValue("Location").orElse(""));
        assertEquals(400, get("/api/presets/..%2f..%2fx").statusCode());
        HttpResponse<String> oldPost = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/presets"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(308, oldPost.statusCode(), "308: a client that follows it posts again, to /api/links");
        assertEquals("links", oldPost.headers().firstValue("Location").orElse(""));
        HttpResponse<String> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create(base + "/api/presets/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(Link.parse(body).document, followed.body());
    }

    @Test
    void clientMistakesAreNamedFourHundreds() throws Exception {
        start(1000, Set.of());
        Object[][] cases = {
            {"{\"spec\":" + SPEC.replace("\"width\":20", "\"width\":0") + "}", 400, "spec.width"},
            {"{\"spec\":" + SPEC + ",\"spec\":" + SPEC + "}", 400, null},
            {"{\"spec\":" + SPEC + "} trailing", 400, null},
            {"{\"spec\":" + SPEC + ",\"title\":\"" + "t".repeat(200) + "\"}", 400, "title"},
            {"{\"spec\":" + SPEC + ",\"admin\":true}", 400, "admin"},
            {"{\"title\":\"no spec\"}", 400, "spec"},
            {"", 400, null},
            {"[]", 400, null},
            {"{\"spec\":" + SPEC.replace("\"steps\":3000", "\"steps\":2000000000").replace("\"width\":20", "\"width\":4096")
                    + "}", 400, null},
            {"{\"spec\":" + SPEC + ",\"description\":\"" + "d".repeat(20_000) + "\"}", 413, null},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = post((String) c[0], null);
            assertEquals(c[1], r.statusCode(), r.body());
            Map<String, Object> error = json(r);
            assertTrue(error.get("error") instanceof String && !((String) error.get("error")).isEmpty());
            if (c[2] != null) {
                assertEquals(c[2], error.get("field"), r.body());
            }
        }
        // wrong methods and content are still 4xx
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/links"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() >= 400 && put.statusCode() < 500, "PUT: " + put.statusCode());
    }

    @Test
    void theRateLimitHoldsWhenXForwardedForRotates() throws Exception {
        start(5, Set.of());
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            String body = "{\"title\":\"n" + i + "\",\"spec\":" + SPEC + "}";
            HttpResponse<String> r = post(body, "10.0.0." + i + ", 192.168.7." + i);
            if (r.statusCode() == 201) {
                accepted++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0")) >= 1);
                limited++;
            }
        }
        assertEquals(5, accepted, "the socket address is the client: a forged header changes nothing");
        assertEquals(7, limited);
        assertEquals(200, get("/api/presets").statusCode(), "reads are not limited");
    }

    @Test
    void behindAConfiguredProxyTheForwardedClientIsTheKey() throws Exception {
        start(2, Set.of("127.0.0.1"));
        for (int client = 0; client < 4; client++) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = post("{\"title\":\"c" + client + "-" + i + "\",\"spec\":" + SPEC + "}",
                        "203.0.113." + client);
                assertEquals(201, r.statusCode(), "client " + client + " post " + i);
            }
            assertEquals(429, post("{\"title\":\"c" + client + "-x\",\"spec\":" + SPEC + "}", "203.0.113." + client)
                    .statusCode());
        }
    }

    @Test
    void traversalProbesAllGetFourHundreds() throws Exception {
        start(30, Set.of());
        String[] probes = {"/../pom.xml", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml", "/%252e%252e/pom.xml",
            "/..%5cpom.xml", "/index.html%00", "/%00", "/static/../../pom.xml", "/webjars/../../../etc/passwd",
            "/..%2f..%2f..%2fetc%2fpasswd", "/engine/%2e%2e/%2e%2e/saddlelab/server/LabServer.class",
            "/saddlelab/server/LabServer.class", "/db/migration/V1__presets.sql", "/simplelogger.properties",
            "/api/links/%2e%2e%2f%2e%2e", "/api/presets/%2e%2e%2f%2e%2e"};
        for (String probe : probes) {
            int status = rawStatus(probe);
            assertTrue(status >= 400 && status < 500, probe + " answered " + status);
        }
    }

    /** The status of a request sent byte for byte (no client-side path normalization). */
    int rawStatus(String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
