package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.run.Run;

/**
 * The paper's figures from the preset picker in a real browser (issue: reproduce every figure in one
 * click): Fig. 1's three plateaus, Fig. 3's low-rank bias, sweeps with seed bands, the progress bar
 * and Cancel, and the size of the worker pool.
 */
class FigurePresetsBrowserTest extends BrowserTestBase {
    static final String SMALL = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"seed\":3,"
            + "\"seeds\":3,\"records\":40}";

    void openPreset(String name) {
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready && document.querySelectorAll('#preset option').length > 6",
                Duration.ofSeconds(30));
        new Select(driver.findElement(By.id("preset"))).selectByValue(name);
        waitFor("!document.getElementById('preset-text').hidden && !document.getElementById('run').disabled",
                Duration.ofSeconds(60));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fig1ShowsThreePlateausEscapingToRanksOneTwoThree() {
        openPreset("fig1");
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status === 'done' && window.__lab.greedy",
                Duration.ofSeconds(180));
        List<Map<String, Object>> saddles = (List<Map<String, Object>>) js("return window.__lab.saddles;");
        assertEquals(3, saddles.size(), "plateaus: " + saddles);
        List<List<String>> rows = (List<List<String>>) js("return [...document.querySelectorAll('#saddles tbody tr')]"
                + ".map(tr => [...tr.children].map(td => td.textContent));");
        assertEquals(3, rows.size());
        for (int k = 0; k < 3; k++) {
            assertEquals(String.valueOf(k + 1), rows.get(k).get(0), "plateau number");
            assertEquals(String.valueOf(k), rows.get(k).get(1), "rank at the saddle");
            assertEquals(String.valueOf(k + 1), rows.get(k).get(2), "rank after the escape");
        }
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    /** A new batch owns the panels: the last batch's claims, saddles and analyses go when it starts, and stay gone. */
    @Test
    void aBatchOwnsItsPanels() {
        openPreset("fig1");
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].json && window.__lab.checks"
                + " && window.__lab.checks.length > 0 && window.__lab.saddles && window.__lab.saddles.length > 0",
                Duration.ofSeconds(180));
        org.openqa.selenium.WebElement steps = driver.findElement(By.name("steps"));
        steps.clear();
        steps.sendKeys("300"); // the form is the user's spec now: Run runs it alone
        waitFor("document.getElementById('preset').value === ''", Duration.ofSeconds(30));
        waitFor("!document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 2", Duration.ofSeconds(30));
        assertEquals(0L, ((Number) js("return window.__lab.checks.length;")).longValue(), "fig1's claims went with its batch");
        assertTrue((Boolean) js("return document.getElementById('checks').hidden;"));
        waitFor("window.__lab.runs[1].json && window.__lab.idle", Duration.ofSeconds(120));
        assertEquals(0L, ((Number) js("return window.__lab.checks.length;")).longValue(), "and did not come back");
        assertTrue((Boolean) js("return document.getElementById('checks').hidden;"));
    }

    /**
     * The optimizer presets (issue 30) and the sensing preset (issue 31) as a new user meets them: chosen in the picker and run quick, every run's
     * digest is the command line's (the JVM's, computed meanwhile), the checks all pass and the summary is drawn
     * against the preset's own axis.
     */
    @ParameterizedTest
    @ValueSource(strings = {"weight-decay", "sgd-noise", "adam", "sensing-depth", "depth-vs-nuclear", "classification"})
    @SuppressWarnings("unchecked")
    void theOptimizerPresetsRunQuickWithTheCommandLinesDigests(String name) throws Exception {
        Presets.Preset preset = Presets.get(name);
        java.util.concurrent.ExecutorService jvm = java.util.concurrent.Executors.newSingleThreadExecutor();
        Map<String, java.util.concurrent.Future<String>> digests = new java.util.LinkedHashMap<>();
        int total = 0;
        for (Presets.Configuration c : preset.quick) {
            for (int s = 0; s < c.spec.seeds; s++) {
                final int index = s;
                digests.put(c.label + "#" + (c.spec.seed + s), jvm.submit(() -> new Run(c.spec, index).complete().digest()));
                total++;
            }
        }
        try {
            openPreset(name);
            driver.findElement(By.id("run")).click();
            waitFor("window.__lab.runs.length === arguments[0] && window.__lab.runs.every(r => r.json)"
                    + " && window.__lab.checks && window.__lab.checks.length > 0", Duration.ofSeconds(900), total);
            List<Map<String, Object>> runs = (List<Map<String, Object>>) js(
                    "return window.__lab.runs.map(r => ({label: r.label, seed: r.seed, digest: r.digest, status: r.status}));");
            for (Map<String, Object> r : runs) {
                String key = r.get("label") + "#" + ((Number) r.get("seed")).longValue();
                assertEquals(digests.get(key).get(), r.get("digest"), name + ", " + key + " (" + r.get("status") + ")");
            }
            List<Map<String, Object>> checks = (List<Map<String, Object>>) js("return window.__lab.checks;");
            for (Map<String, Object> c : checks) {
                assertEquals(Boolean.TRUE, c.get("passed"), name + ": " + c.get("claim") + " — " + c.get("measured"));
            }
            if (preset.summaryField != null) {
                Map<String, Object> summary = (Map<String, Object>) js("return window.__lab.summary;");
                assertEquals(preset.summaryField, summary.get("xField"));
            }
            // completion and sensing: the selected run's nuclear-norm baseline is a line on the loss chart
            if (preset.quick.stream().allMatch(c -> c.spec.task.isMatrix())) {
                waitFor("Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                        + ".some(d => d.label.includes('nuclear-norm baseline: rank'))", Duration.ofSeconds(60));
            }
            // classification: its accuracy and margin plots come into the page, with a line per run; the others
            // keep them out
            boolean classifies = preset.quick.stream().allMatch(c -> c.spec.task.isClassification());
            waitFor("['chart-accuracy', 'chart-margin'].every(id => { const c = Chart.getChart(document.getElementById(id));"
                    + " return !c.canvas.parentElement.hidden === arguments[0] && (!arguments[0]"
                    + " || c.data.datasets.filter(d => d.data.length > 1).length >= arguments[1]); })",
                    Duration.ofSeconds(60), classifies, classifies ? total : 0);
            assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
        } finally {
            jvm.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void fig3QuickShowsTheLowRankBiasOfSmallInitialization() {
        openPreset("fig3");
        driver.findElement(By.id("run")).click(); // with a preset chosen, Run runs all its configurations
        waitFor("window.__lab.runs.length === 18 && window.__lab.runs.every(r => r.json) && window.__lab.summary"
                + " && window.__lab.summary.groups.every(g => g.points.length === 3)", Duration.ofSeconds(600));
        Map<String, Object> summary = (Map<String, Object>) js("return window.__lab.summary;");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) summary.get("groups");
        assertEquals(2, groups.size(), "a series per width");
        // the summary's axes label their ticks as the page does (they read "100.00000000000 … 0.00000000000")
        List<String> labels = (List<String>) js("const y = Chart.getChart(document.getElementById('chart-summary'))"
                + ".options.scales.y; const ticks = [1e-11, 1e-10, 1e-9, 100].map(v => ({ value: v }));"
                + "return ticks.map((t, i) => String(y.ticks.callback(t.value, i, ticks)));");
        assertEquals(List.of("1e-11", "1e-10", "1e-9", "100"), labels);
        double zero = ((Number) summary.get("zero")).doubleValue();
        for (Map<String, Object> g : groups) {
            List<Map<String, Object>> points = (List<Map<String, Object>>) g.get("points");
            Map<String, Object> ntk = points.get(0);
            Map<String, Object> small = points.get(2);
            assertEquals(0.75, ((Number) ntk.get("x")).doubleValue(), "NTK γ = 1 − 1/L first");
            assertEquals(2.0, ((Number) small.get("x")).doubleValue());
            // each seed draws its own data: at w = 10 a draw may miss, so every width compares recovered draws
            double smallRecovered = ((Number) small.get("recovered")).doubleValue();
            double ntkRecovered = ((Number) ntk.get("recovered")).doubleValue();
            assertTrue(smallRecovered > ntkRecovered, "w = " + g.get("width") + ": γ = 2 recovers " + smallRecovered
                    + " of the draws, NTK " + ntkRecovered);
        }
        Map<String, Object> wide = ((List<Map<String, Object>>) groups.get(1).get("points")).get(2);
        Map<String, Object> wideNtk = ((List<Map<String, Object>>) groups.get(1).get("points")).get(0);
        assertEquals(100, ((Number) groups.get(1).get("width")).intValue());
        double smallError = ((Number) wide.get("mean")).doubleValue();
        assertTrue(smallError < 0.5 * zero && smallError < ((Number) wideNtk.get("mean")).doubleValue(),
                "at w = 100 γ = 2 beats the zero predictor " + zero + " and NTK: " + smallError);
        double smallRank = ((Number) wide.get("rank")).doubleValue();
        assertTrue(smallRank < 2 && smallRank < ((Number) wideNtk.get("rank")).doubleValue(),
                "γ = 2 learns a low rank: " + smallRank);
        // one colour per configuration, its seeds in shades of it: distinct within, the first the legend's
        List<Map<String, Object>> all = (List<Map<String, Object>>) js("return window.__lab.runs.map(r => ({label: r.label, color: r.color}));");
        Map<String, List<String>> byConfig = new java.util.LinkedHashMap<>();
        for (Map<String, Object> r : all) {
            byConfig.computeIfAbsent((String) r.get("label"), k -> new java.util.ArrayList<>()).add((String) r.get("color"));
        }
        assertEquals(6, byConfig.size());
        java.util.Set<String> firsts = new java.util.HashSet<>();
        for (List<String> colors : byConfig.values()) {
            assertEquals(3, new java.util.HashSet<>(colors).size(), "three shades: " + colors);
            firsts.add(colors.get(0));
        }
        assertEquals(6, firsts.size(), "six configurations, six colours: " + byConfig);
        List<String> legend = (List<String>) js("return [...document.querySelectorAll('#legend .swatch')]"
                + ".map(s => s.style.background);");
        assertEquals(6, legend.size());
        // the paper's layout: one loss panel per configuration, the γ across and the widths down
        long panels = ((Number) js("const d = new DOMParser().parseFromString(window.__lab.exportPanelsSvg(), 'image/svg+xml');"
                + "return d.getElementsByTagName('parsererror').length ? -1 : d.querySelectorAll('svg > svg').length;")).longValue();
        assertEquals(6, panels, "six panels");
        // the summary chart says what its colours mean: a legend of its widths and the zero predictor, no band edges.
        // Chart.js builds a legend when it draws, and the board draws in a later frame than the summary arrives
        waitFor("window.__lab.drawn && Chart.getChart(document.getElementById('chart-summary')).legend.legendItems"
                + ".some(i => i.text === 'zero predictor')", Duration.ofSeconds(60));
        List<String> items = (List<String>) js("const c = Chart.getChart(document.getElementById('chart-summary'));"
                + "return c.legend.legendItems.map(i => i.text);");
        assertTrue(items.contains("w = 10") && items.contains("w = 100") && items.contains("zero predictor")
                && items.contains("w = 100 nuclear-norm baseline")
                && items.stream().noneMatch(t -> t.contains("std")), "summary legend: " + items);
        // the summary chart: a band, the mean, the nuclear-norm baseline and the rank per width, the zero predictor's line
        long sets = ((Number) js("return Chart.getChart(document.getElementById('chart-summary')).data.datasets.length;"))
                .longValue();
        assertEquals(2 * 5 + 1, sets);
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSweepWithSeedsShowsBandsAndASummary() throws InterruptedException {
        driver.get("about:blank");
        driver.get(link("", SMALL));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        new Select(driver.findElement(By.id("sweep-field"))).selectByValue("init.gamma");
        driver.findElement(By.id("sweep-values")).clear();
        driver.findElement(By.id("sweep-values")).sendKeys("1, 2");
        driver.findElement(By.id("run-sweep")).click();
        waitFor("window.__lab.runs.length === 6 && window.__lab.runs.every(r => r.json) && window.__lab.summary"
                + " && window.__lab.summary.groups[0].points.length === 2", Duration.ofSeconds(120));
        Map<String, Object> summary = (Map<String, Object>) js("return window.__lab.summary;");
        assertEquals("γ", summary.get("x"));
        // bands: per configuration, min, max and mean datasets; the seeds' own lines hidden
        // (redraws are paced, and charts decimated and drawn one by one over frames: the wait is for every chart
        // drawn, since the rank chart's bands are read below)
        waitFor("window.__lab.drawn && Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.bandOf).length === 2 * 6"
                + " && Chart.getChart(document.getElementById('chart-loss')).data.datasets.filter(d => d.bandOf)"
                + ".every(d => d.data.length === window.__lab.runs[0].scheduled)", Duration.ofSeconds(60));
        List<Map<String, Object>> means = (List<Map<String, Object>>) js("return Chart.getChart(document.getElementById("
                + "'chart-loss')).data.datasets.filter(d => d.bandOf && d.label.startsWith('train loss mean'))"
                + ".map(d => ({n: d.data.length, label: d.label}));");
        assertEquals(2, means.size());
        assertEquals(js("return window.__lab.runs[0].scheduled;"), means.get(0).get("n"), "one mean point per scheduled record");
        assertTrue((Boolean) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.runId !== undefined && !d.bandOf).every(d => d.hidden && d.data.length === 0);"),
                "the seeds' lines are hidden and give Chart.js no points to update");
        // the mean is the mean: check one point against the seeds' series
        double mean = ((Number) js("const c = Chart.getChart(document.getElementById('chart-rank'));"
                + "return c.data.datasets.find(d => d.bandOf && d.label.startsWith('rank mean')).data[30].y;")).doubleValue();
        double expected = ((Number) js("return window.__lab.runs.slice(0, 3).reduce((a, r) => {"
                + " const json = JSON.parse(r.json); const i = json.series.adaptive.reduce((b, x, k) => (x === 0 ? b.concat(k) : b), [])[30];"
                + " return a + json.series.rank[i]; }, 0) / 3;")).doubleValue();
        assertEquals(expected, mean, 1e-12);
        // bands off: the seeds' lines again, and the setting in the link. The board decimates and draws chart by
        // chart, over frames: the wait is for every chart drawn, not only for the loss chart's bands gone (another
        // chart's decimation removes every chart's bands at once)
        driver.findElement(By.id("bands")).click();
        waitFor("window.__lab.drawn && Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.bandOf).length === 0 && location.hash.includes('bands=0')", Duration.ofSeconds(60));
        assertTrue((Boolean) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".every(d => !d.hidden);"));
        assertTrue((Boolean) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.label.endsWith('train loss')).every(d => d.data.length > 0"
                + " && d.data[d.data.length - 1].x === d.full.x[d.full.x.length - 1]);"),
                "shown again, each seed's line is decimated again");
        // a bad sweep value is named, nothing runs
        driver.findElement(By.id("sweep-values")).clear();
        driver.findElement(By.id("sweep-values")).sendKeys("1, 99");
        driver.findElement(By.id("run-sweep")).click();
        waitFor("!document.getElementById('sweep-error').hidden", Duration.ofSeconds(60));
        Thread.sleep(500); // a spec validation in flight must not hide it
        assertTrue(driver.findElement(By.id("sweep-error")).getText().contains("init.gamma"),
                driver.findElement(By.id("sweep-error")).getText());
        assertEquals(6L, ((Number) js("return window.__lab.runs.length;")).longValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theToolkitExperimentsRunFromThePicker() {
        openPreset("escape");
        assertEquals("0.01, 0.003, 0.001, 0.0003, 0.0001", driver.findElement(By.id("alphas")).getAttribute("value"));
        driver.findElement(By.id("run")).click(); // an analysis preset: Run runs the analysis
        waitFor("window.__lab.analyses && window.__lab.analyses.escape", Duration.ofSeconds(120));
        Map<String, Object> escape = (Map<String, Object>) js("return window.__lab.analyses.escape;");
        assertEquals(null, escape.get("error"), "the escape analysis ran on the preset's spec");
        assertEquals(-2.0, ((Number) escape.get("fittedExponent")).doubleValue(), 0.1, "t_α ∝ α^−(L−2), L = 4");
        openPreset("geometry");
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.analyses && window.__lab.analyses.geometry", Duration.ofSeconds(120));
        assertEquals(null, js("return window.__lab.analyses.geometry.error || null;"), "the geometry analysis ran");
        List<Map<String, Object>> series = (List<Map<String, Object>>) js("return window.__lab.analyses.geometry.series;");
        assertEquals(3, series.size(), "γ = 0.8, 1, 2");
        assertEquals(-0.5, ((Number) series.get(2).get("fittedSaddleExponent")).doubleValue(), 0.1);
    }

    /** Long series: the charts draw a decimated copy (min and max per x bucket), exports keep every record. */
    @Test
    @SuppressWarnings("unchecked")
    void manyRecordsAreDecimatedOnScreenAndKeptInFull() throws InterruptedException {
        String spec = SMALL.replace("\"seeds\":3", "\"seeds\":2").replace("\"records\":40",
                "\"records\":2000,\"recordSpacing\":\"linear\"").replace("\"steps\":3000", "\"steps\":4000");
        driver.get("about:blank");
        driver.get(link("", spec) + "&bands=0&xlog=0");
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        // the link's view reaches the plots, not only the checkboxes: x linear, and no bands over the two seeds
        assertEquals(List.of(false, false), js("return [document.getElementById('xlog').checked,"
                + " document.getElementById('bands').checked];"));
        assertEquals("linear", js("return Chart.getChart(document.getElementById('chart-loss')).options.scales.x.type;"));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 2 && window.__lab.runs.every(r => r.json)", Duration.ofSeconds(120));
        assertEquals(4000L, ((Number) js("return window.__lab.runs.reduce((a, r) => a + r.scheduled, 0);")).longValue());
        // on screen: at most two points per bucket, first and last records kept, the loss's minimum kept
        waitFor("Chart.getChart(document.getElementById('chart-loss')).data.datasets.filter(d => d.runId !== undefined"
                + " && d.full && d.full.x.length >= 2000 && d.data.length > 0"
                + " && d.data[d.data.length - 1].x === d.full.x[d.full.x.length - 1]).length >= 2", Duration.ofSeconds(60));
        // and the paced redraw has caught up: what is on screen is decimated from every record (the last
        // record can be on screen while the pass that decimates the final minimum is still pending)
        waitFor("window.__lab.drawn", Duration.ofSeconds(60));
        List<Map<String, Object>> sets = (List<Map<String, Object>>) js("return Chart.getChart(document.getElementById("
                + "'chart-loss')).data.datasets.filter(d => d.full && d.full.x.length >= 2000 && d.label.endsWith('train loss'))"
                + ".map(d => ({n: d.data.length, min: Math.min(...d.data.map(p => p.y)), fullMin: Math.min(...d.full.y),"
                + " last: d.data[d.data.length - 1].x, fullLast: d.full.x[d.full.x.length - 1]}));");
        assertEquals(2, sets.size());
        assertEquals(0L, ((Number) js("return Chart.getChart(document.getElementById('chart-loss')).data.datasets"
                + ".filter(d => d.bandOf || d.hidden).length;")).longValue(), "bands=0: each seed's own lines");
        for (Map<String, Object> d : sets) {
            assertTrue(((Number) d.get("n")).intValue() <= 2 * 220 + 1, "decimated: " + d);
            assertEquals(d.get("fullMin"), d.get("min"), "the minimum survives");
            assertEquals(d.get("fullLast"), d.get("last"), "the last record survives");
        }
        // the singular values: two series per run (s1, and s2…s8 joined with a gap between each), beside the
        // selected run's escape overlay
        List<Map<String, Object>> sv = (List<Map<String, Object>>) js("return Chart.getChart(document.getElementById("
                + "'chart-sv')).data.datasets.filter(d => d.parts).map(d => ({label: d.label, parts: d.parts.length,"
                + " full: d.parts.map(p => p.x.length), gaps: d.data.filter(p => Number.isNaN(p.y)).length,"
                + " named: [...new Set(d.partOf.filter(i => i >= 0))].length}));");
        assertEquals(4, sv.size(), "two series per run: " + sv);
        for (Map<String, Object> d : sv) {
            int parts = ((Number) d.get("parts")).intValue();
            assertEquals(d.get("label").toString().endsWith("s1") ? 1 : 7, parts, "8×8 target: s1 and s2…s8: " + d);
            assertEquals(parts - 1, ((Number) d.get("gaps")).intValue(), "one gap between parts: " + d);
            assertEquals(parts, ((Number) d.get("named")).intValue(), "every part drawn: " + d);
            for (Object n : (List<?>) d.get("full")) {
                assertTrue(((Number) n).longValue() >= 2000L, "every record kept: " + d);
            }
        }
        // the path view: points kept along the path, every record within one step of a drawn point
        waitFor("Chart.getChart(document.getElementById('chart-path')).data.datasets.filter(d => d.full"
                + " && d.full.x.length >= 2000 && d.data.length > 0).length === 2", Duration.ofSeconds(60));
        List<Map<String, Object>> paths = (List<Map<String, Object>>) js("return Chart.getChart(document.getElementById("
                + "'chart-path')).data.datasets.filter(d => d.full).map(d => {"
                + " const f = d.full, xs = f.x.filter(Number.isFinite), ys = f.y.filter(Number.isFinite);"
                + " const sx = (Math.max(...xs) - Math.min(...xs)) || 1, sy = (Math.max(...ys) - Math.min(...ys)) || 1;"
                + " let far = 0;"
                + " for (let i = 0; i < f.x.length; i++) {"
                + "   let near = Infinity;"
                + "   for (const p of d.data) near = Math.min(near, Math.hypot((p.x - f.x[i]) / sx, (p.y - f.y[i]) / sy));"
                + "   far = Math.max(far, near);"
                + " }"
                + " return {n: d.data.length, step: d.pathStep, far: far,"
                + "   ends: d.data[0].x === f.x[0] && d.data[0].y === f.y[0]"
                + "     && d.data[d.data.length - 1].x === f.x[f.x.length - 1] && d.data[d.data.length - 1].y === f.y[f.y.length - 1]};"
                + "});");
        assertEquals(2, paths.size(), "one path per run: " + paths);
        for (Map<String, Object> d : paths) {
            assertTrue(((Number) d.get("n")).intValue() <= 220 + 2, "decimated: " + d);
            double step = ((Number) d.get("step")).doubleValue();
            assertTrue(step > 0, "decimated along the path: " + d);
            assertTrue(((Number) d.get("far")).doubleValue() <= step * (1 + 1e-9), "every record near a drawn point: " + d);
            assertEquals(Boolean.TRUE, d.get("ends"), "first and last records drawn: " + d);
        }
        // Reset while records are in flight leaves no error behind
        driver.findElement(By.id("run")).click();
        driver.findElement(By.id("reset")).click();
        driver.findElement(By.id("run")).click();
        driver.findElement(By.id("reset")).click();
        Thread.sleep(1000); // let records still in flight arrive
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }

    @Test
    void cancelStopsTheBatchButKeepsTheFinishedRuns() {
        driver.get("about:blank");
        // ?workers=1: runs go one after the other, so some finish while others still wait
        driver.get(link("?workers=1", SMALL.replace("\"seeds\":3", "\"seeds\":8").replace("\"steps\":3000",
                "\"steps\":20000")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertEquals(1L, ((Number) js("return window.__lab.poolSize;")).longValue());
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.filter(r => r.json).length >= 1", Duration.ofSeconds(120));
        assertTrue(driver.findElement(By.id("progress")).isDisplayed());
        driver.findElement(By.id("cancel")).click();
        waitFor("window.__lab.runs.every(r => r.status !== 'running' && r.status !== 'queued')", Duration.ofSeconds(60));
        long done = ((Number) js("return window.__lab.runs.filter(r => r.json).length;")).longValue();
        assertTrue(done >= 1 && done < 8, "done: " + done);
        assertEquals(8L, ((Number) js("return window.__lab.runs.length;")).longValue(), "the runs stay listed");
        assertTrue(!driver.findElement(By.id("cancel")).isDisplayed());
        // the finished runs can be exported (once the engine has written their document)
        waitFor("!document.getElementById('export').disabled", Duration.ofSeconds(30));
        // the finished runs' curves stay (redraws are paced)
        waitFor("Chart.getChart(document.getElementById('chart-loss')).data.datasets.filter(d => d.data.length > 0).length > 0",
                Duration.ofSeconds(60));
    }

    @Test
    void theDefaultPoolHasAWorkerPerCoreAndRunsSeedsSideBySide() {
        driver.get("about:blank");
        driver.get(link("?workers=2", SMALL.replace("\"steps\":3000", "\"steps\":30000")));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertEquals(2L, ((Number) js("return window.__lab.poolSize;")).longValue());
        // Step starts the batch paused: each worker holds its run after one step, so two runs running side
        // by side is a state that lasts, not a moment to catch (three short runs may all end in between)
        driver.findElement(By.id("step")).click();
        waitFor("window.__lab.runs.length === 3 && window.__lab.runs.filter(r => r.status === 'running').length === 2"
                + " && window.__lab.runs.filter(r => r.status === 'queued').length === 1", Duration.ofSeconds(60));
        driver.findElement(By.id("reset")).click();
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready", Duration.ofSeconds(30));
        assertEquals(js("return Math.min(8, navigator.hardwareConcurrency || 2);"), js("return window.__lab.poolSize;"));
    }
}
