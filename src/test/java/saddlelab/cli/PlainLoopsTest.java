package saddlelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Tasks;

/** The bench's yardstick computes the same descent as the engine (not to the bit: its sums are grouped differently). */
class PlainLoopsTest {
    @Test
    void plainLoopsFollowTheEngineOnEveryBenchTask() throws Exception {
        for (String json : new String[] {Bench.teacher(7), Bench.CASES[4][1]}) {
            ExperimentSpec spec = ExperimentSpec.parse(json.replace("\"width\":100", "\"width\":9"));
            Cost cost = Tasks.build(spec, spec.seed);
            DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
            Run.initialize(net, spec, spec.seed);
            PlainLoops plain = new PlainLoops(net, cost);
            LossGradient engine = new LossGradient(net, cost);
            double eta = spec.task.type.equals("teacher") ? 2e-4 : 0.2;
            double first = engine.loss();
            double last = first;
            for (int s = 0; s < 200; s++) {
                double a = engine.step(eta);
                double b = plain.step(eta);
                assertEquals(a, b, 1e-9 * Math.abs(a), "loss at step " + s);
                last = a;
            }
            assertTrue(last < 0.9 * first, "the runs compared must move: " + first + " → " + last);
        }
    }
}
