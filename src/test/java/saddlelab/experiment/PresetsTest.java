package saddlelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertEquals(1500000, Presets.get("fig6").full.get(2).spec.steps);
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
                    assertEquals(Run.Status.DONE, run.status(), p.name + " / " + c.label + ": " + run.message());
                    assertEquals(5, run.trace().size());
                }
            }
        }
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
