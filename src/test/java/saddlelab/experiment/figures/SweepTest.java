package saddlelab.experiment.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;

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

    /** The optimizer's numbers sweep within its object (issue 30), and a field its type lacks is named. */
    @Test
    void theOptimizersFieldsSweepWithinItsObject() {
        ExperimentSpec adam = ExperimentSpec.parse(BASE.toJson().replace("{\"type\":\"gd\"}", "{\"type\":\"adam\"}"));
        List<Presets.Configuration> cs = Sweep.of(adam, "optimizer.beta1", new double[] {0.5, 0.8});
        assertEquals(0.5, cs.get(0).spec.optimizerSettings.beta1);
        assertEquals(0.8, cs.get(1).spec.optimizerSettings.beta1);
        assertEquals(adam.optimizerSettings.beta2, cs.get(1).spec.optimizerSettings.beta2, "the rest of the object stays");
        List<Presets.Configuration> batches = Sweep.of(adam, "optimizer.batch", new double[] {2, 4});
        assertEquals(4, batches.get(1).spec.optimizerSettings.batch);
        SpecException e = assertThrows(SpecException.class, () -> Sweep.of(BASE, "optimizer.batch", new double[] {2}));
        assertEquals("optimizer.batch", e.field(), "plain descent takes no batch: " + e.getMessage());
        SpecException beta = assertThrows(SpecException.class, () -> Sweep.of(adam, "optimizer.beta1", new double[] {1.5}));
        assertEquals("optimizer.beta1", beta.field());
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

    /**
     * A sweep over η past the stability limit: the seeds that diverged are counted, not averaged (their
     * last loss, ~10¹⁷ here, made the point's mean and std), and count as not recovered.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSweepPastTheStabilityLimitAveragesOnlyTheSeedsThatDidNotFail() {
        ExperimentSpec base = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,"
                + "\"teacherDiagonal\":[10,8,6,4,2],\"train\":100,\"seed\":1},\"depth\":3,\"width\":30,"
                + "\"init\":{\"gamma\":2},\"learningRate\":0.01,\"steps\":20000,\"seed\":1,\"seeds\":2,\"records\":100}");
        List<Summary.Entry> entries = new java.util.ArrayList<>();
        int diverged = 0;
        for (Presets.Configuration c : Sweep.of(base, "learningRate", new double[] {0.004, 0.03})) {
            List<java.util.Map<String, Object>> runs = new java.util.ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Run r = new Run(c.spec, k).complete();
                diverged += r.status() == RunStatus.DIVERGED ? 1 : 0;
                runs.add(Results.runToMap(r));
            }
            entries.add(new Summary.Entry(c.label, c.key, c.spec, runs));
        }
        assertEquals(2, diverged, "η = 0.03 diverges on both seeds");
        java.util.Map<String, Object> summary = Summary.of(entries, "learningRate");
        List<java.util.Map<String, Object>> points = (List<java.util.Map<String, Object>>)
                ((List<java.util.Map<String, Object>>) summary.get("groups")).get(0).get("points");
        assertEquals(0, points.get(0).get("failed"));
        assertTrue((Double) points.get(0).get("mean") < 1e-20, "η = 0.004 converges: " + points.get(0));
        assertEquals(5.0, points.get(0).get("rank"));
        assertEquals(2, points.get(1).get("failed"));
        assertEquals(2, points.get(1).get("seeds"));
        assertTrue(Double.isNaN((Double) points.get(1).get("mean")) && Double.isNaN((Double) points.get(1).get("std"))
                && Double.isNaN((Double) points.get(1).get("rank")), "no final loss to average: " + points.get(1));
    }
}
