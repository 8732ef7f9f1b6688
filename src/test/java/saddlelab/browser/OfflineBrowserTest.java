package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import saddlelab.experiment.documents.Link;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.server.LabServer;
import saddlelab.server.StaticAssets;

/**
 * The classroom without a network (issue: offline classroom): after one online visit the lab loads
 * and trains with the server stopped and with the browser offline; a rebuild replaces the old
 * cache; the static export trains from a plain static server; presentation mode hides what the
 * link says.
 */
class OfflineBrowserTest extends BrowserTestBase {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":2000,\"seed\":3,"
            + "\"records\":30}";
    static final String OTHER = SPEC.replace("\"seed\":3", "\"seed\":11").replace("\"width\":20", "\"width\":16");

    static String digest(String spec) {
        return new Run(ExperimentSpec.parse(spec), 0).complete().digest();
    }

    /** Restarts the lab's server on the same port (same origin, so the same service worker). */
    static void restart(LabServer.Config config) throws Exception {
        int port = app.port();
        app.stop();
        config.dataDirectory = TempDirs.directory("saddle-lab-offline");
        app = LabServer.create(config).start("127.0.0.1", port);
    }

    void waitControlled() {
        waitFor("window.__lab && window.__lab.serviceWorker === 'ready' && navigator.serviceWorker.controller",
                Duration.ofSeconds(30));
    }

    void runAndCheck(String spec) {
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status === 'done'", Duration.ofSeconds(60));
        assertEquals(digest(spec), js("return window.__lab.runs[0].digest;"));
        // curves appear (redraws are paced: within a few hundred ms of the last record)
        waitFor("Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".reduce((a, d) => a + d.data.length, 0) > 10", Duration.ofSeconds(120));
    }

    @Test
    void afterOneVisitTheLabTrainsWithTheServerStoppedAndOffline() throws Exception {
        // online: the page, and one short link opened once
        String id = postLink("seen before", OTHER);
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitControlled();
        driver.get(base + "l/" + id);
        waitFor("window.__lab && window.__lab.sharedLink", Duration.ofSeconds(30));
        String origin = base;

        // the server stops: reload, the page, the engine and Chart.js come from the cache
        int port = app.port();
        app.stop();
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitFor("window.__lab && window.__lab.online === false", Duration.ofSeconds(30));
        assertTrue(driver.findElement(By.id("offline")).getText().contains("Offline"));
        runAndCheck(SPEC);
        assertEquals("wasm-simd", js("return window.__lab.engine;"), "the step kernel came from the cache too");
        // a link that carries its spec works; a short link seen before opens from the cache
        driver.get("about:blank");
        driver.get(origin + "p/" + id);
        waitFor("window.__lab && window.__lab.sharedLink", Duration.ofSeconds(30));
        assertEquals("seen before", driver.findElement(By.id("shared-title")).getText());
        runAndCheck(OTHER);

        // back online, then the browser itself goes offline (DevTools network emulation). The server comes
        // back with the bundled build, which differs from the one above when the rebuild test ran first:
        // wait for its worker to take over (the page asks once loaded, then reloads onto it)
        app = LabServer.create(configWithTempData()).start("127.0.0.1", port);
        driver.get("about:blank");
        driver.get(link("", SPEC));
        String bundled = bundledCache();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> List.of(bundled).equals(js("return caches.keys();")));
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitControlled();
        offline(true);
        try {
            driver.get("about:blank");
            driver.get(link("", SPEC));
            waitFor("window.__lab && window.__lab.online === false", Duration.ofSeconds(30));
            runAndCheck(SPEC);
        } finally {
            offline(false);
        }
    }

    static LabServer.Config configWithTempData() throws Exception {
        LabServer.Config c = new LabServer.Config();
        c.dataDirectory = TempDirs.directory("saddle-lab-offline");
        return c;
    }

    /** Stores a short link on the running server and returns its id. */
    static String postLink(String title, String spec) throws Exception {
        String body = "{\"title\":\"" + title + "\",\"spec\":" + spec + "}";
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/links"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, posted.statusCode());
        return Link.parse(body).id;
    }

    /** The cache name of the bundled build (what the service worker of the lab as built here keeps). */
    static String bundledCache() {
        return "saddle-lab-" + StaticAssets.load(null).version();
    }

    /** Moves every entry of cache {@code from} into cache {@code to} (created if need be) and drops {@code from}. */
    static void moveCache(String from, String to) {
        js("return (async () => { const from = await caches.open(arguments[0]); const to = await caches.open(arguments[1]);"
                + " for (const r of await from.keys()) await to.put(r, await from.match(r));"
                + " await caches.delete(arguments[0]); })();", from, to);
    }

    void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /**
     * A page still controlled by the old build's worker while a newer build's worker activates loses the old
     * cache between the page and its modules (activate drops it). Offline, the newer build's copy must serve
     * them, and the dropped cache must not come back. The newer worker's work is done here by hand, on the
     * real caches, so the order is fixed: copy this build's files into a newer cache, drop this one, go
     * offline, ask for a module.
     */
    @Test
    void aPageWhoseBuildsCacheWasDroppedMidLoadStillGetsItsFilesOffline() {
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitControlled();
        String current = bundledCache();
        assertEquals(List.of(current), js("return caches.keys();"));
        moveCache(current, "saddle-lab-newer");
        offline(true);
        try {
            assertEquals(200L, js("return fetch('js/view.js').then(r => r.status, e => String(e));"));
            assertEquals(200L, js("return fetch('vendor/chart.umd.min.js').then(r => r.status, e => String(e));"));
            assertEquals(List.of("saddle-lab-newer"), js("return caches.keys();"), "the dropped cache stays dropped");
        } finally {
            offline(false);
            moveCache("saddle-lab-newer", current); // this build's cache back for the tests that follow
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRebuildWithChangedAssetsReplacesTheOldCache() throws Exception {
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitControlled();
        // a short link opened before the rebuild
        String id = postLink("opened before the rebuild", OTHER);
        driver.get(base + "l/" + id);
        waitFor("window.__lab && window.__lab.sharedLink", Duration.ofSeconds(30));
        String before = StaticAssets.load(null).version();
        assertEquals(List.of("saddle-lab-" + before), js("return caches.keys();"), "one cache, this build's");
        // "rebuild": the same page with a changed stylesheet
        Path copy = TempDirs.directory("saddle-lab-rebuilt");
        Path built = Path.of("target", "classes", "static");
        try (Stream<Path> files = Files.walk(built)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(built.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.writeString(copy.resolve("style.css"), "\n/* rebuilt */\n", java.nio.file.StandardOpenOption.APPEND);
        String after = StaticAssets.load(copy).version();
        assertFalse(before.equals(after));
        LabServer.Config config = configWithTempData();
        config.staticDirectory = copy;
        restart(config);
        // the next visit finds the new worker; it installs, takes over, drops the old cache, the page reloads
        driver.get("about:blank");
        driver.get(link("", SPEC));
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            Object keys = js("return caches.keys();");
            return List.of("saddle-lab-" + after).equals(keys);
        });
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitFor("window.__lab && window.__lab.ready", Duration.ofSeconds(30));
        assertTrue((Boolean) js("return [...document.styleSheets].some(s => { try { return [...s.cssRules].length > 0; }"
                + " catch (e) { return false; } });"));
        assertTrue(((String) js("return fetch('style.css').then(r => r.text());")).contains("/* rebuilt */"),
                "the new stylesheet is served");
        // the short link seen before the rebuild still opens offline: it moved to the new cache
        offline(true);
        try {
            driver.get("about:blank");
            driver.get(base + "p/" + id);
            waitFor("window.__lab && window.__lab.sharedLink", Duration.ofSeconds(30));
            assertEquals("opened before the rebuild", driver.findElement(By.id("shared-title")).getText());
        } finally {
            offline(false);
        }
    }

    @Test
    void theStaticExportTrainsFromAPlainStaticServer() throws Exception {
        Path dir = TempDirs.directory("saddle-lab-static").resolve("lab");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, saddlelab.cli.Main.run(new String[] {"export-static", dir.toString()},
                new java.io.PrintStream(out, true), new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true)));
        assertTrue(Files.exists(dir.resolve("sw-version.js")));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process python = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1",
                "--directory", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.getParent().resolve("http.log").toFile()).start();
        try {
            String url = "http://127.0.0.1:" + port + "/";
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (true) {
                try {
                    if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            driver.get("about:blank");
            driver.get(url + "#spec=" + java.net.URLEncoder.encode(SPEC, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            waitFor("window.__lab && window.__lab.staticCopy && window.__lab.banner", Duration.ofSeconds(30));
            assertTrue(driver.findElement(By.id("offline")).getText().contains("Static copy"));
            assertFalse(driver.findElement(By.id("create-link")).isDisplayed(), "no short links in the static copy");
            runAndCheck(SPEC);
            // and offline from there too, once the worker has cached it
            waitControlled();
            python.destroy();
            python.waitFor();
            driver.get("about:blank");
            driver.get(url + "#spec=" + java.net.URLEncoder.encode(OTHER, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            runAndCheck(OTHER);
        } finally {
            python.destroyForcibly();
        }
    }

    /**
     * A student's laptop on the teacher's Wi-Fi: plain HTTP, no secure context, no service worker, still a
     * lab. The "LAN host" is a name Chromium maps to 127.0.0.1 ({@code --host-resolver-rules}), so no traffic
     * leaves loopback and the server binds 127.0.0.1 only.
     */
    @Test
    void onAPlainHttpLanAddressTheLabRunsWithoutAServiceWorker() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver lan = Chromium.start("--host-resolver-rules=MAP classroom.test 127.0.0.1");
        org.openqa.selenium.chrome.ChromeDriver main = driver;
        try {
            driver = lan;
            driver.get("http://classroom.test:" + app.port() + "/#spec=" + java.net.URLEncoder.encode(SPEC,
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            waitFor("window.__lab && window.__lab.serviceWorker", Duration.ofSeconds(60));
            assertEquals("classroom.test", js("return location.hostname;"));
            assertEquals(false, js("return window.isSecureContext;"));
            assertEquals("unsupported", js("return window.__lab.serviceWorker;"));
            runAndCheck(SPEC);
        } finally {
            driver = main;
            lan.quit();
        }
    }

    @Test
    void presentationModeHidesWhatTheLinkSays() {
        driver.get("about:blank");
        driver.get(link("", SPEC) + "&present=1&hide=task,sweep,saddles");
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertTrue((Boolean) js("return document.documentElement.classList.contains('present');"));
        assertFalse(driver.findElement(By.cssSelector("fieldset[data-hide=task]")).isDisplayed());
        assertFalse(driver.findElement(By.id("sweep")).isDisplayed());
        assertFalse(driver.findElement(By.id("saddles-panel")).isDisplayed());
        assertTrue(driver.findElement(By.cssSelector("fieldset[data-hide=network]")).isDisplayed());
        assertFalse(driver.findElement(By.id("toolkit")).isDisplayed(), "advanced panels hidden in presentation mode");
        assertEquals(3.2, ((Number) js("return Chart.getChart(document.getElementById('chart-loss')).options.elements"
                + ".line.borderWidth;")).doubleValue());
        // the link keeps the settings after validation rewrites it; leaving presentation mode updates it
        waitFor("location.hash.includes('present=1') && location.hash.includes('hide=saddles%2Csweep%2Ctask')",
                Duration.ofSeconds(60));
        driver.findElement(By.id("present")).click();
        waitFor("!location.hash.includes('present=1') && !document.documentElement.classList.contains('present')",
                Duration.ofSeconds(60));
        assertFalse(driver.findElement(By.cssSelector("fieldset[data-hide=task]")).isDisplayed(), "still hidden by the link");
        // the tour walks through the regimes with the presets' specs
        driver.findElement(By.id("tour-start")).click();
        waitFor("window.__lab.tourStep === 0 && document.getElementById('tour-title').textContent.includes('NTK')",
                Duration.ofSeconds(60));
        driver.findElement(By.id("tour-next")).click();
        driver.findElement(By.id("tour-next")).click();
        waitFor("document.getElementById('tour-title').textContent.includes('Saddle-to-saddle')"
                + " && location.hash.includes('%22gamma%22%3A2')", Duration.ofSeconds(60));
    }
}
