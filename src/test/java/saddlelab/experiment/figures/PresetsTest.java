package saddlelab.experiment.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;

class PresetsTest {
    @Test
    void thePapersFiguresAreAllThere() {
        for (String name : new String[] {"fig1", "fig2", "fig3", "fig4", "fig5", "fig6"}) {
            Presets.Preset p = Presets.get(name);
            assertNotNull(p, name);
            assertFalse(p.full.isEmpty());
            assertFalse(p.quick.isEmpty());
            assertTrue(p.explanation.length() > 50, name + " explains what to watch for");
        }
        assertEquals(9, Presets.get("fig2").full.size(), "three regimes × three widths");
        assertEquals(10, Presets.get("fig2").full.get(0).spec.seeds);
        assertEquals(50000, Presets.get("fig2").full.get(0).spec.steps);
        assertEquals(1e-4, Presets.get("fig6").full.get(0).spec.rankTolerance);
        // the deep runs at η = 5e-4 (the paper's 1e-3 oscillates on this data draw): twice the paper's 1.5 M steps
        assertEquals(3000000, Presets.get("fig6").full.get(2).spec.steps);
        assertEquals(5e-4, Presets.get("fig6").full.get(2).spec.learningRate);
    }

    /** Every configuration of every preset, shrunk to a few steps, runs on the JVM. */
    @Test
    void everyPresetRunsATinyVariant() {
        for (Presets.Preset p : Presets.all()) {
            for (boolean quick : new boolean[] {false, true}) {
                for (Presets.Configuration c : p.configurations(quick)) {
                    Map<String, Object> m = c.spec.toMap();
                    m.put("steps", Math.min(c.spec.steps, 30));
                    m.put("seeds", 1);
                    m.put("width", Math.min(c.spec.width, 16));
                    m.put("records", 5);
                    ExperimentSpec tiny = ExperimentSpec.fromValue(Json.parse(Json.write(m)));
                    Run run = new Run(tiny, 0).complete();
                    assertTrue(run.finished() && !run.failed(), p.name + " / " + c.label + ": " + run.message());
                    int scheduled = 0;
                    for (int i = 0; i < run.trace().size(); i++) {
                        scheduled += run.trace().get(i, Trace.ADAPTIVE) == 0 ? 1 : 0;
                    }
                    assertEquals(Math.min(5, tiny.steps + 1), scheduled);
                }
            }
        }
    }

    /** The toolkit's experiments are presets too; a small version of each runs and fits its law. */
    @Test
    @SuppressWarnings("unchecked")
    void theToolkitAnalysesArePresets() {
        Presets.Preset escape = Presets.get("escape");
        Presets.Preset geometry = Presets.get("geometry");
        assertEquals("escape", escape.analysis(true).kind);
        assertEquals("geometry", geometry.analysis(false).kind);
        assertTrue(escape.analysis(false).alphas.length > escape.analysis(true).alphas.length);
        Map<String, Object> e = (Map<String, Object>) Json.parse(Json.write(Presets.Analysis.escape(1e-2, 1e-3)
                .run(escape.quick.get(0).spec)));
        assertEquals(-2.0, ((Number) e.get("fittedExponent")).doubleValue(), 0.1, "t_α ∝ α^−(L−2), L = 4");
        Map<String, Object> g = (Map<String, Object>) Json.parse(Json.write(Presets.Analysis.geometry(new int[] {16, 64},
                new double[] {2}, 1).run(geometry.quick.get(0).spec)));
        Map<String, Object> series = ((List<Map<String, Object>>) g.get("series")).get(0);
        assertEquals(-0.5, ((Number) series.get("fittedSaddleExponent")).doubleValue(), 0.15);
        Map<String, Object> listed = ((List<Map<String, Object>>) Json.parse(Presets.json())).stream()
                .filter(p -> p.get("name").equals("escape")).findFirst().orElseThrow();
        assertEquals("escape", ((Map<String, Object>) ((Map<String, Object>) listed.get("analysis")).get("quick"))
                .get("kind"));
    }

    @Test
    void theListIsJsonWithCanonicalSpecs() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) Json.parse(Presets.json());
        assertEquals(Presets.all().size(), list.size());
        Map<String, Object> fig1 = list.get(0);
        assertEquals("fig1", fig1.get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) fig1.get("quick")).get(0);
        assertEquals(Presets.get("fig1").quick.get(0).spec.toJson(), Json.write(first.get("spec")));
    }
}
