package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.experiment.figures.Sweep;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.server.StaticAssets;

/**
 * The page's pure modules (web/js) tested in the real headless Chromium, in milliseconds and without
 * a training run: the test page src/test/web/index.html imports them beside the page's own files,
 * served from 127.0.0.1 by the JDK's HTTP server. Also checks the spec-field table of the page against
 * what ExperimentSpec reads and what Sweep sweeps, so a field added on one side only fails here.
 */
class WebUnitTest {
    static HttpServer server;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        StaticAssets assets = StaticAssets.load(null); // the page's files as the server has them, Chart.js included
        Path tests = Path.of("src", "test", "web");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            byte[] body = path.startsWith("test/") && !path.contains("..")
                    ? (Files.isRegularFile(tests.resolve(path.substring(5))) ? Files.readAllBytes(tests.resolve(path.substring(5))) : null)
                    : assets.files().get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript"
                    : path.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        driver = Chromium.start();
        driver.get(base + "test/index.html");
        // the page's own state: its results are in
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(
                driver.executeScript("return !!window.__results;")));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyModuleTestPasses() {
        Map<String, Object> results = (Map<String, Object>) driver.executeScript("return window.__results;");
        List<Map<String, Object>> failed = (List<Map<String, Object>>) results.get("failed");
        StringBuilder report = new StringBuilder();
        for (Map<String, Object> f : failed) {
            report.append("\n✗ ").append(f.get("name")).append(": ").append(f.get("message"));
        }
        assertTrue(failed.isEmpty(), failed.size() + " of the page's unit tests failed:" + report);
        assertTrue(((Number) results.get("passed")).intValue() >= 15, "the tests ran: " + results.get("names"));
        System.out.println("web unit tests: " + results.get("passed") + " passed in " + results.get("ms") + " ms");
    }

    /** Every leaf path the spec can hold, from specs that use every variant (task kinds, inits, optimizers). */
    static TreeSet<String> javaSpecPaths() {
        String[] specs = {
            "{\"task\":{\"type\":\"completion\",\"rows\":4,\"cols\":4,\"rank\":1,\"observed\":0.5,\"seed\":3},\"depth\":3,"
                + "\"width\":5,\"hiddenWidths\":[5,6],\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1,"
                + "\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-6}}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherDiagonal\":[1,2,3],\"train\":5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"sigma\":0.1},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherDiagonal\":[1,2,3],\"train\":5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"sigma\":0.1},\"learningRate\":0.1,\"steps\":1,"
                + "\"optimizer\":{\"type\":\"sgd\",\"batch\":2,\"momentum\":0.5,\"nesterov\":true,\"weightDecay\":0.1}}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherDiagonal\":[1,2,3],\"train\":5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"sigma\":0.1},\"learningRate\":0.1,\"steps\":1,\"optimizer\":{\"type\":\"adam\"}}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherRank\":2,\"train\":5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"alpha\":0.1},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherRank\":2,\"train\":5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"scheme\":\"ntk\"},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"sensing\",\"rows\":3,\"cols\":4,\"rank\":2,\"measurements\":20,\"noise\":0.1},"
                + "\"depth\":2,\"width\":5,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"completion\",\"entries\":[[1,null],[2,3]],\"holdout\":0.2},\"depth\":2,\"width\":5,"
                + "\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"regression\",\"outputs\":1,\"samples\":[[1,2,3],[2,3,4]],\"holdout\":0.5},\"depth\":2,"
                + "\"width\":5,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1}",
            "{\"task\":{\"type\":\"classification\",\"inputs\":4,\"classes\":3,\"loss\":\"crossEntropy\",\"teacherRank\":2,"
                + "\"train\":20,\"test\":10},\"depth\":2,\"width\":5,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1}",
        };
        TreeSet<String> paths = new TreeSet<>();
        for (String s : specs) {
            leaves("", Json.parse(ExperimentSpec.parse(s).toJson()), paths);
        }
        return paths;
    }

    @SuppressWarnings("unchecked")
    static void leaves(String prefix, Object v, TreeSet<String> out) {
        if (v instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.add(prefix);
        }
    }

    /**
     * Java's number text (NumberText, by Schubfach) is the browser's own {@code Number::toString}, so the
     * canonical JSON Java writes is what JSON.stringify writes: 20 000 generated doubles of every kind (bit
     * patterns, Gaussians over 60 decades, each binade's power of two and its neighbours, tenths halved).
     */
    @Test
    @SuppressWarnings("unchecked")
    void javaPrintsNumbersAsTheBrowserDoes() {
        java.util.Random r = new java.util.Random(5);
        List<String> bits = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        while (bits.size() < 20_000) {
            double x = switch (bits.size() % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
                case 2 -> Double.longBitsToDouble(((long) (1 + r.nextInt(2046)) << 52) + r.nextInt(5) - 2);
                default -> r.nextInt(100_000) * 0.1 / Math.pow(2, r.nextInt(30));
            };
            if (x - x == 0) {
                bits.add(Long.toHexString(Double.doubleToRawLongBits(x)));
                ours.add(saddlelab.experiment.spec.NumberText.format(x));
            }
        }
        List<String> theirs = (List<String>) driver.executeScript("const v = new DataView(new ArrayBuffer(8));"
                + " return arguments[0].map((h) => { v.setBigUint64(0, BigInt('0x' + h)); const x = v.getFloat64(0);"
                + " return String(x === 0 ? 0 : x); });", bits);
        for (int i = 0; i < bits.size(); i++) {
            assertEquals(theirs.get(i), ours.get(i), "bits " + bits.get(i));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFormsFieldTableNamesExactlyTheSpecsFields() throws Exception {
        TreeSet<String> page = new TreeSet<>((List<String>) driver.executeScript("return window.__specPaths;"));
        TreeSet<String> java = javaSpecPaths();
        assertEquals(java, page, "web/js/spec-fields.js against ExperimentSpec: add the missing rows (or fields)");
        List<String> sweep = (List<String>) driver.executeScript("return window.__sweepPaths;");
        assertEquals(new TreeSet<>(Sweep.FIELDS), new TreeSet<>(sweep),
                "the sweep column of web/js/spec-fields.js against Sweep.FIELDS");
        // and docs/spec.md documents each field
        String doc = Files.readString(Path.of("docs", "spec.md"));
        List<String> undocumented = new ArrayList<>();
        for (String p : java) {
            String leaf = p.substring(p.lastIndexOf('.') + 1);
            if (!doc.contains("`" + leaf + "`") && !doc.contains("\"" + leaf + "\":")) {
                undocumented.add(p);
            }
        }
        assertEquals(List.of(), undocumented, "fields docs/spec.md does not name");
    }
}
