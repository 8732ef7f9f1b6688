package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver. In CI (CI=true) a missing browser fails the
 * test; on a developer machine without Chromium the browser tests skip with a loud message.
 */
final class Chromium {
    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private Chromium() {
    }

    static ChromeDriver start() throws Exception {
        return start(new String[0]);
    }

    /** With extra command-line switches (e.g. {@code --host-resolver-rules=MAP classroom.test 127.0.0.1}). */
    static ChromeDriver start(String... extra) throws Exception {
        boolean present = new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
        if (!present) {
            String message = "Chromium or chromedriver missing at " + BROWSER + " / " + DRIVER
                    + ": install the Debian packages chromium and chromium-driver to run the browser tests";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            System.err.println("\n*** SKIPPING BROWSER TESTS: " + message + " ***\n");
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        File profile = TempDirs.directory("saddle-lab-chromium").toFile();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.getAbsolutePath());
        options.addArguments(extra);
        // LAB_TRACE_GC=file: V8's garbage-collection trace of every isolate (page and workers) into file, to
        // tell a long task's own work from a collection that landed in it (docs/performance.md)
        String gcTrace = System.getenv("LAB_TRACE_GC");
        if (gcTrace != null) {
            options.addArguments("--js-flags=--trace-gc", "--enable-logging=stderr");
        }
        // LAB_TRACE=file: the browser's trace of the page's tasks (wall and thread time, what ran in them) into
        // file, Chrome's trace format, to tell a long task's own work from time its thread waited for a core
        // (BenchAll.uiCost writes it; docs/performance.md)
        if (System.getenv("LAB_TRACE") != null) {
            options.setExperimentalOption("perfLoggingPrefs", Map.of("traceCategories",
                    "toplevel,devtools.timeline"));
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL"));
        } else {
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        }
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort();
        if (gcTrace != null) {
            builder.withLogOutput(new java.io.FileOutputStream(gcTrace));
        }
        ChromeDriverService service = builder.build();
        return new ChromeDriver(service, options);
    }
}
