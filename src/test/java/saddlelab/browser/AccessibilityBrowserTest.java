package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Figures for a paper (each chart as SVG and as PNG at 2× on white with its legend, the whole figure as
 * SVG, the data as a table), and axe-core (WCAG 2.1 A and AA rules, the copy bundled in the {@code com.deque.html.axe-core:selenium}
 * artifact, injected by the test) finds no violation on the page as people meet it: at first load, after
 * a run, with Share, the Tour and Present open.
 */
class AccessibilityBrowserTest extends BrowserTestBase {
    private static String axe;

    static String axeSource() throws IOException {
        if (axe == null) {
            try (InputStream in = AccessibilityBrowserTest.class.getClassLoader().getResourceAsStream("axe.min.js")) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return axe;
    }

    /** The violations axe reports on the page as it stands: "rule (impact): target … — summary" lines. */
    static List<String> violations() throws IOException {
        return violations(null);
    }

    /** As {@link #violations()}, for one rule (e.g. WCAG 2.2's target-size), or all of WCAG 2.1 A/AA if null. */
    @SuppressWarnings("unchecked")
    static List<String> violations(String rule) throws IOException {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object';"))) {
            js(axeSource());
        }
        Object r = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, arguments[0] ? {runOnly: {type: 'rule', values: [arguments[0]]}}"
                + " : {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ' (' + v.impact + '): '"
                + " + n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))))"
                + ".catch(e => done(['axe failed: ' + e]));", rule);
        return (List<String>) r;
    }

    static void assertNone(String when) throws IOException {
        List<String> v = violations();
        assertTrue(v.isEmpty(), when + ": " + v.size() + " violations:\n  " + String.join("\n  ", v));
    }

    @Test
    @SuppressWarnings("unchecked")
    void axeFindsNoViolationAtLoadAfterARunAndWithShareTourAndPresentOpen() throws IOException {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        UxBrowserTest.size(1366, 768);
        UxBrowserTest.open(link("", BrowserLabTest.SPEC));
        assertNone("at load");
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].json && window.__lab.idle", Duration.ofSeconds(120));
        assertNone("after a run");
        // every chart saves for a paper: SVG with title, axes and legend; PNG at 2× on white; the data as a table
        String svg = (String) js("return window.__lab.exportSvg('chart-loss');");
        Map<String, Object> parsed = (Map<String, Object>) js("const d = new DOMParser().parseFromString(arguments[0], "
                + "'image/svg+xml'); return {errors: d.getElementsByTagName('parsererror').length, lines: "
                + "d.getElementsByTagName('polyline').length, texts: [...d.getElementsByTagName('text')].map(t => t.textContent)};", svg);
        assertEquals(0L, ((Number) parsed.get("errors")).longValue(), svg);
        assertTrue(((Number) parsed.get("lines")).longValue() >= 2, "train and test lines: " + parsed);
        List<String> texts = (List<String>) parsed.get("texts");
        assertTrue(texts.contains("Loss (train solid, test dashed)") && texts.contains("iteration k")
                && texts.stream().anyMatch(t -> t.contains("run #1")), "title, axis and legend: " + texts);
        Map<String, Object> png = (Map<String, Object>) js("return window.__lab.exportPng('chart-loss');");
        List<Number> screen = (List<Number>) png.get("screen");
        assertEquals(2 * screen.get(0).longValue() / (long) ((Number) js("return devicePixelRatio;")).doubleValue(),
                ((Number) png.get("width")).longValue(), "twice the pixels: " + png);
        assertTrue(((Number) png.get("height")).longValue() > 2 * screen.get(1).longValue(), "a legend below: " + png);
        assertEquals(List.of(255L, 255L, 255L, 255L), ((List<Number>) png.get("corner")).stream().map(Number::longValue)
                .collect(java.util.stream.Collectors.toList()), "on white");
        assertEquals(screen.get(0).longValue(), ((Number) js("return Chart.getChart(document.getElementById('chart-loss'))"
                + ".canvas.width;")).longValue(), "the chart on the page is back at the screen's pixels");
        String figure = (String) js("return window.__lab.exportFigureSvg();");
        long plots = ((Number) js("const d = new DOMParser().parseFromString(arguments[0], 'image/svg+xml');"
                + "return d.getElementsByTagName('parsererror').length ? -1 : d.querySelectorAll('svg > svg').length;", figure))
                .longValue();
        assertTrue(plots >= 6, "the whole figure holds the time plots: " + plots);
        java.nio.file.Path out = java.nio.file.Path.of("target", "screenshots");
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("loss.svg"), svg); // to look at
        java.nio.file.Files.writeString(out.resolve("figure.svg"), figure);
        driver.findElement(By.cssSelector("#chart-loss ~ .plot-tools button[aria-controls='chart-loss-data']")).click();
        waitFor("!document.getElementById('chart-loss-data').hidden", Duration.ofSeconds(10));
        long rows = ((Number) js("return document.querySelectorAll('#chart-loss-data tbody tr').length;")).longValue();
        assertTrue(rows >= 2, "the loss as a table: " + rows + " rows");
        assertEquals("true", js("return document.querySelector(\"[aria-controls='chart-loss-data']\").getAttribute('aria-expanded');"));
        assertNone("with a data table open");
        driver.findElement(By.id("share")).click();
        waitFor("!document.getElementById('share-panel').hidden", Duration.ofSeconds(10));
        assertNone("with Share open");
        js("document.getElementById('share').click();");
        driver.findElement(By.id("tour-start")).click();
        waitFor("!document.getElementById('tour').hidden", Duration.ofSeconds(10));
        assertNone("with the Tour open");
        driver.findElement(By.id("present")).click();
        waitFor("document.documentElement.classList.contains('present')", Duration.ofSeconds(10));
        assertNone("in Present mode");
        // every line thicker, the singular values' own widths (2 and 1.2) too
        waitFor("window.__lab.drawn", Duration.ofSeconds(10));
        List<Number> widths = (List<Number>) js("return Chart.getChart(document.getElementById('chart-sv')).data.datasets"
                + ".map(d => d.borderWidth);");
        assertTrue(widths.size() >= 2 && widths.stream().allMatch(w -> w.doubleValue() >= 2.4), "Present widths: " + widths);
    }
}
