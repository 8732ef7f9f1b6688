package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP as the standards say, over raw sockets on loopback: Host checked (DNS rebinding), no method
 * override, every error the API's JSON without echoing the request, a truthful 505, transfer codings
 * refused; and a log that a client cannot grow.
 */
class HttpRulesTest extends LoopbackTest {
    @TempDir
    Path dir;
    @Override
    void start(LabServer.Config c) {
        c.dataDirectory = dir.resolve("data");
        super.start(c);
    }

    String exchange(String request) throws Exception {
        Socket s = connect("127.0.0.1");
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        return HardeningTest.response(s);
    }

    static String post(String path, String host, String body, String... headers) {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(body).toString();
    }

    static String status(String response) {
        return response.isEmpty() ? "(closed)" : response.split("\r\n")[0];
    }

    static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** A page on an attacker's name that resolves here (DNS rebinding) is refused; the lab's own names are not. */
    @Test
    void aHostThatIsNotThisServersIsRefused() throws Exception {
        LabServer.Config c = new LabServer.Config();
        c.allowedHosts = Set.of("lab.example.org");
        start(c);
        String link = "{\"spec\":" + HardeningTest.SPEC + "}";
        String evil = exchange(post("/api/links", "evil.test:" + port, link, "Content-Type: application/json",
                "Origin: http://evil.test:" + port));
        assertTrue(status(evil).startsWith("HTTP/1.1 421"), status(evil));
        assertTrue(evil.contains("application/json") && body(evil).contains("\"error\""), evil);
        assertFalse(body(evil).contains("evil.test"), "the request is not echoed: " + body(evil));
        String page = exchange("GET / HTTP/1.1\r\nHost: evil.test\r\n\r\n");
        assertTrue(status(page).startsWith("HTTP/1.1 421"), "the page too: " + status(page));
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST.", "[::1]:" + port,
            "lab.example.org", "10.1.2.3", "app.localhost:" + port}) {
            String r = exchange("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            assertTrue(status(r).startsWith("HTTP/1.1 200"), host + ": " + status(r));
        }
        String http10 = exchange("GET /api/health HTTP/1.0\r\n\r\n");
        assertTrue(status(http10).startsWith("HTTP/1.1 200"), "HTTP/1.0 without a Host: " + status(http10));
        assertTrue(HttpRules.names("127.0.0.1", Set.of()).stream().noneMatch(n -> n.contains(":")));
    }

    /** X-HTTP-Method-Override and its cousins are not honoured: a POST stays a POST. */
    @Test
    void aHeaderCannotChangeTheMethod() throws Exception {
        start(new LabServer.Config());
        for (String header : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"}) {
            String r = exchange(post("/api/validate", "127.0.0.1", HardeningTest.SPEC, "Content-Type: application/json",
                    header + ": DELETE"));
            assertTrue(status(r).startsWith("HTTP/1.1 200"), header + ": " + status(r));
            assertTrue(body(r).contains("\"canonical\""), "validated as the POST it is: " + body(r));
        }
        String get = exchange("GET /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-HTTP-Method-Override: POST\r\n\r\n");
        assertTrue(status(get).startsWith("HTTP/1.1 404"), "a GET stays a GET: " + status(get));
    }

    /** Unknown paths and methods answer the API's JSON error, never echoing the request. */
    @Test
    void everyErrorIsTheApisJsonWithoutEchoingTheRequest() throws Exception {
        start(new LabServer.Config());
        String[] requests = {
            "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /no-such-page-zzq HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "DELETE /api/links/AAAAAAAAAAA HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "PATCH /api/zzq HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
            "GET /api/zzq HTTP/1.7\r\nHost: 127.0.0.1\r\n\r\n",
        };
        for (String request : requests) {
            String r = exchange(request);
            assertTrue(status(r).matches("HTTP/1.1 [45]\\d\\d .*"), request + " → " + status(r));
            assertTrue(r.contains("Content-Type: application/json"), "JSON: " + r);
            assertTrue(body(r).startsWith("{\"error\":"), body(r));
            assertFalse(body(r).contains("zzq") || body(r).contains("TRACE") || body(r).contains("Endpoint"),
                    "no echo: " + body(r));
            assertTrue(r.contains("X-Content-Type-Options: nosniff"), r);
        }
        String v17 = exchange(requests[4]);
        assertTrue(status(v17).startsWith("HTTP/1.1 505"), status(v17));
        assertTrue(body(v17).contains("HTTP version not supported"), "505 says what it is: " + body(v17));
        assertFalse(body(v17).contains("internal error"), body(v17));
    }

    /** Transfer codings the server does not implement are refused, not read as plain chunked. */
    @Test
    void transferAndContentCodingsThatAreNotSupportedAreRefused() throws Exception {
        start(new LabServer.Config());
        String chunk = Integer.toHexString(HardeningTest.SPEC.length()) + "\r\n" + HardeningTest.SPEC + "\r\n0\r\n\r\n";
        String head = "POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        String gzipChunked = exchange(head + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunk);
        assertTrue(status(gzipChunked).startsWith("HTTP/1.1 501"), status(gzipChunked));
        assertTrue(body(gzipChunked).contains("chunked"), body(gzipChunked));
        String plain = exchange(head + "Transfer-Encoding: chunked\r\n\r\n" + chunk);
        assertTrue(status(plain).startsWith("HTTP/1.1 200"), "plain chunked is fine: " + status(plain));
        String gzipped = exchange(post("/api/validate", "127.0.0.1", HardeningTest.SPEC, "Content-Type: application/json",
                "Content-Encoding: gzip"));
        assertTrue(status(gzipped).startsWith("HTTP/1.1 415"), status(gzipped));
    }

    /**
     * The flood of the last release: one keep-alive connection sending refused POSTs (text/plain to a
     * 7 900-character path) wrote a line per request, 308 MiB in 10 s. Now: a line for the first, a
     * summary for the rest, and no request text over 200 characters in the log.
     */
    @Test
    void aClientCannotGrowTheLog() throws Exception {
        start(new LabServer.Config());
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        int sent = 3000;
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(15_000);
            sockets.add(s);
            String path = "/api/links/" + "x".repeat(7900);
            byte[] one = post(path, "127.0.0.1", "{}", "Content-Type: text/plain").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            java.io.InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            int answered = 0;
            for (int i = 0; i < sent; i++) {
                out.write(one);
                // read this answer before the next request (keep-alive, one at a time)
                StringBuilder got = new StringBuilder();
                while (!got.toString().endsWith("}")) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                if (got.indexOf("HTTP/1.1 4") == 0) {
                    answered++;
                }
            }
            assertEquals(sent, answered, "every refused request is answered");
            // and a handful of other refusals of other kinds
            exchange(post("/api/links", "127.0.0.1", "{}", "Content-Type: application/json", "Origin: http://x.test"));
            exchange(post("/api/links", "127.0.0.1", "{}", "Content-Type: application/json; charset=latin1"));
            app.stop(); // flushes the summaries
            app = null;
        } finally {
            System.setErr(err);
        }
        String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines.length <= 6, lines.length + " lines for " + sent + " refusals:\n" + String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.length() <= 400, "a short line: " + line.length() + " characters");
        }
        String text = String.join("\n", lines);
        assertTrue(text.contains("more refused") && text.contains("415 ×"), "the rest summarized by status:\n" + text);
    }

    /** The summary's counts, on a clock of the test's. */
    @Test
    void refusalsAreSummarizedPerClientAndMinute() {
        List<String> lines = new ArrayList<>();
        long[] now = {0};
        RefusalLog r = new RefusalLog(lines::add, () -> now[0], null);
        for (int i = 0; i < 500; i++) {
            r.refused("192.0.2.1", i % 5 == 0 ? 413 : 403, "POST /x\r\nforged line " + "y".repeat(500));
        }
        for (int i = 0; i < RefusalLog.MAX_CLIENTS + 50; i++) {
            r.refused("198.51.100." + i, 403, "GET /");
        }
        assertEquals(RefusalLog.MAX_CLIENTS, lines.size(), "a line for the first refusal of each client, up to the cap");
        assertFalse(lines.get(0).contains("\n") || lines.get(0).contains("\r"), "no forged lines: " + lines.get(0));
        assertTrue(lines.get(0).length() < 300, lines.get(0));
        lines.clear();
        now[0] = 30_000_000_000L;
        r.flush(false);
        assertEquals(List.of(), lines, "nothing summarized before the minute is over");
        now[0] = 61_000_000_000L;
        r.flush(false);
        assertTrue(lines.contains("192.0.2.1: 499 more refused in 61 s (403 ×400, 413 ×99)"), lines.toString());
        assertTrue(lines.contains("51 refusals from clients beyond the first 1000 in 61 s (403 ×51)"),
                lines.toString());
        assertEquals(2, lines.size(), "clients with one refusal need no summary: " + lines);
    }
}
