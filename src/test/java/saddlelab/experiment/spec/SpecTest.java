package saddlelab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.experiment.run.Budget;

class SpecTest {
    static final String ISSUE_EXAMPLE = "{\"task\": {\"type\": \"completion\", \"rows\": 10, \"cols\": 10, \"rank\": 3, "
            + "\"observed\": 0.7}, \"depth\": 4, \"width\": 100, \"init\": {\"gamma\": 2.0}, \"learningRate\": 0.2, "
            + "\"steps\": 20000, \"seed\": 1, \"seeds\": 1, \"records\": 200, \"rankTolerance\": 0.1}";

    @Test
    void issueExampleIsValidAndCanonical() {
        ExperimentSpec spec = ExperimentSpec.parse(ISSUE_EXAMPLE);
        String canonical = spec.toJson();
        assertEquals("{\"depth\":4,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"optimizer\":{\"type\":\"gd\"},"
                + "\"rankTolerance\":0.1,\"recordSpacing\":\"log\",\"records\":200,\"seed\":1,\"seeds\":1,\"steps\":20000,"
                + "\"task\":{\"cols\":10,\"observed\":0.7,\"rank\":3,\"rows\":10,\"type\":\"completion\"},"
                + "\"width\":100,\"widthScaledLearningRate\":false}", canonical);
        assertEquals(canonical, ExperimentSpec.parse(canonical).toJson(), "canonical text is a fixed point");
    }

    @Test
    void equalSpecsHaveEqualText() {
        String reordered = "{\"steps\":2e4,\"learningRate\":0.20,\"width\":100,\"depth\":4,\"init\":{\"gamma\":2},"
                + "\"task\":{\"observed\":0.7,\"rank\":3,\"cols\":10,\"rows\":10,\"type\":\"completion\"}}";
        assertEquals(ExperimentSpec.parse(ISSUE_EXAMPLE).toJson(), ExperimentSpec.parse(reordered).toJson());
    }

    @Test
    void teacherTasksAndInitAlternatives() {
        String diag = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],"
                + "\"train\":100,\"test\":1000,\"noise\":0},\"depth\":4,\"width\":100,\"init\":{\"scheme\":\"ntk\"},"
                + "\"learningRate\":1e-4,\"steps\":10}";
        ExperimentSpec s = ExperimentSpec.parse(diag);
        assertEquals(0.75, s.gamma());
        assertEquals(Math.pow(100, -0.375), s.initScale(), 1e-15);
        String rank = "{\"task\":{\"type\":\"teacher\",\"inputs\":10,\"outputs\":10,\"teacherRank\":3,\"train\":100,"
                + "\"test\":1000,\"noise\":0.2},\"depth\":2,\"width\":50,\"init\":{\"sigma\":0.0004},"
                + "\"learningRate\":1e-3,\"steps\":10,\"rankTolerance\":1e-4}";
        assertEquals(0.0004, ExperimentSpec.parse(rank).initScale());
        String alpha = ISSUE_EXAMPLE.replace("{\"gamma\": 2.0}", "{\"alpha\": 0.001}");
        assertEquals(0.001, ExperimentSpec.parse(alpha).initScale());
        String scaled = ISSUE_EXAMPLE.replace("{\"gamma\": 2.0}", "{\"gamma\": 0.75}, \"widthScaledLearningRate\": true");
        assertEquals(0.2 * Math.pow(100, 3 * (0.75 - 1)), ExperimentSpec.parse(scaled).effectiveLearningRate(), 1e-15);
        assertEquals(0.2, ExperimentSpec.parse(ISSUE_EXAMPLE.replace("\"learningRate\"",
                "\"widthScaledLearningRate\": true, \"learningRate\"")).effectiveLearningRate(), "γ > 1 keeps η0");
    }

    @Test
    void badSpecsAreRejectedNamingTheField() {
        String[][] table = {
            {"\"width\": 100", "\"width\": 1e9", "width"},
            {"\"learningRate\": 0.2", "\"learningRate\": -0.2", "learningRate"},
            {"\"depth\": 4", "\"depth\": 0", "depth"},
            {"\"seeds\": 1", "\"seeds\": 1, \"color\": \"red\"", "color"},
            {"\"seeds\": 1", "\"seeds\": 1, \"seeds\": 2", "seeds"},
            {"\"steps\": 20000", "\"steps\": \"many\"", "steps"},
            {"\"steps\": 20000", "\"steps\": 20000.5", "steps"},
            {"\"rank\": 3", "\"rank\": 11", "task.rank"},
            {"\"observed\": 0.7", "\"observed\": 0", "task.observed"},
            {"\"observed\": 0.7", "\"observed\": 0.7, \"extra\": 1", "task.extra"},
            {"{\"gamma\": 2.0}", "{\"gamma\": 2.0, \"sigma\": 1}", "init"},
            {"{\"gamma\": 2.0}", "{\"gamma\": -1}", "init.gamma"},
            {"{\"gamma\": 2.0}", "{\"scheme\": \"lazy\"}", "init.scheme"},
            {"\"type\": \"completion\"", "\"type\": \"denoising\"", "task.type"},
            {"\"records\": 200", "\"records\": 1", "records"},
            {"\"rankTolerance\": 0.1", "\"rankTolerance\": 0", "rankTolerance"},
            {"\"seed\": 1", "\"seed\": -1", "seed"},
            {"\"seed\": 1", "\"seed\": null", "seed"},
            {"\"seed\": 1", "\"seed\": true", "seed"},
        };
        for (String[] row : table) {
            final String spec = ISSUE_EXAMPLE.replace(row[0], row[1]);
            SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse(spec), row[1]);
            assertEquals(row[2], e.field(), row[1] + " → " + e.getMessage());
            assertTrue(e.getMessage().startsWith(row[2]), e.getMessage());
        }
        SpecException budget = assertThrows(SpecException.class, () -> Budget.BROWSER.parse(
                ISSUE_EXAMPLE.replace("\"steps\": 20000", "\"steps\": 100000000").replace("\"width\": 100", "\"width\": 2000")));
        assertEquals("steps", budget.field());
        assertTrue(budget.getMessage().contains("more than the browser budget"), budget.getMessage());
        SpecException nan = assertThrows(SpecException.class,
                () -> ExperimentSpec.parse(ISSUE_EXAMPLE.replace("0.2,", "NaN,")));
        assertEquals("learningRate", nan.field());
        SpecException missing = assertThrows(SpecException.class,
                () -> ExperimentSpec.parse("{\"depth\":2,\"width\":3,\"init\":{\"gamma\":1},\"learningRate\":1,\"steps\":1}"));
        assertEquals("task", missing.field());
    }

    @Test
    void recordStepsAreLogSpacedAndIncludeTheEnds() {
        ExperimentSpec spec = ExperimentSpec.parse(ISSUE_EXAMPLE);
        int[] steps = spec.recordSteps();
        assertEquals(0, steps[0]);
        assertEquals(20000, steps[steps.length - 1]);
        for (int i = 1; i < steps.length; i++) {
            assertTrue(steps[i] > steps[i - 1]);
        }
        int belowHundred = 0;
        for (int s : steps) {
            if (s < 100) {
                belowHundred++;
            }
        }
        assertTrue(belowHundred > 40, "log spacing puts many records in the first decades");
        ExperimentSpec linear = ExperimentSpec.parse(ISSUE_EXAMPLE.replace("\"records\": 200",
                "\"records\": 5, \"recordSpacing\": \"linear\""));
        assertArrayEquals(new int[] {0, 5000, 10000, 15000, 20000}, linear.recordSteps());
    }
}
