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
    @ValueSource(strings = {"fig1", "fig2", "fig5", "fig4", "fig6", "spurious", "degenerate", "recovery", "fig3"})
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
}
