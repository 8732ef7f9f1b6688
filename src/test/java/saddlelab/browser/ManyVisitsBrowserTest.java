package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.server.LabServer;

/**
 * The lab as a class uses it all day: fresh browsers loading the page one after another (the server
 * once refused a client for good after 64 connections in its life: page loads failed from about the
 * 10th), and one tab running dozens of runs, whose heap must not grow without bound (Clear, and the
 * bounded history, free what they drop). Waits key on the page's own state.
 */
class ManyVisitsBrowserTest extends BrowserTestBase {
    static final String TINY = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":1500,\"seed\":3,"
            + "\"seeds\":1,\"records\":80}";

    /**
     * Twenty fresh browsers (each a new Chromium with a new profile: own cache and connection pool, like
     * twenty students' laptops behind one address) load the page one after another, and quit; the server
     * serves every one and is left holding nothing of theirs.
     */
    @Test
    void twentyFreshBrowsersLoadTheLab() throws Exception {
        driver.get("about:blank");
        int before = LabServer.openConnections(app);
        for (int i = 0; i < 20; i++) {
            ChromeDriver fresh = Chromium.start();
            try {
                fresh.get(base); // returns once the page, its scripts, styles and images have loaded
                new WebDriverWait(fresh, Duration.ofSeconds(90)).until(d -> Boolean.TRUE.equals(fresh.executeScript(
                        "return document.readyState === 'complete' && !!window.__lab;")));
            } finally {
                fresh.quit();
            }
        }
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready", Duration.ofSeconds(60));
        driver.get("about:blank");
        long until = System.nanoTime() + 40_000_000_000L;
        while (LabServer.openConnections(app) > before + 6 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(LabServer.openConnections(app) <= before + 6, "connections left open: " + LabServer.openConnections(app));
    }

    /**
     * The page's heap once every reply is in and every chart in sight is redrawn (Chart.js lets go of
     * removed datasets at its next update; redraws are paced, more so on a loaded machine), collected.
     */
    long heapAfterGc() {
        // every reply in (documents and greedy answers hold their batch until they arrive), then redrawn
        waitFor("window.__lab.idle", Duration.ofSeconds(120));
        waitFor("window.__lab.drawn", Duration.ofSeconds(120));
        driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        return ((Number) driver.executeCdpCommand("Runtime.getHeapUsage", Map.of()).get("usedSize")).longValue();
    }

    /** How many runs' documents the control worker keeps for the batch documents (documents.js). */
    long keptDocuments() {
        return ((Number) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " window.__lab.call('forget', { keys: [] }).then(done, (e) => done(-1));")).longValue();
    }

    void runOnce(int n) {
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length - 1].id === arguments[0]"
                + " && window.__lab.runs[window.__lab.runs.length - 1].status === 'done' && !document.getElementById('run').disabled",
                Duration.ofSeconds(120), n);
    }

    /**
     * A teacher's tab: 20 runs, Clear, and the heap is back near where it started (the last release kept
     * every run: +1 MiB a run, Clear freed nothing); then past the history of 50 runs the oldest scroll
     * out and the heap stays level.
     */
    @Test
    void aTabOpenAllDayFreesWhatItClearsAndKeepsABoundedHistory() {
        driver.get("about:blank");
        driver.get(link("", TINY));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(60));
        int id = 0;
        runOnce(++id);
        long start = heapAfterGc();
        for (int i = 0; i < 20; i++) {
            runOnce(++id);
        }
        long twenty = heapAfterGc();
        waitFor("window.__lab.idle", Duration.ofSeconds(120));
        driver.findElement(By.id("clear")).click();
        waitFor("window.__lab.runs.length === 0", Duration.ofSeconds(30));
        long cleared = heapAfterGc();
        System.out.printf("page heap: %.1f MiB after one run, %.1f after 21, %.1f after Clear%n", start / 1048576.0,
                twenty / 1048576.0, cleared / 1048576.0);
        assertTrue(twenty > start, "the runs took memory while shown");
        assertTrue(cleared < start + (twenty - start) / 3 + (1 << 20), "Clear frees the runs: " + start / 1024 + " KiB → "
                + twenty / 1024 + " → " + cleared / 1024);
        assertEquals(0L, keptDocuments(), "the control worker let the cleared runs' documents go");
        for (int i = 0; i < 50; i++) {
            runOnce(++id);
        }
        long full = heapAfterGc();
        for (int i = 0; i < 10; i++) {
            runOnce(++id);
        }
        long later = heapAfterGc();
        assertEquals(50L, ((Number) js("return window.__lab.runs.length;")).longValue(), "the history keeps 50 runs");
        assertEquals((long) id - 49, ((Number) js("return window.__lab.runs[0].id;")).longValue(), "the oldest scrolled out");
        assertEquals(50L, keptDocuments(), "the control worker keeps the documents of the runs on the page, no more");
        System.out.printf("page heap: %.1f MiB with 50 runs, %.1f after 10 more%n", full / 1048576.0, later / 1048576.0);
        assertTrue(later < full + (full - cleared) / 5 + (1 << 20), "level past the history: " + full / 1024 + " KiB → "
                + later / 1024);
    }
}
