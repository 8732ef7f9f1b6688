package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.experiment.Fig1;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

/**
 * The cost model counts every term that grows with the spec, and the browser budget refuses, naming the
 * field that dominates, the specs that once slipped through: a huge training set, a flow with no
 * tolerance, a matrix too large to decompose at every record, a run that would not fit in memory.
 */
class BudgetTest {
    static final String TEACHER = "{\"task\":{\"type\":\"teacher\",\"inputs\":%d,\"outputs\":%d,\"teacherRank\":3,\"train\":%d,"
            + "\"test\":%d},\"depth\":3,\"width\":%d,\"init\":{\"gamma\":2},\"learningRate\":1e-3,\"steps\":%d,\"records\":%d}";

    static ExperimentSpec teacher(int n, int train, int test, int width, int steps, int records) {
        return ExperimentSpec.parse(String.format(TEACHER, n, n, train, test, width, steps, records));
    }

    @Test
    void everyTermGrowsWithItsField() {
        Budget.Estimate base = Budget.estimate(teacher(10, 100, 100, 50, 10000, 100));
        assertTrue(Budget.estimate(teacher(10, 100, 100, 50, 20000, 100)).work > 1.5 * base.workPerRun, "steps");
        assertTrue(Budget.estimate(teacher(10, 100_000, 100, 50, 10000, 100)).workPerStep > 100 * base.workPerStep,
                "the training set is summed over at every step");
        assertTrue(Budget.estimate(teacher(10, 100, 100_000, 50, 10000, 100)).workPerRun > 2 * base.workPerRun,
                "the test set at every record");
        assertTrue(Budget.estimate(teacher(10, 100, 100, 50, 10000, 5000)).workPerRun > 2 * base.workPerRun, "records");
        assertTrue(Budget.estimate(teacher(10, 100, 100, 400, 10000, 100)).workPerRun > 30 * base.workPerRun, "width");
        assertTrue(Budget.estimate(teacher(10, 100, 100_000, 50, 10000, 100)).bytesPerRun > base.bytesPerRun + (20 << 20),
                "the data in memory");
        ExperimentSpec seeds = ExperimentSpec.parse(String.format(TEACHER, 10, 10, 100, 100, 50, 10000, 100)
                .replace("\"records\":100", "\"records\":100,\"seeds\":4"));
        Budget.Estimate four = Budget.estimate(seeds);
        assertTrue(four.work > 3.5 * base.workPerRun, "seeds");
    }

    @Test
    void theProbesThatOnceRanForYearsAreRefusedByName() {
        // teacher 64×64 with 100 000 training points and 10^8 steps: ~1 s a step
        SpecException train = assertThrows(SpecException.class, () -> Budget.BROWSER.check(
                teacher(64, 100_000, 0, 64, 100_000_000, 200)));
        assertEquals("task.train", train.field(), train.getMessage());
        assertTrue(train.getMessage().contains("browser budget"), train.getMessage());
        // a 512×512 teacher with 100 000 training and test points: gigabytes a run
        SpecException memory = assertThrows(SpecException.class, () -> Budget.BROWSER.check(
                teacher(512, 100_000, 100_000, 20, 10, 10)));
        assertEquals("task.train", memory.field(), memory.getMessage());
        assertTrue(memory.getMessage().contains("memory"), memory.getMessage());
        // a flow with a tolerance of 1e-300 is not a spec at all
        SpecException tolerance = assertThrows(SpecException.class, () -> ExperimentSpec.parse(
                Fig1.SPEC.replace("\"records\":400", "\"records\":400,\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-300}")));
        assertEquals("optimizer.tolerance", tolerance.field());
        // a large completion recorded often: the SVDs at every record dominate
        SpecException records = assertThrows(SpecException.class, () -> Budget.BROWSER.check(ExperimentSpec.parse(
                "{\"task\":{\"type\":\"completion\",\"rows\":512,\"cols\":512,\"rank\":5,\"observed\":0.3},\"depth\":2,"
                        + "\"width\":16,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1000,\"records\":10000}")));
        assertEquals("records", records.field(), records.getMessage());
    }

    /** What the page runs fits the browser; what the command line runs of the published figures fits its budget. */
    @Test
    void thePresetsFitWhereTheyRun() {
        for (Presets.Preset p : Presets.all()) {
            for (Presets.Configuration c : p.quick) {
                Budget.BROWSER.check(c.spec);
            }
            for (Presets.Configuration c : p.full) {
                Budget.COMMAND_LINE.check(c.spec);
            }
        }
    }

    @Test
    void theFlowsIntegratorIsCapped() {
        ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":6,\"rank\":2,"
                + "\"observed\":0.8},\"depth\":3,\"width\":8,\"init\":{\"gamma\":1},\"learningRate\":1,\"steps\":100000000,"
                + "\"records\":10,\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-12}}");
        Run run = new Run(spec, 0).complete();
        assertEquals(RunStatus.UNCONVERGED, run.status());
        assertTrue(run.message().contains("integrator steps, the most a flow run may take"), run.message());
        assertTrue(run.step() <= Budget.FLOW_STEPS);
    }
}
