package saddlelab.browser;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.server.LabServer;

/**
 * The whole speed comparison in one run (not a test): the JVM engine (one thread, and seeds on every
 * core), the browser engine in a worker in headless Chromium (the SIMD step kernel, its scalar twin, and
 * the wasm-gc and JS builds alone, {@code bench.html}),
 * NumPy and PyTorch references ({@code bench/reference.py}, skipped when absent), then the ratios,
 * the worker pool's scaling and the page's drawing cost. Prints
 * {@code bench case=… engine=… steps_per_s=…} lines and writes them to {@code target/bench-results.txt}.
 * Run: {@code ./mvnw -q test-compile exec:java@bench-all} (see docs/performance.md).
 */
public final class BenchAll {
    private BenchAll() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("browser")) { // the browser engines alone
            double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
            withLab((driver, base) -> browserEngines(System.out, driver, base, seconds));
            return;
        }
        if (args.length > 0 && args[0].equals("side")) { // the target's ratio alone: jvm and wasm-simd interleaved
            double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
            withLab((driver, base) -> {
                Map<String, Double> r = sideBySide(System.out, driver, base, seconds);
                for (String[] c : saddlelab.cli.Bench.CASES) {
                    ratio(System.out, r, c[0], "wasm-simd-side", "jvm-side");
                }
                optimizerOverheads(System.out, r);
            });
            return;
        }
        if (args.length > 0 && args[0].equals("ui")) { // the drawing cost alone
            String query = args.length > 1 ? args[1] : "";
            withLab((driver, base) -> uiCost(System.out, driver, base, query));
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(System.out, log), true, StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "# machine: %d cores, %s, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        Map<String, Double> r = new LinkedHashMap<>(saddlelab.cli.Bench.jvm(out, seconds));
        r.putAll(python(out, "numpy", seconds));
        r.putAll(python(out, "torch", seconds));
        withLab((driver, base) -> {
            r.putAll(browserEngines(out, driver, base, seconds));
            r.putAll(sideBySide(out, driver, base, seconds));
            uiCost(out, driver, base, "");
        });
        out.println("# ratios (targets: jvm ≥ the plain-loop yardstick jvm-plain; the browser's best path, wasm-simd,"
                + " ≥ 1.2× jvm at w ≥ 100 and ≥ 1.0× jvm elsewhere, read from wasm-simd-side/jvm-side (interleaved);"
                + " wasm-simd ≥ 1.5× numpy at w = 1000; jvm-parallel ≥ numpy on every case; the optimizer cases"
                + " wasm-simd-side ≥ 1.0× jvm-side)");
        for (String[] c : saddlelab.cli.Bench.CASES) {
            String k = c[0];
            ratio(out, r, k, "jvm", "jvm-plain");
            ratio(out, r, k, "jvm", "jvm-limit");
            for (String engine : BROWSER_ENGINES) {
                ratio(out, r, k, engine, "jvm");
            }
            ratio(out, r, k, "wasm-simd-side", "jvm-side");
            ratio(out, r, k, "wasm-simd", "wasm-gc");
            ratio(out, r, k, "jvm", "numpy");
            ratio(out, r, k, "jvm-parallel", "numpy");
            ratio(out, r, k, "wasm-simd", "numpy");
            ratio(out, r, k, "jvm", "torch");
        }
        optimizerOverheads(out, r);
        out.println("# pool scaling (1 → 2 workers in the browser, 1 → 2 threads on the JVM)");
        PoolBench.main(new String[0]);
        Path file = Path.of("target", "bench-results.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, log.toByteArray());
        System.out.println("# written to " + file);
    }

    /** lscpu's model name (machines differ in CPU, so every report names its own), or the kernel's /proc line. */
    static String cpuModel() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : text.split("\n")) {
                if (line.startsWith("Model name:")) {
                    return line.substring("Model name:".length()).trim();
                }
            }
        } catch (java.io.IOException e) {
            // no lscpu: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "cpu model unknown";
    }

    /**
     * Each optimizer case's cost per step over plain descent's ({@code BenchCases.PLAIN_DESCENT_CASE}), on each
     * side of the interleaved measurement, against the memory it moves beyond plain descent's
     * ({@code BenchCases.extraBlocks} θ-sized blocks): the bandwidth that overhead implies. A memory-bound
     * update shows a few GB/s; a minibatch's overhead also holds drawing the batch and the two costs on A.
     */
    static void optimizerOverheads(PrintStream out, Map<String, Double> r) {
        out.println("# optimizer overhead per step over " + saddlelab.experiment.figures.BenchCases.PLAIN_DESCENT_CASE
                + " (side by side), and the θ-sized blocks it reads and writes beyond plain descent");
        for (String[] c : saddlelab.cli.Bench.CASES) {
            saddlelab.experiment.spec.ExperimentSpec spec = saddlelab.experiment.spec.ExperimentSpec.parse(c[1]);
            int blocks = saddlelab.experiment.figures.BenchCases.extraBlocks(spec);
            if (blocks == 0) {
                continue;
            }
            int[] w = spec.layerWidths();
            long parameters = 0;
            for (int l = 1; l < w.length; l++) {
                parameters += (long) w[l] * w[l - 1];
            }
            long bytes = 8L * blocks * parameters;
            for (String side : new String[] {"jvm-side", "wasm-simd-side"}) {
                Double with = r.get(c[0] + " " + side);
                Double without = r.get(saddlelab.experiment.figures.BenchCases.PLAIN_DESCENT_CASE + " " + side);
                if (with == null || without == null || with <= 0 || without <= 0) {
                    continue;
                }
                double us = 1e6 * (1 / with - 1 / without);
                out.printf(Locale.ROOT, "overhead case=%s engine=%s us_per_step=%.1f extra_blocks=%d extra_bytes=%d"
                        + " implied_GB_per_s=%s%n", c[0], side, us, blocks, bytes,
                        us > 0 ? String.format(Locale.ROOT, "%.1f", bytes / us / 1e3) : "n/a");
            }
        }
    }

    static void ratio(PrintStream out, Map<String, Double> r, String k, String a, String b) {
        Double x = r.get(k + " " + a);
        Double y = r.get(k + " " + b);
        if (x != null && y != null && y > 0) {
            out.printf(Locale.ROOT, "ratio case=%s %s/%s=%.2f%n", k, a, b, x / y);
        }
    }

    /** What runs against a lab server and a headless Chromium. */
    interface LabSession {
        void run(ChromeDriver driver, String base) throws Exception;
    }

    /** Starts a lab server (fresh data directory, free port) and Chromium, runs {@code session}, stops both. */
    static void withLab(LabSession session) throws Exception {
        LabServer.Config config = new LabServer.Config();
        config.dataDirectory = TempDirs.directory("saddle-lab-bench");
        Javalin app = LabServer.create(config).start("127.0.0.1", 0);
        ChromeDriver driver = Chromium.start();
        try {
            session.run(driver, "http://127.0.0.1:" + app.port() + "/");
        } finally {
            driver.quit();
            app.stop();
        }
    }

    /** The worker's paths: the SIMD step kernel, its scalar twin, the wasm-gc build alone, the JS build alone. */
    static final String[] BROWSER_ENGINES = {"wasm-simd", "wasm", "wasm-gc", "js"};

    /** Every case on each of the worker's paths. */
    static Map<String, Double> browserEngines(PrintStream out, ChromeDriver driver, String base, double seconds) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (String engine : BROWSER_ENGINES) {
            r.putAll(browser(out, driver, base, engine, null, seconds));
        }
        return r;
    }

    /** Rounds of the side-by-side comparison: enough for a best of each side that a slow minute does not decide. */
    static final int SIDE_ROUNDS = 3;

    /**
     * The target's ratio, measured side by side: for each case, {@link #SIDE_ROUNDS} rounds of one JVM
     * measurement ({@code Bench.stepsPerSecond}) then one of the browser's best path on the same case, and
     * the best of each side. The sections above run the JVM and the browser minutes apart, and this VM's
     * speed drifts by ±30 % over minutes, which moved their ratio by as much as the gap it measures.
     * Prints {@code engine=jvm-side} and {@code engine=wasm-simd-side} lines.
     */
    static Map<String, Double> sideBySide(PrintStream out, ChromeDriver driver, String base, double seconds) throws Exception {
        out.println("# side by side: per case, " + SIDE_ROUNDS + " rounds of jvm then wasm-simd, best of each");
        Map<String, Double> r = new LinkedHashMap<>();
        for (String[] c : saddlelab.cli.Bench.CASES) {
            saddlelab.experiment.spec.ExperimentSpec spec = saddlelab.experiment.spec.ExperimentSpec.parse(c[1]);
            double jvm = 0;
            double web = 0;
            for (int round = 0; round < SIDE_ROUNDS; round++) {
                jvm = Math.max(jvm, saddlelab.cli.Bench.stepsPerSecond(spec, seconds));
                Double rate = browser(new PrintStream(java.io.OutputStream.nullOutputStream()), driver, base, "wasm-simd",
                        c[0], seconds).get(c[0] + " wasm-simd");
                web = Math.max(web, rate == null ? 0 : rate);
            }
            for (String line : new String[] {
                String.format(Locale.ROOT, "bench case=%s engine=jvm-side steps_per_s=%.1f", c[0], jvm),
                String.format(Locale.ROOT, "bench case=%s engine=wasm-simd-side steps_per_s=%.1f", c[0], web)}) {
                out.println(line);
                parse(line, r);
            }
        }
        return r;
    }

    /** bench/reference.py with the machine's python3 (and Debian's for torch if that one has it). */
    static Map<String, Double> python(PrintStream out, String engine, double seconds) throws Exception {
        Map<String, Double> r = new LinkedHashMap<>();
        List<String> interpreters = engine.equals("torch") ? List.of("python3", "/usr/bin/python3") : List.of("python3");
        for (String python : interpreters) {
            ProcessBuilder pb = new ProcessBuilder(python, "bench/reference.py", engine, String.valueOf(seconds));
            // these slow OpenBLAS down several times on some machines: unset in this command only
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.redirectErrorStream(true);
            Process p;
            try {
                p = pb.start();
            } catch (java.io.IOException e) {
                out.println("bench skip engine=" + engine + " reason=" + python + "-not-found");
                continue;
            }
            try (java.io.OutputStream cases = p.getOutputStream()) { // the cases, from their one definition
                cases.write(saddlelab.experiment.figures.BenchCases.referenceJson().getBytes(StandardCharsets.UTF_8));
            }
            boolean skipped = false;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("bench skip")) {
                        skipped = true;
                        if (python.equals(interpreters.get(interpreters.size() - 1))) {
                            out.println(line);
                        }
                        continue;
                    }
                    out.println(line);
                    parse(line, r);
                }
            }
            p.waitFor();
            if (!skipped) {
                break;
            }
        }
        return r;
    }

    static void parse(String line, Map<String, Double> r) {
        String name = null;
        String engine = null;
        Double rate = null;
        for (String part : line.split(" ")) {
            if (part.startsWith("case=")) {
                name = part.substring(5);
            } else if (part.startsWith("engine=")) {
                engine = part.substring(7);
            } else if (part.startsWith("steps_per_s=")) {
                rate = Double.parseDouble(part.substring(12));
            }
        }
        if (name != null && engine != null && rate != null) {
            r.put(name + " " + engine, rate);
        }
    }

    @SuppressWarnings("unchecked")
    /** The bench page on one of the worker's paths: every case, or only {@code only} when it is not null. */
    static Map<String, Double> browser(PrintStream out, ChromeDriver driver, String base, String engine, String only,
            double seconds) {
        driver.get("about:blank");
        driver.get(base + "bench.html?engine=" + engine + "&seconds=" + seconds
                + (only == null ? "" : "&case=" + URLEncoder.encode(only, StandardCharsets.UTF_8)));
        new WebDriverWait(driver, Duration.ofSeconds(600)).until(d -> Boolean.TRUE.equals(
                ((JavascriptExecutor) d).executeScript("return window.__bench && (window.__bench.done || !!window.__bench.error);")));
        Map<String, Double> r = new LinkedHashMap<>();
        for (Map<String, Object> x : (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                "return window.__bench.results;")) {
            String line = String.format(Locale.ROOT, "bench case=%s engine=%s steps_per_s=%.1f", x.get("name"),
                    x.get("engine"), ((Number) x.get("rate")).doubleValue());
            out.println(line);
            parse(line, r);
        }
        return r;
    }

    /** 10 runs × 2 000 records on screen: the slowest chart update and the longest main-thread task. */
    static void uiCost(PrintStream out, ChromeDriver driver, String base, String query) {
        String spec = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
                + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":4000,\"seed\":1,"
                + "\"seeds\":10,\"records\":2000,\"recordSpacing\":\"linear\"}";
        driver.get("about:blank");
        driver.get(base + query + "#spec=" + URLEncoder.encode(spec, StandardCharsets.UTF_8).replace("+", "%20") + "&bands=0");
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "return window.__lab && window.__lab.ready && !document.getElementById('run').disabled;")));
        // LAB_PROFILE=file: the page's CPU profile while the runs train (DevTools' format), to see where its
        // thread's time goes between the long tasks (docs/performance.md)
        boolean profile = System.getenv("LAB_PROFILE") != null;
        if (profile) {
            driver.executeCdpCommand("Profiler.enable", Map.of());
            driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
            driver.executeCdpCommand("Profiler.start", Map.of());
        }
        driver.findElement(org.openqa.selenium.By.id("run")).click();
        new WebDriverWait(driver, Duration.ofSeconds(600)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "return window.__lab.runs.length === 10 && window.__lab.runs.every(r => r.status === 'done');")));
        if (profile) {
            Map<String, Object> result = driver.executeCdpCommand("Profiler.stop", Map.of());
            save(System.getenv("LAB_PROFILE"), new org.openqa.selenium.json.Json().toJson(result.get("profile")));
        }
        if (System.getenv("LAB_TRACE") != null) {
            out.println("# tasks over 50 ms in the trace, wall / the thread's own time (ms): "
                    + writeTrace(driver, System.getenv("LAB_TRACE")));
        }
        // long tasks while the runs trained (batch started → settled), and from then until the batch's document
        // and the selected run's greedy analysis are in and drawn (what the page does when a batch ends)
        new WebDriverWait(driver, Duration.ofSeconds(600)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "return window.__lab.batchSpan[1] !== null && window.__lab.idle && window.__lab.drawn;")));
        List<?> longest = (List<?>) js.executeScript("const [a, b] = window.__lab.batchSpan; const t = window.__lab.longTasks || [];"
                + " const max = (f) => t.filter(f).reduce((m, [, d]) => Math.max(m, d), 0);"
                + " return [max(([s]) => s >= a && s < b), max(([s]) => s >= b), b - a];");
        out.println("# long frames while training (start ms, ms, scripts): " + js.executeScript("const [a, b] = window.__lab.batchSpan;"
                + " return JSON.stringify((window.__lab.longFrames || []).filter(([s]) => s >= a && s < b).sort((x, y) => y[1] - x[1]).slice(0, 5));"));
        Object points = js.executeScript("return window.__lab.runs.reduce((a, r) => a + r.records, 0);");
        // ten updates of every chart: the slowest (the target), and the median of each chart's median (what a
        // redraw usually costs; single updates on this VM jump 3× when it deschedules the page)
        List<?> times = (List<?>) js.executeScript("let worst = 0; const medians = [];"
                + " for (const el of document.querySelectorAll('canvas')) {"
                + " const c = Chart.getChart(el); if (!c) continue; const ts = []; for (let i = 0; i < 10; i++) {"
                + " const t0 = performance.now(); c.update('none'); ts.push(performance.now() - t0); }"
                + " ts.sort((a, b) => a - b); worst = Math.max(worst, ts[9]); medians.push(ts[5]); }"
                + " medians.sort((a, b) => a - b); return [worst, medians[medians.length >> 1]];");
        Object worst = times.get(0);
        Object perChart = js.executeScript("return [...document.querySelectorAll('canvas')].filter(el => Chart.getChart(el))"
                + ".map(el => { const c = Chart.getChart(el);"
                + " const t0 = performance.now(); c.update('none'); return el.id + ' ' + (performance.now() - t0).toFixed(1) + ' ms '"
                + " + c.data.datasets.reduce((a, d) => a + d.data.length, 0) + ' points'; }).join('; ');");
        out.println("# per chart: " + perChart);
        out.println("# batch span (ms) " + js.executeScript("return JSON.stringify(window.__lab.batchSpan);")
                + " long tasks " + js.executeScript("return JSON.stringify(window.__lab.longTasks);") + " slow handlers "
                + js.executeScript("return JSON.stringify(window.__lab.slowLog);"));
        out.println("# slowest main-thread handlers (ms): " + js.executeScript("return JSON.stringify(window.__lab.slowestMs) + ' ' + window.__lab.slowestChart;"));
        out.printf(Locale.ROOT, "ui%s workers=%s points=%s training_ms=%.0f slowest_chart_update_ms=%.1f median_chart_update_ms=%.1f"
                + " longest_task_ms=%.0f longest_task_at_batch_end_ms=%.0f (targets: < 16 and ≤ 50 while training)%n",
                query.isEmpty() ? "" : " " + query, js.executeScript("return window.__lab.poolSize;"), points,
                ((Number) longest.get(2)).doubleValue(), ((Number) worst).doubleValue(), ((Number) times.get(1)).doubleValue(),
                ((Number) longest.get(0)).doubleValue(), ((Number) longest.get(1)).doubleValue());
        out.printf(Locale.ROOT, "# idle page: its thread busy %.1f ms a second (nothing to draw, 5 s)%n", idleBusyMs(driver));
        analysisCost(out, driver, base);
    }

    /**
     * The page's thread's task time a second while the page has nothing to do (DevTools' TaskDuration over 5 s):
     * a page that asks for an animation frame at every frame keeps the browser making 60 frames a second.
     */
    static double idleBusyMs(ChromeDriver driver) {
        driver.executeCdpCommand("Performance.enable", Map.of());
        double before = taskSeconds(driver);
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (taskSeconds(driver) - before) * 1000 / 5;
    }

    @SuppressWarnings("unchecked")
    static double taskSeconds(ChromeDriver driver) {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) driver.executeCdpCommand("Performance.getMetrics", Map.of())
                .get("metrics");
        return metrics.stream().filter(m -> "TaskDuration".equals(m.get("name")))
                .mapToDouble(m -> ((Number) m.get("value")).doubleValue()).findFirst().orElse(Double.NaN);
    }

    /**
     * The trace events chromedriver gathered (LAB_TRACE) into file, which Chrome's Performance panel and
     * Perfetto open; returns the page threads' tasks over 50 ms as wall / thread time. A task whose thread
     * time is a fraction of its wall time waited for a core. Chromedriver's buffer keeps the trace's first
     * seconds of training only (docs/performance.md).
     */
    @SuppressWarnings("unchecked")
    static String writeTrace(ChromeDriver driver, String file) {
        org.openqa.selenium.json.Json codec = new org.openqa.selenium.json.Json();
        List<Map<String, Object>> events = new ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get("performance")) {
            Object inner = ((Map<String, Object>) codec.toType(e.getMessage(), Map.class)).get("message");
            if (inner instanceof Map<?, ?> msg && "Tracing.dataCollected".equals(msg.get("method"))) {
                events.add((Map<String, Object>) msg.get("params"));
            }
        }
        save(file, codec.toJson(Map.of("traceEvents", events)));
        java.util.Set<String> pageThreads = new java.util.HashSet<>();
        for (Map<String, Object> e : events) {
            if ("thread_name".equals(e.get("name")) && e.get("args") instanceof Map<?, ?> a && "CrRendererMain".equals(a.get("name"))) {
                pageThreads.add(e.get("pid") + "/" + e.get("tid"));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> e : events) {
            if ("ThreadControllerImpl::RunTask".equals(e.get("name")) && pageThreads.contains(e.get("pid") + "/" + e.get("tid"))
                    && e.get("dur") instanceof Number dur && dur.doubleValue() > 50_000) {
                double own = e.get("tdur") instanceof Number t ? t.doubleValue() : Double.NaN;
                out.append(String.format(Locale.ROOT, "%.0f/%.0f ", dur.doubleValue() / 1000, own / 1000));
            }
        }
        return out.toString().trim();
    }

    /** A diagnostic file the environment asked for (LAB_PROFILE, LAB_TRACE). */
    static void save(String file, String text) {
        try {
            Files.writeString(Path.of(file), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The greedy analysis of Fig. 6's deep small-initialization configuration (its quick size's steps per
     * stage), as the page runs it after a batch: on the step kernel, and on TeaVM's build of the Java engine
     * (?engine=js, what it ran on before), side by side in one run.
     */
    static void analysisCost(PrintStream out, ChromeDriver driver, String base) {
        saddlelab.experiment.figures.Presets.Configuration deep = saddlelab.experiment.figures.Presets.get("fig6").quick.stream()
                .filter(c -> c.key.equals("deep-small")).findFirst().orElseThrow();
        String spec = deep.spec.toJson();
        double[] ms = new double[2];
        String[] engines = {"", "?engine=js"};
        for (int i = 0; i < 2; i++) {
            driver.get("about:blank");
            driver.get(base + engines[i]);
            JavascriptExecutor js = driver;
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(js.executeScript(
                    "return window.__lab && window.__lab.ready;")));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(600));
            Object t = driver.executeAsyncScript("const done = arguments[arguments.length - 1]; const t0 = performance.now();"
                    + "window.__lab.call('greedy', {spec: arguments[0], epsilon: 0.1, tolerance: 1e-6, stepsPerStage: arguments[1]})"
                    + ".then(r => done(performance.now() - t0), e => done(-1));", spec, deep.spec.steps);
            ms[i] = ((Number) t).doubleValue();
        }
        out.printf(Locale.ROOT, "analysis fig6-deep-greedy kernel_ms=%.0f teavm_ms=%.0f speedup=%.2f (steps per stage %d)%n",
                ms[0], ms[1], ms[1] / ms[0], deep.spec.steps);
    }

    /** Writes to two streams (the console and the results file). */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
