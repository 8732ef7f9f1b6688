package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientFlowTest {
    @Test
    void matchesFineStepGradientDescentOnAShortHorizon() {
        Random r = new Random(5);
        for (int depth = 2; depth <= 4; depth++) {
            int[] widths = GradientTest.randomWidths(depth, r, 4, 3);
            Cost cost = depth % 2 == 0 ? Nets.mse(4, 3, 20, 3) : Nets.completion(3, 4, 0.7, 4);
            DeepLinearNetwork start = Nets.random(widths, 0.6, r.nextLong());
            double horizon = 0.5;
            // gradient descent with a tiny step approximates the flow to O(η)
            DeepLinearNetwork gd = start.copy();
            LossGradient lossGradient = new LossGradient(gd, cost);
            double eta = 1e-5;
            for (int k = 0; k < (int) (horizon / eta); k++) {
                lossGradient.step(eta);
            }
            DeepLinearNetwork flowNet = start.copy();
            GradientFlow flow = new GradientFlow(flowNet, cost, 1e-9, 1e-3);
            while (flow.time() < horizon) {
                assertTrue(flow.step(horizon));
            }
            double[] a = gd.product();
            double[] b = flowNet.product();
            double diff = Nets.maxAbsDiff(a, b) / Nets.maxAbs(a);
            assertTrue(diff < 1e-4, "depth " + depth + ": relative difference " + diff);
            assertTrue(flow.acceptedSteps() < 2000, "steps " + flow.acceptedSteps());
        }
    }

    /**
     * A first step far too long for the flow overflows inside its stages (the velocity grows like θ^(2L−1)).
     * The flow itself stays bounded, since it descends L and conserves W_{l+1}ᵀW_{l+1} − W_l W_lᵀ, so the
     * trial is rejected and shortened, not reported as a blow-up.
     */
    @Test
    void aFirstStepThatOverflowsIsRejectedAndTheFlowGoesOn() {
        Cost cost = Nets.mse(4, 3, 12, 2);
        DeepLinearNetwork net = Nets.random(new int[] {4, 12, 12, 3}, 1.5, 3);
        double start = new LossGradient(net.copy(), cost).loss();
        GradientFlow flow = new GradientFlow(net, cost, 1e-6, 1e3);
        for (int k = 0; k < 50; k++) {
            assertTrue(flow.step(1e6), "step " + k + " at t = " + flow.time());
        }
        assertTrue(flow.rejectedSteps() > 0, "the overflowing trials were rejected");
        double end = new LossGradient(net, cost).loss();
        assertTrue(Double.isFinite(end) && end < start, "the loss went down: " + start + " → " + end);
    }

    @Test
    void crossesALongEscapeInFewSteps() {
        // L = 4 from a tiny initialization: the escape time grows like α^−(L−2); descent with
        // η = 0.01 would need millions of steps.
        Cost cost = Nets.completion(5, 5, 0.8, 7);
        DeepLinearNetwork net = Nets.random(new int[] {5, 10, 10, 10, 5}, 3e-3, 11);
        GradientFlow flow = new GradientFlow(net, cost, 1e-6, 0.01);
        LossGradient lossGradient = new LossGradient(net, cost);
        double start = lossGradient.loss();
        // stop as soon as the loss has clearly left the plateau of the origin
        while (lossGradient.loss() > 0.8 * start && flow.time() < 1e6) {
            assertTrue(flow.step(1e6));
        }
        assertTrue(lossGradient.loss() <= 0.8 * start, "escaped the origin");
        double gdSteps = flow.time() / 0.01;
        assertTrue(gdSteps > 1e6, "a long escape: t = " + flow.time());
        assertTrue(flow.acceptedSteps() < gdSteps / 100, "accepted steps " + flow.acceptedSteps() + " for t = " + flow.time());
    }

    /**
     * The dense output (used for records inside a long step and for the escape experiment's crossing
     * times): inside every accepted step it agrees with a fine integration from the step's start to the
     * same time, to the order of the tolerance, and it matches both ends of the step exactly.
     */
    @Test
    void theDenseOutputFollowsTheFlowInsideEachStep() {
        Cost cost = Nets.mse(3, 3, 20, 5);
        for (double tolerance : new double[] {1e-4, 1e-6}) {
            DeepLinearNetwork net = Nets.random(new int[] {3, 4, 4, 3}, 0.5, 9);
            GradientFlow flow = new GradientFlow(net, cost, tolerance, 1e-2);
            for (int s = 0; s < 20; s++) {
                assertTrue(flow.step(1e9));
                double t0 = flow.previousTime();
                double t1 = flow.time();
                DeepLinearNetwork end = net.copy();
                flow.interpolate(t1, end);
                assertTrue(Nets.maxAbsDiff(end.product(), net.product()) <= 1e-12 * Nets.maxAbs(net.product()), "the end");
                DeepLinearNetwork start = net.copy();
                flow.interpolate(t0, start);
                for (double f : new double[] {0.3, 0.5, 0.8}) {
                    DeepLinearNetwork inside = net.copy();
                    flow.interpolate(t0 + f * (t1 - t0), inside);
                    DeepLinearNetwork reference = start.copy();
                    GradientFlow fine = new GradientFlow(reference, cost, 1e-13, (t1 - t0) / 100);
                    while (fine.time() < f * (t1 - t0)) {
                        assertTrue(fine.step(f * (t1 - t0)));
                    }
                    double diff = 0;
                    double size = 0;
                    for (int l = 1; l <= 3; l++) {
                        double[] p = inside.weight(l);
                        double[] q = reference.weight(l);
                        for (int i = 0; i < p.length; i++) {
                            diff += (p[i] - q[i]) * (p[i] - q[i]);
                            size += q[i] * q[i];
                        }
                    }
                    assertTrue(Math.sqrt(diff / size) < 20 * tolerance,
                            "tolerance " + tolerance + ", step " + s + " at " + f + ": " + Math.sqrt(diff / size));
                }
            }
        }
    }
}
