package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;

/**
 * The lab as people meet it: on a laptop, a projector and a phone the run bar and the first plots are
 * in view; links read strictly and never run something other than what they say; messages name the
 * field and the expected form; the run table, the shared crosshair, the keyboard and the plots' text
 * descriptions work.
 */
class UxBrowserTest extends BrowserTestBase {
    static final String SPEC = BrowserLabTest.SPEC;

    static void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        // the window's outer size includes no chrome in headless mode; the viewport is what the page sees
        waitFor("window.innerWidth === arguments[0]", Duration.ofSeconds(10), width);
    }

    static void open(String url) {
        driver.get("about:blank");
        driver.get(url);
        waitFor("window.__lab && window.__lab.ready", Duration.ofSeconds(30));
    }

    /** The element's box inside the viewport (the page not scrolled). */
    @SuppressWarnings("unchecked")
    static void inView(String selector) {
        Map<String, Object> box = (Map<String, Object>) js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, w: innerWidth, h: innerHeight};", selector);
        double w = ((Number) box.get("w")).doubleValue();
        double h = ((Number) box.get("h")).doubleValue();
        assertTrue(((Number) box.get("top")).doubleValue() >= 0 && ((Number) box.get("bottom")).doubleValue() <= h + 0.5
                && ((Number) box.get("left")).doubleValue() >= 0 && ((Number) box.get("right")).doubleValue() <= w + 0.5,
                selector + " in the viewport: " + box);
    }

    static void shoot(String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        java.nio.file.Path out = java.nio.file.Path.of("target", "screenshots", name);
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.write(out, png);
    }

    @Test
    @SuppressWarnings("unchecked")
    void onALaptopAProjectorAndAPhoneRunAndTheFirstPlotsAreInView() throws Exception {
        try {
            size(1366, 768);
            open(base);
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("preset"))).selectByValue("fig1");
            waitFor("!document.getElementById('preset-text').hidden && !document.getElementById('run').disabled",
                    Duration.ofSeconds(30));
            for (String s : new String[] {"#run", "#status", "#preset-text", "#chart-loss", "#chart-sv"}) {
                inView(s);
            }
            shoot("laptop-1366x768.png");
            // a projector: Present scales every element, the form's labels and inputs included
            size(1920, 1080);
            driver.findElement(By.id("present")).click();
            waitFor("document.documentElement.classList.contains('present')", Duration.ofSeconds(10));
            double label = ((Number) js("return parseFloat(getComputedStyle(document.querySelector('#controls label')).fontSize);"))
                    .doubleValue();
            double input = ((Number) js("return parseFloat(getComputedStyle(document.querySelector('#controls input[type=text]'))"
                    + ".fontSize);")).doubleValue();
            double status = ((Number) js("return parseFloat(getComputedStyle(document.getElementById('status')).fontSize);"))
                    .doubleValue();
            assertTrue(label >= 17 && input >= 17 && status >= 17, "label " + label + ", input " + input + ", status " + status);
            inView("#run");
            inView("#chart-loss");
            // Present widens the plots: the form narrower (17 rem), two columns of ≥ 38 % of the screen each (36 % with 24 rem)
            double plot = ((Number) js("return document.getElementById('chart-loss').parentElement.getBoundingClientRect()"
                    + ".width / innerWidth;")).doubleValue();
            assertTrue(plot >= 0.38, "a plot takes " + plot + " of the projector's width");
            shoot("projector-1920x1080.png");
            driver.findElement(By.id("present")).click();
            // a phone: the controls fold away, the run bar stays, every plot and table fits the width
            size(390, 844);
            open(link("", SPEC));
            assertFalse((Boolean) js("return document.getElementById('spec-panel').open;"), "the spec is folded");
            inView("#run");
            inView("#status");
            driver.findElement(By.id("run")).click();
            waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status === 'done' && window.__lab.greedy",
                    Duration.ofSeconds(90));
            // the greedy algorithm told the page of its stages as they started: at most min(8, 8) of them
            Map<String, Object> stage = (Map<String, Object>) js("return window.__lab.greedyProgress;");
            assertEquals(8L, ((Number) stage.get("total")).longValue(), "stages: " + stage);
            assertTrue(((Number) stage.get("done")).longValue() >= 2, "stages: " + stage);
            js("window.scrollTo(0, document.body.scrollHeight);");
            waitFor("document.getElementById('runbar').getBoundingClientRect().top >= 0"
                    + " && document.getElementById('runbar').getBoundingClientRect().top < 5", Duration.ofSeconds(10));
            assertTrue((Boolean) js("return document.scrollingElement.scrollWidth <= innerWidth;"),
                    "nothing wider than the phone: " + js("return document.scrollingElement.scrollWidth;"));
            List<?> wide = (List<?>) js("return [...document.querySelectorAll('.plot, .panel, table')].filter(e => e.offsetParent"
                    + " && e.closest('.scroll') === null && e.getBoundingClientRect().right > innerWidth + 0.5).map(e => e.id || e.className);");
            assertEquals(List.of(), wide, "plots and panels wider than the phone");
            // what is scrolled into view stops below the sticky run bar, not under it
            for (String id : new String[] {"saddles-panel", "chart-rank", "runs"}) {
                js("document.getElementById(arguments[0]).scrollIntoView();", id);
                double top = ((Number) js("return document.getElementById(arguments[0]).getBoundingClientRect().top;", id))
                        .doubleValue();
                double bar = ((Number) js("return document.getElementById('runbar').getBoundingClientRect().bottom;"))
                        .doubleValue();
                assertTrue(top >= bar - 0.5, id + " at " + top + " under the run bar ending at " + bar);
            }
            // every control a thumb can hit: axe's target-size rule (WCAG 2.2, 24 px)
            List<String> small = AccessibilityBrowserTest.violations("target-size");
            assertEquals(List.of(), small, "targets under 24 px on a phone");
            js("window.scrollTo(0, 0);");
            shoot("phone-390x844.png");
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    @Test
    void aHandEditedLinkThatDoesNotReadRunsNothingAndKeepsItsAddress() {
        String[][] cases = {
            {link("", SPEC.replace("\"width\":20", "\"wdith\":20")), "width: is required (is \"wdith\" a typo for it?)"},
            {link("", SPEC.replace("\"learningRate\":0.2", "\"learningRate\":\"fast\"")), "must be a number"},
            {base + "#spec=%7B%22task%22%3A%7B%22ty", "not readable JSON"},
            {base + "#spce=" + java.net.URLEncoder.encode(SPEC, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                "unknown part “spce”"},
        };
        for (String[] c : cases) {
            open(c[0]);
            waitFor("window.__lab.linkError", Duration.ofSeconds(30));
            String message = driver.findElement(By.id("link-error-text")).getText();
            assertTrue(message.contains(c[1]) && message.contains("Nothing ran"), c[0] + " → " + message);
            assertTrue(driver.findElement(By.id("run")).getAttribute("disabled") != null, "Run is off: " + c[0]);
            assertEquals(c[0], driver.getCurrentUrl(), "the address is the user's, untouched");
            assertEquals(0L, ((Number) js("return window.__lab.runs.length;")).longValue());
        }
        driver.findElement(By.id("open-default")).click();
        waitFor("!document.getElementById('run').disabled && location.hash.includes('spec=')", Duration.ofSeconds(30));
    }

    @Test
    void messagesNameTheFieldTheFormAndAnExample() {
        open(link("", SPEC));
        driver.findElement(By.name("hiddenWidths")).sendKeys("ten, 20");
        waitFor("document.getElementById('spec-error').textContent.includes('hiddenWidths')", Duration.ofSeconds(30));
        String hidden = driver.findElement(By.id("spec-error")).getText();
        assertTrue(hidden.startsWith("hiddenWidths[0]: must be a whole number, e.g.") && hidden.contains("\"ten\""), hidden);
        driver.findElement(By.name("hiddenWidths")).clear();
        driver.findElement(By.name("hiddenWidths")).sendKeys("20");
        waitFor("document.getElementById('spec-error').textContent.includes('L − 1 = 2')", Duration.ofSeconds(30));
        assertTrue(driver.findElement(By.id("spec-error")).getText().contains("e.g. [20, 20]"));
        driver.findElement(By.name("hiddenWidths")).clear();
        waitFor("!document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("sweep-values")).clear();
        driver.findElement(By.id("sweep-values")).sendKeys("a, b");
        driver.findElement(By.id("run-sweep")).click();
        waitFor("!document.getElementById('sweep-error').hidden", Duration.ofSeconds(30));
        String sweep = driver.findElement(By.id("sweep-error")).getText();
        assertTrue(sweep.contains("numbers separated by commas, e.g.") && sweep.contains("\"a\"") && !sweep.contains("308"), sweep);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunTableTheCrosshairTheKeyboardAndThePlotsTexts() {
        open(link("", SPEC.replace("\"seed\":3", "\"seed\":3,\"seeds\":2")) + "&bands=0");
        // Enter in a field runs
        driver.findElement(By.name("width")).sendKeys(Keys.ENTER);
        waitFor("window.__lab.runs.length === 2 && window.__lab.runs.every(r => r.status === 'done') && window.__lab.greedy",
                Duration.ofSeconds(90));
        String status = driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("steps/s per worker on average"), status);
        List<List<String>> rows = (List<List<String>>) js("return [...document.querySelectorAll('#runs tbody tr')]"
                + ".map(tr => [...tr.children].slice(2).map(td => td.textContent));");
        assertEquals(2, rows.size());
        assertEquals(List.of("4", "done"), rows.get(1).subList(1, 3), "seed and status of the second run");
        assertEquals(js("return window.__lab.runs[1].digest;"), rows.get(1).get(6));
        // the panels describe the selected run: a click in the table selects one, then the other
        driver.findElement(By.cssSelector("#runs tbody tr:nth-child(2) button.link")).click();
        waitFor("document.getElementById('saddles-run').textContent.startsWith('run #' + window.__lab.runs[1].id)",
                Duration.ofSeconds(30));
        driver.findElement(By.cssSelector("#runs tbody tr:first-child button.link")).click();
        waitFor("document.getElementById('saddles-run').textContent.startsWith('run #' + window.__lab.runs[0].id)",
                Duration.ofSeconds(30));
        // the toggle hides a run's series on the plots
        driver.findElement(By.cssSelector("#runs tbody tr:first-child input[type=checkbox]")).click();
        waitFor("Chart.getChart(document.getElementById('chart-loss')).data.datasets.filter(d => d.runId === window.__lab.runs[0].id)"
                + ".every(d => d.hidden)", Duration.ofSeconds(10));
        // the crosshair: hovering the loss plot marks an iteration for every time plot
        new Actions(driver).moveToElement(driver.findElement(By.id("chart-loss")), 40, 20).perform();
        waitFor("Number.isFinite(window.__lab.crosshair) && window.__lab.crosshair > 0", Duration.ofSeconds(10));
        // every plot has a name and a description
        List<String> unnamed = (List<String>) js("return [...document.querySelectorAll('canvas')].filter(c => !c.getAttribute('aria-label')"
                + " || !document.getElementById(c.getAttribute('aria-describedby')).textContent).map(c => c.id);");
        assertEquals(List.of(), unnamed);
        assertTrue(((String) js("return document.getElementById('chart-loss-text').textContent;")).contains("train loss from"));
        // Space pauses a run, and the shortcuts are on the page
        assertTrue(driver.findElement(By.id("shortcuts")).getText().contains("Space"));
        driver.findElement(By.name("steps")).clear();
        driver.findElement(By.name("steps")).sendKeys("2000000");
        waitFor("!document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 4 && window.__lab.runs[3].status === 'running'", Duration.ofSeconds(30));
        js("document.activeElement.blur();");
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        waitFor("document.getElementById('run').textContent.includes('Resume')", Duration.ofSeconds(10));
        driver.findElement(By.id("reset")).click();
    }
}
