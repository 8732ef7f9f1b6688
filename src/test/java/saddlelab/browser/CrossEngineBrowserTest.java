package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saddlelab.engine.Rng;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

/**
 * Shapes nobody picked: random specs (every task, data given by value among them, depths 1–5, rectangular and explicit hidden widths,
 * every kind of init, gradient descent and flow, learning rates that sometimes diverge, any seed
 * index) must come through a link and the page's form unchanged, and run in the page's engine worker on
 * each of its paths (the SIMD step kernel, its scalar twin, the wasm-gc and the JS builds alone) to the
 * JVM's status, message, digest and every recorded number, to the bit.
 */
class CrossEngineBrowserTest extends BrowserTestBase {
    static final int SPECS = 36;

    /** A random valid spec (JSON text) and the seed index to run; small enough to run in a blink. */
    static String[] randomSpec(Rng rng) {
        while (true) {
            StringBuilder s = new StringBuilder("{\"task\":");
            int depth = 1 + below(rng, 5);
            double task = rng.nextDouble();
            boolean completion = task < 0.4;
            if (task >= 0.4 && task < 0.55) {
                // sensing (issue 31): its cost on the host of every engine, a rank or a diagonal, noise or none
                int rows = 1 + below(rng, 6);
                int cols = 1 + below(rng, 6);
                String target = rng.nextDouble() < 0.5 ? "\"rank\":" + (1 + below(rng, Math.min(rows, cols)))
                        : "\"teacherDiagonal\":[" + number(1 + 10 * rng.nextDouble()) + "]";
                s.append(String.format(Locale.ROOT, "{\"type\":\"sensing\",\"rows\":%d,\"cols\":%d,%s,\"measurements\":%d,"
                        + "\"noise\":%s}", rows, cols, target, 1 + below(rng, 40), rng.nextDouble() < 0.5 ? "0" : number(rng.nextDouble())));
            } else if (task >= 0.55 && task < 0.65) {
                // classification (issue 31): DetMath's exp and log in the cost, on every engine's host
                String[] losses = {"logistic", "exponential", "crossEntropy"};
                String loss = losses[below(rng, 3)];
                int inputs = 1 + below(rng, 6);
                int classes = loss.equals("crossEntropy") ? 2 + below(rng, 4) : 2;
                int outputs = loss.equals("crossEntropy") ? classes : 1;
                s.append(String.format(Locale.ROOT, "{\"type\":\"classification\",\"inputs\":%d,\"classes\":%d,"
                        + "\"loss\":\"%s\",\"teacherRank\":%d,\"train\":%d,\"test\":%d}", inputs, classes, loss,
                        1 + below(rng, Math.min(inputs, outputs)), 1 + below(rng, 40), below(rng, 20)));
            } else if (task >= 0.65 && task < 0.82) {
                // data given by value (issue 31): a matrix with blanks, or samples for regression or classification
                s.append(byValue(rng));
            } else if (completion) {
                int rows = 1 + below(rng, 9);
                int cols = 1 + below(rng, 9);
                s.append(String.format(Locale.ROOT, "{\"type\":\"completion\",\"rows\":%d,\"cols\":%d,\"rank\":%d,"
                        + "\"observed\":%s%s}", rows, cols, 1 + below(rng, Math.min(rows, cols)),
                        number(0.2 + 0.8 * rng.nextDouble()), rng.nextDouble() < 0.3 ? ",\"seed\":" + below(rng, 1000) : ""));
            } else {
                int inputs = 1 + below(rng, 7);
                int outputs = rng.nextDouble() < 0.5 ? inputs : 1 + below(rng, 7);
                String teacher;
                if (inputs == outputs && rng.nextDouble() < 0.4) {
                    teacher = "\"teacherRank\":" + (1 + below(rng, inputs));
                } else {
                    List<String> diagonal = new ArrayList<>();
                    for (int i = 0, n = 1 + below(rng, Math.min(inputs, outputs)); i < n; i++) {
                        diagonal.add(number(20 * rng.nextDouble() - 5));
                    }
                    teacher = "\"teacherDiagonal\":[" + String.join(",", diagonal) + "]";
                }
                s.append(String.format(Locale.ROOT, "{\"type\":\"teacher\",\"inputs\":%d,\"outputs\":%d,%s,\"train\":%d,"
                        + "\"test\":%d,\"noise\":%s}", inputs, outputs, teacher, 1 + below(rng, 60), below(rng, 30),
                        rng.nextDouble() < 0.5 ? "0" : number(rng.nextDouble())));
            }
            int width = 1 + below(rng, 24);
            s.append(",\"depth\":").append(depth).append(",\"width\":").append(width);
            if (depth > 1 && rng.nextDouble() < 0.3) {
                List<String> hidden = new ArrayList<>();
                for (int l = 1; l < depth; l++) {
                    hidden.add(String.valueOf(1 + below(rng, 24)));
                }
                s.append(",\"hiddenWidths\":[").append(String.join(",", hidden)).append("]");
            }
            String[] inits = {"{\"gamma\":" + number(3 * rng.nextDouble()) + "}", "{\"sigma\":" + number(rng.nextDouble()) + "}",
                "{\"alpha\":" + number(0.001 + rng.nextDouble()) + "}", "{\"scheme\":\"ntk\"}", "{\"scheme\":\"mean-field\"}"};
            s.append(",\"init\":").append(inits[below(rng, inits.length)]);
            // log-uniform from 1e-4 to 3: small ones train, large ones diverge (and must diverge alike)
            double eta = 1e-4 * Math.pow(3e4, rng.nextDouble());
            s.append(",\"learningRate\":").append(number(eta));
            boolean flow = rng.nextDouble() < 0.2;
            if (flow) {
                s.append(",\"optimizer\":{\"type\":\"flow\",\"tolerance\":").append(number(1e-6 * Math.pow(1e4, rng.nextDouble())))
                        .append("}");
            } else if (rng.nextDouble() < 0.4) {
                // the other optimizers (issue 30): minibatches, momentum, Nesterov, Adam and AdamW, weight decay
                String decay = rng.nextDouble() < 0.5 ? "" : ",\"weightDecay\":" + number(0.1 * rng.nextDouble());
                String batch = rng.nextDouble() < 0.5 ? "" : ",\"batch\":" + (1 + below(rng, 6));
                double kind = rng.nextDouble();
                if (kind < 0.4) {
                    double beta = rng.nextDouble() < 0.3 ? 0 : 0.95 * rng.nextDouble();
                    s.append(",\"optimizer\":{\"type\":\"sgd\"").append(batch).append(",\"momentum\":").append(number(beta))
                            .append(beta > 0 && rng.nextDouble() < 0.5 ? ",\"nesterov\":true" : "").append(decay).append('}');
                } else if (kind < 0.8) {
                    s.append(",\"optimizer\":{\"type\":\"adam\"").append(batch).append(decay)
                            .append(rng.nextDouble() < 0.5 ? ",\"decoupled\":false" : "").append('}');
                } else {
                    s.append(",\"optimizer\":{\"type\":\"gd\"").append(decay).append('}');
                }
            }
            int seeds = 1 + below(rng, 3);
            s.append(",\"steps\":").append(below(rng, flow ? 60 : 400))
                    .append(",\"seed\":").append((long) (rng.nextDouble() * 9007199254740991.0))
                    .append(",\"seeds\":").append(seeds)
                    .append(",\"records\":").append(2 + below(rng, 40))
                    .append(",\"recordSpacing\":\"").append(rng.nextDouble() < 0.5 ? "log" : "linear").append('"')
                    .append(",\"rankTolerance\":").append(number(Math.pow(10, -4 + 4 * rng.nextDouble()))).append('}');
            try {
                ExperimentSpec.parse(s.toString());
            } catch (SpecException e) {
                continue; // e.g. a teacher diagonal longer than the shape allows: draw again
            }
            return new String[] {s.toString(), String.valueOf(below(rng, seeds))};
        }
    }

    /** A task on data given by value: entries with blanks, or regression or classification samples. */
    static String byValue(Rng rng) {
        String holdout = ",\"holdout\":" + number(0.5 * rng.nextDouble());
        int kind = below(rng, 3);
        List<String> rows = new ArrayList<>();
        if (kind == 0) {
            int n = 1 + below(rng, 6);
            int m = 1 + below(rng, 6);
            for (int i = 0; i < n; i++) {
                List<String> row = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    // the cells (i, i mod m) and (j mod n, j) are observed: no empty row or column
                    boolean kept = j == i % m || i == j % n || rng.nextDouble() < 0.6;
                    row.add(kept ? number(4 * rng.nextDouble() - 2) : "null");
                }
                rows.add("[" + String.join(",", row) + "]");
            }
            return "{\"type\":\"completion\",\"entries\":[" + String.join(",", rows) + "]" + holdout + "}";
        }
        int n = 2 + below(rng, 30);
        int inputs = 1 + below(rng, 5);
        int outputs = 1 + below(rng, 3);
        String[] losses = {"logistic", "exponential", "crossEntropy"};
        String loss = losses[below(rng, 3)];
        int classes = 2 + below(rng, 3);
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < inputs; j++) {
                row.add(number(2 * rng.nextDouble() - 1));
            }
            if (kind == 1) {
                for (int k = 0; k < outputs; k++) {
                    row.add(number(4 * rng.nextDouble() - 2));
                }
            } else {
                row.add(loss.equals("crossEntropy") ? String.valueOf(i < 2 ? i : below(rng, classes))
                        : rng.nextDouble() < 0.5 ? "1" : "-1");
            }
            rows.add("[" + String.join(",", row) + "]");
        }
        return kind == 1 ? "{\"type\":\"regression\",\"outputs\":" + outputs + ",\"samples\":[" + String.join(",", rows) + "]"
                + holdout + "}"
                : "{\"type\":\"classification\",\"loss\":\"" + loss + "\",\"samples\":[" + String.join(",", rows) + "]"
                + holdout + "}";
    }

    static int below(Rng rng, int n) {
        return (int) (rng.nextDouble() * n);
    }

    /** A decimal with up to 6 significant digits (specs carry decimals, not raw doubles). */
    static String number(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /**
     * A link's spec goes through the page's form (link → form → spec → engine validation → link):
     * random specs must come out as their canonical text, so no field is lost or altered on the way
     * and a shared link reproduces the exact run.
     */
    @org.junit.jupiter.api.Test
    void randomSpecsSurviveTheLinkAndTheForm() {
        Rng rng = new Rng(7L);
        for (int k = 0; k < 16; k++) {
            String spec = randomSpec(rng)[0];
            String canonical = ExperimentSpec.parse(spec).toJson();
            driver.get("about:blank");
            driver.get(link("", spec));
            try {
                waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled"
                        + " && new URLSearchParams(location.hash.slice(1)).get('spec') === arguments[0]",
                        Duration.ofSeconds(30), canonical);
            } catch (AssertionError e) {
                throw new AssertionError("spec " + k + " did not survive the form: " + spec + "\nexpected " + canonical
                        + "\npage has " + js("return new URLSearchParams(location.hash.slice(1)).get('spec');"), e);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wasm-simd", "wasm", "wasm-gc", "js"})
    @SuppressWarnings("unchecked")
    void randomSpecsGiveTheJvmBitsInTheWorker(String engine) {
        Rng rng = new Rng(20261127L);
        List<String[]> specs = new ArrayList<>();
        List<Run> jvm = new ArrayList<>();
        for (int k = 0; k < SPECS; k++) {
            String[] spec = randomSpec(rng);
            specs.add(spec);
            jvm.add(new Run(ExperimentSpec.parse(spec[0]), Integer.parseInt(spec[1])).complete());
        }
        assertTrue(jvm.stream().anyMatch(r -> !r.status().name().equals("DONE")), "some random specs diverge");
        assertTrue(jvm.stream().anyMatch(r -> r.status().name().equals("DONE")), "some random specs train");
        driver.get("about:blank");
        driver.get(base + "engine-worker.js"); // a page of the lab's origin that starts no worker of its own
        // the worker protocol itself (engine-worker.js): init is a call, each run a stream, every message with its token
        js("window.__cross = {results: [], error: null};"
                + "const specs = arguments[0], engine = arguments[1];"
                + "const w = new Worker('engine-worker.js'); let k = 0;"
                + "const next = () => { if (k < specs.length) w.postMessage({type: 'run', token: 1000 + k, spec: specs[k][0],"
                + "  seedIndex: Number(specs[k][1])}); };"
                + "w.onmessage = (e) => { const m = e.data;"
                + "  if (m.type === 'reply' && m.token === 1) { window.__cross.engine = m.result.engine; next(); }"
                + "  else if (m.type === 'done' && m.token === 1000 + k) { window.__cross.results.push({status: m.status,"
                + "    message: m.message, digest: m.digest, step: m.step, stepper: m.stepper,"
                + "    run: new TextDecoder().decode(m.doc)}); k++; next(); }"
                + "  else if (m.type === 'failed') { window.__cross.error = m.message; } };"
                + "w.postMessage({type: 'init', token: 1, engine: engine});", specs, engine);
        waitFor("window.__cross.error || window.__cross.results.length === arguments[0]", Duration.ofSeconds(240), SPECS);
        assertEquals(null, js("return window.__cross.error;"));
        assertEquals(engine, js("return window.__cross.engine;"));
        List<Map<String, Object>> results = (List<Map<String, Object>>) js("return window.__cross.results;");
        for (int k = 0; k < SPECS; k++) {
            Run run = jvm.get(k);
            Map<String, Object> r = results.get(k);
            String where = engine + ", spec " + k + " (seed index " + specs.get(k)[1] + "): " + specs.get(k)[0];
            assertEquals(run.status().name().toLowerCase(Locale.ROOT), r.get("status"), "status, " + where);
            assertEquals(run.message() == null ? "" : run.message(), r.get("message") == null ? "" : r.get("message"),
                    "message, " + where);
            assertEquals(run.digest(), r.get("digest"), "digest, " + where);
            assertEquals(Results.runJson(run), r.get("run"), "every record, " + where);
            boolean kernel = engine.equals("wasm-simd") || engine.equals("wasm");
            // every optimizer on the kernel where the worker has one (KernelStepper, KernelOptimizer, KernelFlow)
            assertEquals(kernel ? engine : "java", r.get("stepper"),
                    "what took the steps, " + where);
        }
    }
}
