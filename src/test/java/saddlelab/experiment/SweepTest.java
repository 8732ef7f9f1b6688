package saddlelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {
    static final ExperimentSpec BASE = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":6,"
            + "\"rank\":2,\"observed\":0.5},\"depth\":3,\"width\":20,\"init\":{\"alpha\":0.1},\"learningRate\":0.1,"
            + "\"steps\":100,\"seed\":4,\"seeds\":2}");

    @Test
    void eachValueGivesOneValidatedSpecThatDiffersOnlyInThatField() {
        List<Presets.Configuration> cs = Sweep.of(BASE, "init.gamma", new double[] {0.75, 1, 2.5});
        assertEquals(3, cs.size());
        assertEquals("init.gamma = 0.75", cs.get(0).label);
        assertEquals(2.5, cs.get(2).spec.init.value);
        for (Presets.Configuration c : cs) {
            // the init is replaced (it holds one of γ, σ, α), everything else is the base's
            assertEquals(BASE.toJson().replace("{\"alpha\":0.1}", "{\"gamma\":" + NumberText.format(c.spec.init.value) + "}"),
                    c.spec.toJson());
        }
        List<Presets.Configuration> observed = Sweep.of(BASE, "task.observed", new double[] {0.3, 0.9});
        assertEquals(0.9, observed.get(1).spec.task.observed);
        assertEquals(BASE.task.rows, observed.get(1).spec.task.rows, "the other task fields stay");
        assertEquals(64, Sweep.of(BASE, "width", new double[] {64}).get(0).spec.width);
        // and the variants run
        Run r = new Run(Sweep.of(BASE, "depth", new double[] {2}).get(0).spec, 1).complete();
        assertTrue(r.finished() && !r.failed(), r.message());
    }

    @Test
    void aBadFieldOrValueIsNamed() {
        SpecException e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "task.type", new double[] {1}));
        assertEquals("sweep.field", e.field());
        e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "width", new double[] {16, -3}));
        assertEquals("width", e.field());
        e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "width", new double[] {2.5}));
        assertEquals("width", e.field());
        e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "task.observed", new double[] {1.5}));
        assertEquals("task.observed", e.field());
        e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "width", new double[0]));
        assertEquals("sweep.values", e.field());
        assertTrue(Sweep.json(Sweep.of(BASE, "learningRate", new double[] {0.05})).startsWith("[{\"key\":\"learningRate=0.05\",\"label\":"));
    }
}
