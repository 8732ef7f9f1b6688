package saddlelab.browser;

import io.javalin.Javalin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import saddlelab.server.LabServer;

/**
 * Benchmark (not a test): the page's worker pool on a 4-run batch (4 seeds of a fig2-sized spec)
 * with 1 and then 2 workers, in headless Chromium against the real server; prints both wall times
 * and the speedup (target ≥ 1.8× on 2 cores). Run with
 * {@code ./mvnw -q test-compile exec:java@pool-bench} (optional argument, {@code -Dexec.args=N}: steps per run,
 * default 20000).
 */
public final class PoolBench {
    private PoolBench() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],"
                + "\"train\":100},\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":1e-4,\"steps\":" + steps
                + ",\"seed\":1,\"seeds\":4,\"records\":100}";
        LabServer.Config config = new LabServer.Config();
        config.dataDirectory = TempDirs.directory("saddle-lab-pool"); // not the lab's own ./data
        Javalin app = LabServer.create(config).start("127.0.0.1", 0);
        ChromeDriver driver = Chromium.start();
        try {
            String base = "http://127.0.0.1:" + app.port() + "/";
            double[] ms = new double[3];
            for (int workers = 1; workers <= 2; workers++) {
                driver.get("about:blank");
                driver.get(base + "?workers=" + workers + "#spec="
                        + URLEncoder.encode(spec, StandardCharsets.UTF_8).replace("+", "%20"));
                wait(driver, "window.__lab && window.__lab.ready && !document.getElementById('run').disabled", 60);
                driver.findElement(By.id("run")).click();
                wait(driver, "window.__lab.batchMs > 0", 1800);
                ms[workers] = ((Number) ((JavascriptExecutor) driver).executeScript("return window.__lab.batchMs;"))
                        .doubleValue();
                Object engine = ((JavascriptExecutor) driver).executeScript("return window.__lab.engine;");
                System.out.printf(Locale.ROOT, "pool of %d worker(s), engine %s: 4 runs × %d steps in %.1f s "
                        + "(%.0f steps/s aggregate)%n", workers, engine, steps, ms[workers] / 1000,
                        4.0 * steps / (ms[workers] / 1000));
            }
            double pool = ms[1] / ms[2];
            System.out.printf(Locale.ROOT, "speedup 1 → 2 workers: %.2f× (target ≥ 1.8× on 2 cores; this machine has %d)%n",
                    pool, Runtime.getRuntime().availableProcessors());
            // the same 4 runs on 1 and 2 JVM threads: what the cores themselves allow, without a browser
            double[] jvm = new double[3];
            saddlelab.experiment.spec.ExperimentSpec s = saddlelab.experiment.spec.ExperimentSpec.parse(spec);
            for (int threads = 1; threads <= 2; threads++) {
                java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    final int seed = i;
                    fs.add(ex.submit(() -> new saddlelab.experiment.run.Run(s, seed).complete()));
                }
                for (java.util.concurrent.Future<?> f : fs) {
                    f.get();
                }
                jvm[threads] = (System.nanoTime() - t0) / 1e6;
                ex.shutdown();
            }
            System.out.printf(Locale.ROOT, "the same runs on JVM threads: 1 → 2 threads %.2f× (%.1f s → %.1f s); "
                    + "pool efficiency (browser speedup / JVM speedup): %.0f %%%n", jvm[1] / jvm[2], jvm[1] / 1000,
                    jvm[2] / 1000, 100 * pool / (jvm[1] / jvm[2]));
        } finally {
            driver.quit();
            app.stop();
        }
    }

    private static void wait(ChromeDriver driver, String condition, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).until(
                d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(" + condition + ");")));
    }
}
