package saddlelab.experiment.figures;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.Json;

/**
 * Each preset shows what its text says: its quick variant, run on the JVM as {@code run --preset NAME
 * --quick} runs it, passes every check of {@link PresetChecks} (the claims of the paper's figure, measured
 * on the runs). Runs are spread over the cores and shared between presets with the same specs (Fig. 2
 * and Fig. 5).
 */
class PresetChecksTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(2,
            Runtime.getRuntime().availableProcessors()));
    private static final Map<String, Future<Map<String, Object>>> RUNS = new ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static List<Summary.Entry> quickRuns(Presets.Preset p) throws Exception {
        List<List<Future<Map<String, Object>>>> pending = new ArrayList<>();
        for (Presets.Configuration c : p.quick) {
            List<Future<Map<String, Object>>> seeds = new ArrayList<>();
            for (int s = 0; s < c.spec.seeds; s++) {
                final int index = s;
                seeds.add(RUNS.computeIfAbsent(c.spec.toJson() + "#" + s,
                        k -> POOL.submit(() -> Results.runToMap(new Run(c.spec, index).complete()))));
            }
            pending.add(seeds);
        }
        List<Summary.Entry> out = new ArrayList<>();
        for (int i = 0; i < p.quick.size(); i++) {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (Future<Map<String, Object>> f : pending.get(i)) {
                runs.add(f.get());
            }
            Presets.Configuration c = p.quick.get(i);
            out.add(new Summary.Entry(c.label, c.key, c.spec, runs));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fig1", "fig2", "fig5", "fig4", "fig6", "spurious", "degenerate", "recovery", "fig3", "sgd-noise",
        "adam", "weight-decay", "sensing-depth", "depth-vs-nuclear",
        "classification"})
    @SuppressWarnings("unchecked")
    void theQuickVariantShowsWhatThePresetSays(String name) throws Exception {
        Presets.Preset p = Presets.get(name);
        List<Summary.Entry> entries = quickRuns(p);
        Map<String, Object> doc = (Map<String, Object>) Json.parseDocument(Results.presetDocument(name, true, entries));
        List<Object> checks = (List<Object>) doc.get("checks");
        assertFalse(checks.isEmpty(), name + " has checks");
        StringBuilder failed = new StringBuilder();
        for (Object o : checks) {
            Map<String, Object> c = (Map<String, Object>) o;
            System.out.println(name + ": " + (Boolean.TRUE.equals(c.get("passed")) ? "passed" : "FAILED") + ": "
                    + c.get("claim") + " — " + c.get("measured"));
            if (!Boolean.TRUE.equals(c.get("passed"))) {
                failed.append("\n  ").append(c.get("claim")).append(" — ").append(c.get("measured"));
            }
        }
        assertTrue(failed.length() == 0, name + " fails:" + failed);
    }

    /** A run's document cut to its first {@code keep} records, as if it had stopped there. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cut(Map<String, Object> run, int keep) {
        Map<String, Object> copy = (Map<String, Object>) Json.parse(Json.write(run));
        Map<String, Object> series = (Map<String, Object>) copy.get("series");
        for (Map.Entry<String, Object> e : series.entrySet()) {
            if (e.getValue() instanceof List) {
                List<Object> l = (List<Object>) e.getValue();
                int k = Math.max(1, Math.min(keep, l.size()));
                e.setValue(new ArrayList<>(l.subList(0, k)));
            }
        }
        List<Object> time = (List<Object>) series.get("time");
        double end = ((Number) time.get(time.size() - 1)).doubleValue();
        List<Object> saddles = new ArrayList<>();
        for (Object o : (List<Object>) copy.get("saddles")) {
            Map<String, Object> sd = (Map<String, Object>) o;
            if (sd.get("escape") instanceof Number && ((Number) sd.get("escape")).doubleValue() < end) {
                saddles.add(sd);
            }
        }
        copy.put("saddles", saddles);
        copy.put("status", keep <= 1 ? "stopped" : "unconverged");
        // the readings of the records kept: the best test loss among them; no escape fit from one record
        List<Object> test = (List<Object>) series.get("testLoss");
        int best = -1;
        for (int i = 0; i < test.size(); i++) {
            if (test.get(i) instanceof Number && (best < 0 || ((Number) test.get(i)).doubleValue()
                    < ((Number) test.get(best)).doubleValue())) {
                best = i;
            }
        }
        Map<String, Object> bestTest = (Map<String, Object>) copy.get("bestTest");
        if (best >= 0 && bestTest != null) {
            bestTest.put("loss", test.get(best));
            bestTest.put("step", ((List<Object>) series.get("step")).get(best));
            bestTest.put("time", time.get(best));
            bestTest.put("trainLoss", ((List<Object>) series.get("trainLoss")).get(best));
            bestTest.put("escapedRank", ((List<Object>) series.get("escapedRank")).get(best));
        }
        Map<String, Object> escape = (Map<String, Object>) copy.get("escape");
        if (keep <= 1 && escape != null) {
            escape.put("fittedSpeed", null);
            escape.put("time", null);
            escape.put("reason", "the run ended before A left the origin");
        }
        return copy;
    }

    /** The preset with every quick configuration's task drawn with the next seed. */
    @SuppressWarnings("unchecked")
    static Presets.Preset otherDraw(Presets.Preset p) {
        List<Presets.Configuration> quick = new ArrayList<>();
        for (Presets.Configuration c : p.quick) {
            Map<String, Object> spec = (Map<String, Object>) Json.parse(c.spec.toJson());
            Map<String, Object> task = (Map<String, Object>) spec.get("task");
            task.put("seed", ((Number) task.getOrDefault("seed", 0)).longValue() + 1);
            quick.add(new Presets.Configuration(c.key, c.label, saddlelab.experiment.spec.ExperimentSpec.parse(Json.write(spec))));
        }
        return new Presets.Preset(p.name, p.title, p.explanation, p.quickNote, p.full, quick, p.analysisFull, p.analysisQuick);
    }

    /** The preset's checks on entries; the claims that failed. */
    @SuppressWarnings("unchecked")
    static List<String> failures(String name, List<Summary.Entry> entries) {
        Map<String, Object> doc = (Map<String, Object>) Json.parseDocument(Results.presetDocument(name, true, entries));
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("checks")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (!Boolean.TRUE.equals(c.get("passed"))) {
                out.add((String) c.get("claim"));
            }
        }
        return out;
    }

    /**
     * Checks that can fail: each preset's checks run against deliberately wrong documents — every run at
     * its first record (step 0), every run cut at a third of its records (a converged run truncated), with
     * several configurations the runs given to the wrong configurations (labels swapped) — must not pass;
     * and every check of the preset fails on at least one wrong document: these, one run (the best test
     * fit) in every place, or for claims about the data drawn the runs of another draw of the task.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fig1", "fig2", "fig5", "fig4", "fig6", "spurious", "degenerate", "recovery", "fig3", "sgd-noise",
        "adam", "weight-decay", "sensing-depth", "depth-vs-nuclear",
        "classification"})
    void everyCheckFailsOnAWrongDocument(String name) throws Exception {
        Presets.Preset p = Presets.get(name);
        List<Summary.Entry> entries = quickRuns(p);
        Map<String, List<Summary.Entry>> wrong = new java.util.LinkedHashMap<>();
        for (int keepOf : new int[] {0, 3}) {
            List<Summary.Entry> w = new ArrayList<>();
            for (Summary.Entry e : entries) {
                List<Map<String, Object>> runs = new ArrayList<>();
                for (Map<String, Object> r : e.runs) {
                    int n = ((List<?>) ((Map<?, ?>) Json.parse(Json.write(r.get("series")))).get("time")).size();
                    runs.add(cut(r, keepOf == 0 ? 1 : n / keepOf));
                }
                w.add(new Summary.Entry(e.label, e.key, e.spec, runs));
            }
            wrong.put(keepOf == 0 ? "at step 0" : "cut at a third", w);
        }
        if (entries.size() > 1) {
            List<Summary.Entry> w = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Summary.Entry e = entries.get(i);
                w.add(new Summary.Entry(e.label, e.key, e.spec, entries.get(entries.size() - 1 - i).runs));
            }
            wrong.put("labels swapped", w);
        }
        // to cover the checks: one run (the best test fit) in every place
        Map<String, List<Summary.Entry>> cover = new java.util.LinkedHashMap<>();
        Map<String, Object> bestRun = null;
        double bestFit = Double.POSITIVE_INFINITY;
        for (Summary.Entry e : entries) {
            for (Map<String, Object> r : e.runs) {
                saddlelab.experiment.run.RunView v = new saddlelab.experiment.run.RunView(r);
                double q = v.last("testLoss") / v.number("zeroTestLoss");
                if (q < bestFit) {
                    bestFit = q;
                    bestRun = r;
                }
            }
        }
        if (bestRun != null) {
            List<Summary.Entry> same = new ArrayList<>();
            for (Summary.Entry e : entries) {
                List<Map<String, Object>> runs = new ArrayList<>();
                for (int i = 0; i < e.runs.size(); i++) {
                    runs.add(bestRun);
                }
                same.add(new Summary.Entry(e.label, e.key, e.spec, runs));
            }
            cover.put("one run everywhere", same);
        }
        java.util.Set<String> neverFailed = new java.util.LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        List<Object> checks = (List<Object>) ((Map<String, Object>) Json.parseDocument(
                Results.presetDocument(name, true, entries))).get("checks");
        for (Object o : checks) {
            neverFailed.add((String) ((Map<?, ?>) o).get("claim"));
        }
        StringBuilder passedWrong = new StringBuilder();
        for (Map.Entry<String, List<Summary.Entry>> w : wrong.entrySet()) {
            List<String> failed = failures(name, w.getValue());
            System.out.println(name + " " + w.getKey() + ": " + failed.size() + " of " + checks.size() + " checks fail");
            if (failed.isEmpty()) {
                passedWrong.append(" ").append(w.getKey());
            }
            neverFailed.removeAll(failed);
        }
        for (Map.Entry<String, List<Summary.Entry>> w : cover.entrySet()) {
            neverFailed.removeAll(failures(name, w.getValue()));
        }
        if (!neverFailed.isEmpty()) {
            // claims about the data drawn: the runs of another draw of the task (its seed + 1), really run
            List<String> failed = failures(name, quickRuns(otherDraw(p)));
            System.out.println(name + " another draw of the data: " + failed.size() + " of " + checks.size() + " checks fail");
            neverFailed.removeAll(failed);
        }
        neverFailed.forEach(c -> System.out.println(name + ": never failed: " + c));
        assertTrue(passedWrong.length() == 0, name + " passes a wrong document:" + passedWrong);
        assertTrue(neverFailed.isEmpty(), name + ": checks that no wrong document fails: " + neverFailed);
    }

    /**
     * Fig. 2's and Fig. 5's saddle tables (the same runs): every saddle of a teacher run is within 3 % of the
     * best fit of its rank or its document says why, and no saddle beyond the origin's sits at ≈ C(0) (the
     * mean-field w = 10 run once listed a "rank-3 saddle" there).
     */
    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void fig2sSaddleTablesAgreeWithTheBestFitsOrSayWhy() throws Exception {
        int rows = 0;
        int within = 0;
        for (Summary.Entry e : quickRuns(Presets.get("fig2"))) {
            for (Map<String, Object> run : e.runs) {
                saddlelab.experiment.run.RunView view = new saddlelab.experiment.run.RunView(run);
                double c0 = view.series("trainLoss")[0];
                for (Map<String, Object> sd : view.saddles()) {
                    int rank = ((Number) sd.get("rank")).intValue();
                    double loss = ((Number) sd.get("loss")).doubleValue();
                    String where = e.key + " seed " + run.get("seed") + " rank " + rank + " at " + loss;
                    assertTrue(rank == 0 || loss < 0.9 * c0, where + ": a saddle beyond the origin at ≈ C(0) = " + c0);
                    double gap = ((Number) sd.get("bestFitGap")).doubleValue();
                    rows++;
                    if (Math.abs(gap) <= 0.03) {
                        within++;
                        assertTrue(sd.get("bestFitNote") == null, where);
                    } else {
                        assertTrue(sd.get("bestFitNote") instanceof String, where + ": " + gap + " from its fit, and no why");
                        System.out.println("fig2 " + where + ": " + Math.round(1000 * gap) / 10.0 + " %, " + sd.get("bestFitNote"));
                    }
                }
            }
        }
        System.out.println("fig2: " + within + " of " + rows + " saddles within 3 % of their best fit");
        assertTrue(within >= 0.8 * rows, within + " of " + rows + " within 3 %");
    }
}
