package saddlelab.browser;

import io.javalin.Javalin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.server.LabServer;

/** One real server and one headless Chromium per test class, with the helpers the page tests share. */
abstract class BrowserTestBase {
    static Javalin app;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        LabServer.Config config = new LabServer.Config();
        config.dataDirectory = TempDirs.directory("saddle-lab-browser-test");
        // the "LAN host" the classroom test maps to loopback; a real laptop's own name is allowed by itself
        config.allowedHosts = java.util.Set.of("classroom.test");
        app = LabServer.create(config).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port() + "/";
        driver = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (app != null) {
            app.stop();
        }
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String link(String query, String spec) {
        return base + query + "#spec=" + URLEncoder.encode(spec, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void waitFor(String condition, Duration timeout, Object... args) {
        try {
            new WebDriverWait(driver, timeout).until(d -> Boolean.TRUE.equals(js("return !!(" + condition + ");", args)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + condition + "; page state: "
                    + js("const text = (id) => document.getElementById(id) && document.getElementById(id).textContent;"
                    + " return JSON.stringify({lab: window.__lab, error: text('spec-error'), link: text('link-error-text'),"
                    + " status: text('status'), run: document.getElementById('run') && document.getElementById('run').disabled});")
                    + "; console: " + driver.manage().logs().get(LogType.BROWSER).getAll(), e);
        }
    }

    static List<String> severeConsoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).collect(Collectors.toList());
    }

    static void screenshot(String name) {
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500)); // the whole page
            Thread.sleep(500);
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
            java.nio.file.Path out = java.nio.file.Path.of("target", "screenshots", name);
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.write(out, png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
