package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.server.LabServer;

/**
 * The page in a real headless Chromium against the real server: a small experiment runs in a Web
 * Worker on each engine build (wasm-gc and JS), the loss falls, the rank rises, the digest equals the
 * JVM's to the bit, the UI thread keeps painting and the console stays clean.
 */
class BrowserLabTest extends BrowserTestBase {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"seed\":3,"
            + "\"records\":40}";

    /** What a new user gets: the SIMD step kernel, reported on the page. */
    @Test
    void theSimdKernelIsTheDefaultAndReproducesTheJvmRun() throws Exception {
        runAndCheck("", "wasm-simd");
        assertEquals("engine: wasm-simd", driver.findElement(By.id("engine")).getText());
    }

    @Test
    void scalarKernelReproducesTheJvmRun() throws Exception {
        runAndCheck("?engine=wasm", "wasm");
    }

    @Test
    void wasmGcEngineReproducesTheJvmRun() throws Exception {
        runAndCheck("?engine=wasm-gc", "wasm-gc");
    }

    @Test
    void javaScriptEngineReproducesTheJvmRun() throws Exception {
        runAndCheck("?engine=js", "js");
    }

    @Test
    @SuppressWarnings("unchecked")
    void gradientFlowRunsAreBitIdenticalToo() {
        String flow = SPEC.replace("\"steps\":3000", "\"steps\":3000,\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-7}");
        Run jvm = new Run(ExperimentSpec.parse(flow), 0).complete();
        for (String query : new String[] {"", "?engine=js"}) {
            driver.get("about:blank");
            driver.get(link(query, flow));
            waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
            assertEquals("flow", driver.findElement(By.name("optimizer.type")).getAttribute("value"));
            driver.findElement(By.id("run")).click();
            waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length-1].status === 'done'",
                    Duration.ofSeconds(90));
            Map<String, Object> run = (Map<String, Object>) js(
                    "const r = window.__lab.runs[window.__lab.runs.length-1]; return {digest: r.digest, json: r.json};");
            assertEquals(jvm.digest(), run.get("digest"), "flow digest on " + query);
            assertEquals(Results.runJson(jvm), run.get("json"), "flow series on " + query);
        }
    }

    @SuppressWarnings("unchecked")
    void runAndCheck(String query, String engine) throws Exception {
        Run jvm = new Run(ExperimentSpec.parse(SPEC), 0).complete();
        String expectedDigest = jvm.digest();
        driver.get("about:blank");
        driver.get(link(query, SPEC));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertEquals(engine, js("return window.__lab.engine;"));
        // the test counts the animation frames the page's thread gets while the run trains (the page asks for
        // frames only when it has something to draw)
        js("window.__frames = 0; requestAnimationFrame(function count() { window.__frames++; requestAnimationFrame(count); });");
        long framesBefore = ((Number) js("return window.__frames;")).longValue();
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length-1].status === 'done'",
                Duration.ofSeconds(90));
        Map<String, Object> run = (Map<String, Object>) js(
                "const r = window.__lab.runs[window.__lab.runs.length-1];"
                + "return {digest: r.digest, records: r.records, loss: r.trainLoss, rank: r.rank, step: r.step, json: r.json};");
        long framesAfter = ((Number) js("return window.__frames;")).longValue();
        List<Number> loss = (List<Number>) run.get("loss");
        List<Number> rank = (List<Number>) run.get("rank");
        assertTrue(((Number) run.get("records")).intValue() >= 20, "records arrived: " + run.get("records"));
        assertTrue(loss.get(loss.size() - 1).doubleValue() < 1e-3 * loss.get(0).doubleValue(), "the loss falls: " + loss);
        assertEquals(0, rank.get(0).intValue());
        assertEquals(2, rank.get(rank.size() - 1).intValue(), "the rank rises to the target's");
        assertEquals(expectedDigest, run.get("digest"), "same digest as the JVM, bit for bit");
        assertEquals(Results.runJson(jvm), run.get("json"), "every recorded series equals the JVM's, to the bit");
        assertTrue(framesAfter - framesBefore >= 5, "the UI thread kept painting: " + (framesAfter - framesBefore));
        // the digest is on screen
        assertTrue(driver.findElement(By.id("runs")).getText().contains(expectedDigest));
        List<String> errors = severeConsoleMessages();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
        System.out.println("browser engine=" + engine + " longest main-thread task ms="
                + js("return window.__lab.longestTaskMs;"));
    }

    static long currentStep() {
        return ((Number) js("const r = window.__lab.runs[window.__lab.runs.length-1]; return r ? r.step : -1;")).longValue();
    }

    /** The step once it has stopped changing (the worker honours pause between slices). */
    static long settledStep() throws InterruptedException {
        long previous = -2;
        long now = currentStep();
        while (now != previous) {
            Thread.sleep(400);
            previous = now;
            now = currentStep();
        }
        return now;
    }

    @Test
    void pauseStepResumeAndReset() throws Exception {
        driver.get("about:blank");
        driver.get(link("", SPEC.replace("\"steps\":3000", "\"steps\":2000000")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length-1].step > 100",
                Duration.ofSeconds(30));
        driver.findElement(By.id("pause")).click();
        assertEquals("run", js("return document.activeElement.id;"), "focus moves from Pause to Resume");
        long paused = settledStep();
        Thread.sleep(500);
        assertEquals(paused, currentStep(), "a paused run does not advance");
        driver.findElement(By.id("step")).click();
        waitFor("window.__lab.runs[window.__lab.runs.length-1].step === " + (paused + 1), Duration.ofSeconds(60));
        Thread.sleep(500);
        assertEquals(paused + 1, currentStep(), "Step advances exactly one gradient step");
        driver.findElement(By.id("run")).click(); // resume
        assertEquals("pause", js("return document.activeElement.id;"), "and from Resume back to Pause");
        waitFor("window.__lab.runs[window.__lab.runs.length-1].step > " + (paused + 100), Duration.ofSeconds(30));
        // the loss chart's text description follows the records while the run trains (it said "nothing drawn yet")
        waitFor("document.getElementById('chart-loss-text').textContent.includes('train loss')", Duration.ofSeconds(30));
        assertEquals("Save the chart “Loss (train solid, test dashed)” as PNG", driver.findElement(
                By.cssSelector("#chart-loss ~ .plot-tools button")).getAttribute("aria-label"), "the PNG button says what it does");
        driver.findElement(By.id("reset")).click();
        // Reset stops the run and takes it off the page
        waitFor("window.__lab.runs.length === 0 && window.__lab.lastReset.length === 1"
                + " && window.__lab.lastReset[0].status === 'stopped'", Duration.ofSeconds(60));
        assertTrue(severeConsoleMessages().isEmpty());
    }

    @Test
    void resetStopsABusyWorkerAtOnceAndRunStartsTheSpecOnScreen() {
        // a run whose steps take long (a 300×300 completion task at w = 1200): its worker is busy inside a step
        String heavy = "{\"task\":{\"type\":\"completion\",\"rows\":300,\"cols\":300,\"rank\":5,\"observed\":0.5},"
                + "\"depth\":4,\"width\":1200,\"init\":{\"gamma\":2},\"learningRate\":0.01,\"steps\":300,\"records\":2}";
        driver.get("about:blank");
        driver.get(link("?workers=1", heavy));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status === 'running'", Duration.ofSeconds(120));
        long started = ((Number) js("return window.__lab.workersStarted;")).longValue();
        // an edit while it trains is validated at once (the control worker never waits behind the run)
        driver.findElement(By.name("width")).clear();
        driver.findElement(By.name("width")).sendKeys("20");
        driver.findElement(By.name("task.rows")).clear();
        driver.findElement(By.name("task.rows")).sendKeys("8");
        driver.findElement(By.name("task.cols")).clear();
        driver.findElement(By.name("task.cols")).sendKeys("8");
        waitFor("decodeURIComponent(location.hash).includes('\"width\":20') && decodeURIComponent(location.hash).includes('\"rows\":8')",
                Duration.ofSeconds(30));
        assertEquals("running", js("return window.__lab.runs[0].status;"), "validated while the run goes on");
        // Reset terminates the busy worker and starts a fresh one
        driver.findElement(By.id("reset")).click();
        waitFor("window.__lab.runs.length === 0 && window.__lab.lastReset[0].status === 'stopped'"
                + " && window.__lab.workersStarted > arguments[0]", Duration.ofSeconds(60), started);
        // Run starts what the form shows now
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status !== 'running'"
                + " && window.__lab.runs[0].status !== 'queued'", Duration.ofSeconds(120));
        String onScreen = heavy.replace("\"rows\":300,\"cols\":300", "\"rows\":8,\"cols\":8").replace("\"width\":1200",
                "\"width\":20");
        assertEquals(new Run(ExperimentSpec.parse(onScreen), 0).complete().digest(), js("return window.__lab.runs[0].digest;"));
    }

    @Test
    void aDivergedRunShowsTheEngineMessage() {
        driver.get("about:blank");
        driver.get(link("", SPEC.replace("\"learningRate\":0.2", "\"learningRate\":50")
                .replace("{\"gamma\":2}", "{\"gamma\":0.5}")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length-1].status === 'diverged'",
                Duration.ofSeconds(30));
        String shown = driver.findElement(By.id("spec-error")).getText();
        assertTrue(shown.startsWith("diverged at step "), shown);
        assertTrue(shown.contains("learning rate 50"), shown);
        Boolean finite = (Boolean) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".every(d => d.data.every(p => Number.isFinite(p.y)));");
        assertTrue(finite, "no NaN reaches the plots: " + js("return JSON.stringify(Chart.getChart(document.getElementById("
                + "'chart-loss')).data.datasets.filter(d => !d.data.every(p => Number.isFinite(p.y))).map(d => [d.label,"
                + " d.data.filter(p => !Number.isFinite(p.y)).slice(0, 3)]));"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void saddlesTableSetsThePlateausBesideTheGreedyAlgorithm() {
        String fig1 = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7},"
                + "\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":20000,\"seed\":1,"
                + "\"records\":400}";
        driver.get("about:blank");
        driver.get(link("", fig1));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.greedy && window.__lab.saddles && window.__lab.saddles.length >= 2", Duration.ofSeconds(120));
        List<Map<String, Object>> saddles = (List<Map<String, Object>>) js("return window.__lab.saddles;");
        List<Map<String, Object>> greedy = (List<Map<String, Object>>) js("return window.__lab.greedy.saddles;");
        assertEquals(0L, ((Number) saddles.get(0).get("rank")).longValue());
        assertEquals(1L, ((Number) saddles.get(1).get("rank")).longValue());
        for (Map<String, Object> sd : saddles) {
            int rank = ((Number) sd.get("rank")).intValue();
            double g = ((Number) greedy.get(rank).get("loss")).doubleValue();
            assertEquals(g, ((Number) sd.get("loss")).doubleValue(), 0.02 * g, "rank " + rank);
        }
        String table = driver.findElement(By.id("saddles")).getText();
        assertTrue(table.contains("%"), table);
        long paths = ((Number) js("return Chart.getChart(document.getElementById('chart-greedy')).data.datasets.length;"))
                .longValue();
        assertTrue(paths >= 3, "greedy paths drawn: " + paths);
        assertTrue(driver.findElement(By.id("escape")).getText().contains("s*"));
        long levels = ((Number) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.greedyLevel).length;")).longValue();
        assertTrue(levels >= 3, "greedy saddle levels over the loss curves: " + levels);
        // no axis repeats a tick label (but the greedy plot's stage separators); balancedness here drifts in its 4th digit on a log axis (less
        // than a decade), which gets evenly spaced round ticks instead of Chart.js's crowded ones
        waitFor("Chart.getChart(document.getElementById('chart-balance')).scales.y.ticks.length > 1"
                + " && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        js("document.getElementById('chart-balance').scrollIntoView();");
        waitFor("Chart.getChart(document.getElementById('chart-balance')).scales.y.ticks.every(t => t.narrowLabel !== undefined)",
                Duration.ofSeconds(60));
        Object repeated = js("return [...document.querySelectorAll('canvas')].map(c => Chart.getChart(c)).filter(Boolean)"
                + ".flatMap(ch => Object.values(ch.scales).map(s => ({chart: ch.canvas.id, axis: s.id,"
                + " labels: s.ticks.map(t => t.label).filter(l => l !== '' && l != null && l !== '· · ·').map(String)})))"
                + ".filter(a => new Set(a.labels).size !== a.labels.length);");
        assertEquals(List.of(), repeated, "axes with a repeated tick label");
        js("window.scrollTo(0, 0);");
        screenshot("lab.png"); // the README's picture
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolkitViewsRunInTheBrowser() {
        driver.get("about:blank");
        driver.get(link("", SPEC.replace("\"width\":20", "\"width\":10")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        // the path view of a run: its trajectory, the origin and the saddles
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.saddles && window.__lab.greedy", Duration.ofSeconds(60));
        waitFor("Chart.getChart(document.getElementById('chart-path')).data.datasets"
                + ".filter(d => d.label.endsWith(' path')).reduce((a, d) => a + d.data.length, 0) >= 20",
                Duration.ofSeconds(60));
        assertTrue((Boolean) js("return Chart.getChart(document.getElementById('chart-path')).data.datasets"
                + ".some(d => d.label === 'origin') && Chart.getChart(document.getElementById('chart-path')).data.datasets"
                + ".some(d => d.greedyPath);"));
        // escape time against α: t_α ∝ α^−(L−2) with L = 3
        driver.findElement(By.id("run-escape")).click();
        waitFor("window.__lab.analyses && window.__lab.analyses.escape", Duration.ofSeconds(60));
        Map<String, Object> escape = (Map<String, Object>) js("return window.__lab.analyses.escape;");
        assertEquals(-1.0, ((Number) escape.get("fittedExponent")).doubleValue(), 0.1);
        assertTrue(driver.findElement(By.id("toolkit-result")).getText().contains("predicts"));
        // the run bar says it is done and where the result is, and keeps saying so
        waitFor("document.getElementById('status').textContent.startsWith('Done: the escape-time analysis')",
                Duration.ofSeconds(10));
        // Theorem 1 against the width
        driver.findElement(By.id("widths")).clear();
        driver.findElement(By.id("widths")).sendKeys("32, 128, 512");
        driver.findElement(By.id("gammas")).clear();
        driver.findElement(By.id("gammas")).sendKeys("2");
        driver.findElement(By.id("run-geometry")).click();
        waitFor("window.__lab.analyses.geometry", Duration.ofSeconds(60));
        List<Map<String, Object>> series = (List<Map<String, Object>>) js("return window.__lab.analyses.geometry.series;");
        assertEquals(1, series.size());
        assertEquals(-0.5, ((Number) series.get(0).get("fittedSaddleExponent")).doubleValue(), 0.1);
        long points = ((Number) js("return Chart.getChart(document.getElementById('chart-geometry')).data.datasets.length;"))
                .longValue();
        assertEquals(4, points);
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    @Test
    @SuppressWarnings("unchecked")
    void escapeOverlayFollowsTheOptimalSpeed() {
        // L = 2 from α = 1e-6 by gradient flow: ‖θ(t)‖ grows like e^{s* t}
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherRank\":5,\"train\":100},"
                + "\"depth\":2,\"width\":10,\"init\":{\"alpha\":1e-6},\"learningRate\":1e-4,\"steps\":20000,"
                + "\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-8},\"records\":600}";
        driver.get("about:blank");
        driver.get(link("", spec));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.greedy && window.__lab.runs[window.__lab.runs.length-1].json", Duration.ofSeconds(60));
        long overlay = ((Number) js("return Chart.getChart(document.getElementById('chart-sv')).data.datasets"
                + ".filter(d => d.label.includes('predicted')).reduce((a, d) => a + d.data.length, 0);")).longValue();
        assertTrue(overlay >= 10, "predicted s₁(A) points on the optimal escape path: " + overlay);
        String text = driver.findElement(By.id("escape")).getText();
        assertTrue(text.contains("fitted from the growth of u₁ᵀAv₁: ") && !text.contains("u₁ᵀAv₁: n/a"), text);
        Map<String, Object> e = (Map<String, Object>) js(
                "return JSON.parse(window.__lab.runs[window.__lab.runs.length-1].json).escape;");
        double fitted = ((Number) e.get("fittedSpeed")).doubleValue();
        double predicted = ((Number) e.get("predictedSpeed")).doubleValue();
        assertEquals(predicted, fitted, 0.05 * predicted);
    }

    @Test
    void exportEqualsTheCommandLineAndImportShowsTheRun() throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC);
        Run jvm = new Run(spec, 0).complete();
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length > 0 && window.__lab.runs[window.__lab.runs.length-1].status === 'done'"
                + " && !document.getElementById('export').disabled", Duration.ofSeconds(60));
        driver.findElement(By.id("export")).click();
        String exported = (String) js("return window.__lab.exported;");
        assertEquals(Results.document(spec, List.of(jvm)), exported, "the page's export is the CLI's document");
        driver.findElement(By.id("export-csv")).click();
        assertEquals(Results.csv(jvm, true), js("return window.__lab.exportedCsv;"));
        java.nio.file.Path file = TempDirs.file("saddle-lab-results", ".json");
        java.nio.file.Files.writeString(file, exported);
        driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        waitFor("window.__lab.imported === 1", Duration.ofSeconds(60));
        assertTrue(driver.findElement(By.id("runs")).getText().contains("imported"));
        assertTrue(driver.findElement(By.id("runs")).getText().contains(jvm.digest()));
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    /** Editing the form after choosing a preset makes Run run the form's spec, and the picker says so. */
    @Test
    void editingTheFormDetachesThePreset() {
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("preset"))).selectByValue("fig2");
        waitFor("!document.getElementById('preset-size-label').hidden", Duration.ofSeconds(30));
        org.openqa.selenium.WebElement steps = driver.findElement(By.name("steps"));
        steps.clear();
        steps.sendKeys("500");
        waitFor("document.getElementById('preset').value === '' && document.getElementById('preset-size-label').hidden"
                + " && document.getElementById('preset-text').textContent.includes('Run runs the form')", Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWholePresetRunsOnThePoolAndEqualsTheCommandLine() throws Exception {
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("preset"))).selectByValue("fig2");
        // one estimate for what Run will start, from the cost model, and the published size's beside it
        waitFor("!document.getElementById('preset-estimate').hidden", Duration.ofSeconds(60));
        String estimate = driver.findElement(By.id("preset-estimate")).getText();
        assertTrue(estimate.startsWith("Quick: ") && estimate.contains("18 runs in 6 configurations")
                && estimate.contains("Published size: ") && estimate.contains("90 runs in 9 configurations")
                && estimate.contains("run --preset fig2"), estimate);
        driver.findElement(By.id("run")).click(); // with a preset chosen, Run runs the whole preset
        // the summary grows as runs finish; wait for the whole batch
        waitFor("window.__lab.runs.length === 18 && window.__lab.runs.every(r => r.json) && window.__lab.summary"
                + " && window.__lab.summary.groups.length === 2 && window.__lab.summary.groups.every(g => g.points.length === 3)",
                Duration.ofSeconds(400));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) js("return window.__lab.summary.groups;");
        assertEquals(2, groups.size(), "widths 10 and 100");
        for (Map<String, Object> g : groups) {
            assertEquals(3, ((List<?>) g.get("points")).size(), "NTK, mean-field, saddle-to-saddle");
        }
        // the page's export equals `run --preset fig2 --quick`, text for text
        driver.findElement(By.id("export")).click();
        String exported = (String) js("return window.__lab.exported;");
        saddlelab.experiment.figures.Presets.Preset p = saddlelab.experiment.figures.Presets.get("fig2");
        List<List<Run>> runs = new java.util.ArrayList<>();
        for (saddlelab.experiment.figures.Presets.Configuration c : p.quick) {
            List<Run> rs = new java.util.ArrayList<>();
            for (int i = 0; i < c.spec.seeds; i++) {
                rs.add(new Run(c.spec, i).complete());
            }
            runs.add(rs);
        }
        String expected = Results.presetDocument("fig2", true, Results.entries(p.quick, runs));
        int at = 0;
        while (at < Math.min(expected.length(), exported.length()) && expected.charAt(at) == exported.charAt(at)) {
            at++;
        }
        assertEquals(expected, exported, "first difference at " + at + ": JVM «"
                + expected.substring(Math.max(0, at - 80), Math.min(expected.length(), at + 80)) + "» page «"
                + exported.substring(Math.max(0, at - 80), Math.min(exported.length(), at + 80)) + "»");
        // the legend names each configuration; the panels describe a run of this preset, not an older task's
        List<String> legend = (List<String>) js("return [...document.querySelectorAll('#legend li')].map(li => li.textContent);");
        assertEquals(6, legend.size(), "one entry per configuration: " + legend);
        assertTrue(legend.stream().anyMatch(t -> t.startsWith("NTK (γ = 1 − 1/L), w = 10 — runs #")), legend.toString());
        waitFor("window.__lab.greedy && document.getElementById('saddles-run').textContent.includes('w = ')",
                Duration.ofSeconds(120));
        String caption = driver.findElement(By.id("saddles-run")).getText();
        assertTrue(p.quick.stream().anyMatch(c -> caption.contains(c.label)), caption);
        // Clear empties the plots and every panel that described the runs
        driver.findElement(By.id("clear")).click();
        waitFor("document.querySelectorAll('#saddles tbody tr').length === 0 && document.getElementById('escape').textContent === ''"
                + " && Chart.getChart(document.getElementById('chart-greedy')).data.datasets.length === 0"
                + " && Chart.getChart(document.getElementById('chart-path')).data.datasets.length === 0"
                + " && Chart.getChart(document.getElementById('chart-summary')).data.datasets.length === 0"
                + " && document.getElementById('legend').hidden && document.getElementById('checks').hidden",
                Duration.ofSeconds(30));
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    @Test
    void presetsComeFromTheEngineAndExplainThemselves() {
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        long options = ((Number) js("return document.querySelectorAll('#preset option').length;")).longValue();
        assertEquals(saddlelab.experiment.figures.Presets.all().size() + 1, options,
                "a blank choice, fig1 … fig6, the failure cases, escape and geometry");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("preset"))).selectByValue("fig3");
        waitFor("!document.getElementById('preset-text').hidden && window.location.hash.includes('spec=')",
                Duration.ofSeconds(60));
        assertTrue(driver.findElement(By.id("preset-text")).getText().contains("zero predictor"));
        assertEquals("30", driver.findElement(By.name("task.rows")).getAttribute("value"));
        waitFor("decodeURIComponent(window.location.hash).includes('\"rows\":30')", Duration.ofSeconds(60));
    }

    @Test
    void anInvalidLinkNamesTheFieldAndDoesNotRun() {
        driver.get("about:blank");
        driver.get(link("", SPEC.replace("\"width\":20", "\"width\":1e9")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('spec-error').hidden",
                Duration.ofSeconds(30));
        String message = driver.findElement(By.id("spec-error")).getText();
        assertTrue(message.startsWith("width"), message);
        assertTrue(driver.findElement(By.id("run")).getAttribute("disabled") != null, "Run is disabled");
        assertTrue(driver.findElement(By.name("width")).getAttribute("class").contains("invalid"));
        assertFalse(Boolean.TRUE.equals(js("return window.__lab.runs.length > 0;")));
    }
}
