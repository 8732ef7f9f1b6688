package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebAssembly step kernel against {@link LossGradient}, raw bits: the committed binaries are the
 * assembly of their committed sources, and the scalar kernel, run by Chicory, takes the Java engine's
 * steps to the bit on random shapes (odd and even n0, nL and hidden widths, depth 1–5, both costs, steps
 * that diverge), with the snapshot and sync between; and its gradient flow takes {@link GradientFlow}'s
 * steps to the bit: step sizes, rejections, losses, θ, the dense output and the snapshot; and every optimizer
 * of {@link OptimizerStepper} takes its steps to the bit.
 */
class KernelTest {
    static final Path WAT = Path.of("src/main/wat");
    static final Path WASM = Path.of("web/kernel");

    static byte[] scalarKernel() throws IOException {
        return Files.readAllBytes(WASM.resolve("kernel.wasm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel", "kernel-simd"})
    void theCommittedBinaryIsTheAssemblyOfItsSource(String name) throws IOException {
        byte[] assembled = Wat2Wasm.parse(Files.readString(WAT.resolve(name + ".wat")));
        assertArrayEquals(assembled, Files.readAllBytes(WASM.resolve(name + ".wasm")),
                name + ".wasm is stale: run `./mvnw -q -o test-compile exec:java@assemble-kernels` and commit it");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theScalarKernelTakesTheJavaEnginesStepsToTheBit(long seed) throws IOException {
        Random r = new Random(seed);
        int[] widths = randomWidths(r);
        boolean completion = r.nextBoolean();
        Cost task = randomTask(r, widths, completion, seed);
        // every third seed: the same cost behind an interface the kernel does not know, evaluated by the host
        Cost cost = seed % 3 == 0 ? hostCost(task) : task;
        double sigma = 0.3 + r.nextDouble();
        // some learning rates diverge within the steps: the bits must agree through inf and overflow too
        double eta = seed % 4 == 0 ? 2.5 : 0.02 + 0.1 * r.nextDouble();
        DeepLinearNetwork jvm = Nets.random(widths, sigma, seed);
        DeepLinearNetwork host = jvm.copy();
        LossGradient reference = new LossGradient(jvm, cost);
        KernelStepper kernel = new KernelStepper("wasm", new ChicoryKernel(scalarKernel()), host, cost);
        DeepLinearNetwork marked = jvm.copy();
        DeepLinearNetwork fromKernel = jvm.copy();
        String where = "seed " + seed + ", widths " + java.util.Arrays.toString(widths) + (completion ? ", completion" : ", mse")
                + (cost == task ? "" : " (host cost)");
        for (int k = 0; k < 40; k++) {
            if (k == 17) {
                marked.copyFrom(jvm);
                kernel.mark();
            }
            double expected = reference.step(eta);
            double got = kernel.step(eta);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got), "loss at step " + k + ", " + where);
            if (k % 13 == 0 || k == 39) {
                kernel.sync();
                assertSameBits(jvm, host, "θ after step " + k + ", " + where);
            }
        }
        kernel.marked(fromKernel);
        assertSameBits(marked, fromKernel, "the snapshot, " + where);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theScalarKernelIntegratesTheJavaEnginesFlowToTheBit(long seed) throws IOException {
        Random r = new Random(100 + seed);
        int[] widths = randomWidths(r);
        boolean completion = r.nextBoolean();
        Cost task = randomTask(r, widths, completion, seed);
        Cost cost = seed % 3 == 0 ? hostCost(task) : task;
        // every fourth seed starts far out with a long first step: rejected trials, some of them overflowing
        double sigma = seed % 4 == 0 ? 1 + r.nextDouble() : 0.2 + 0.5 * r.nextDouble();
        double tolerance = Math.pow(10, -7 + 5 * r.nextDouble());
        double firstStep = seed % 4 == 0 ? 0.5 : 1e-3 * (1 + r.nextDouble());
        DeepLinearNetwork jvm = Nets.random(widths, sigma, seed);
        DeepLinearNetwork host = jvm.copy();
        GradientFlow reference = new GradientFlow(jvm, cost, tolerance, firstStep);
        GradientFlow flow = new GradientFlow(new KernelFlow("wasm", new ChicoryKernel(scalarKernel()), host, cost),
                tolerance, firstStep);
        DeepLinearNetwork inside = jvm.copy();
        DeepLinearNetwork insideKernel = jvm.copy();
        DeepLinearNetwork marked = jvm.copy();
        DeepLinearNetwork fromKernel = jvm.copy();
        String where = "seed " + seed + ", widths " + java.util.Arrays.toString(widths) + (completion ? ", completion" : ", mse")
                + (cost == task ? "" : " (host cost)") + ", tolerance " + tolerance;
        double tEnd = 50;
        for (int k = 0; k < 25; k++) {
            if (k == 0 || k == 9) {
                reference.backend().mark();
                flow.backend().mark();
            }
            boolean expected = reference.step(tEnd);
            boolean got = flow.step(tEnd);
            assertEquals(expected, got, "step " + k + " succeeded, " + where);
            assertEquals(Double.doubleToRawLongBits(reference.time()), Double.doubleToRawLongBits(flow.time()), "t at step " + k + ", " + where);
            assertEquals(Double.doubleToRawLongBits(reference.stepSize()), Double.doubleToRawLongBits(flow.stepSize()),
                    "h at step " + k + ", " + where);
            assertEquals(Double.doubleToRawLongBits(reference.loss()), Double.doubleToRawLongBits(flow.loss()), "loss at step " + k + ", " + where);
            assertEquals(reference.rejectedSteps(), flow.rejectedSteps(), "rejected steps at step " + k + ", " + where);
            if (!expected) {
                break;
            }
            if (k % 6 == 0 || k == 24) {
                flow.backend().sync();
                assertSameBits(jvm, host, "θ after step " + k + ", " + where);
                double t = reference.previousTime() + (reference.time() - reference.previousTime()) * (0.2 + 0.6 * r.nextDouble());
                reference.interpolate(t, inside);
                flow.interpolate(t, insideKernel);
                assertSameBits(inside, insideKernel, "the dense output inside step " + k + ", " + where);
            }
        }
        reference.backend().marked(marked);
        flow.backend().marked(fromKernel);
        assertSameBits(marked, fromKernel, "the snapshot, " + where);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theScalarKernelsBalancednessIsJavasToTheBit(long seed) throws IOException {
        Random r = new Random(seed);
        int[] widths = randomWidths(r);
        if (seed % 4 == 0) { // past the 32-row block and the four-term passes, odd and even
            widths = new int[] {3, 37 + (int) seed, 70 + (int) seed, 2};
        }
        Cost cost = randomTask(r, widths, r.nextBoolean(), seed);
        DeepLinearNetwork jvm = Nets.random(widths, 0.3 + r.nextDouble(), seed);
        DeepLinearNetwork host = jvm.copy();
        KernelStepper kernel = new KernelStepper("wasm", new ChicoryKernel(scalarKernel()), host, cost);
        LossGradient reference = new LossGradient(jvm, cost);
        Balancedness inJava = new Balancedness();
        String where = "seed " + seed + ", widths " + java.util.Arrays.toString(widths);
        for (int k = 0; k < 3; k++) { // at θ0 and after steps: θ's block as it moves
            kernel.sync();
            assertEquals(Double.doubleToRawLongBits(inJava.max(jvm)), Double.doubleToRawLongBits(kernel.balancedness(host, inJava)),
                    "balancedness after " + 5 * k + " steps, " + where);
            for (int i = 0; i < 5; i++) {
                reference.step(0.05);
                kernel.step(0.05);
            }
        }
    }

    /**
     * Every optimizer's rule in the kernel ({@link KernelOptimizer}) against {@link OptimizerStepper}: SGD with
     * heavy-ball and Nesterov momentum, Adam coupled and decoupled, weight decay, full batch and minibatches,
     * both costs, and learning rates that diverge; losses, minibatch losses, θ and the snapshot, raw bits.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void theScalarKernelTakesEveryOptimizersStepsToTheBit(long seed) throws IOException {
        Random r = new Random(300 + seed);
        int[] widths = randomWidths(r);
        boolean completion = r.nextBoolean();
        Cost task = randomTask(r, widths, completion, seed);
        int samples = task instanceof MseCost m ? m.trainSize() : ((CompletionCost) task).observed().length;
        boolean adam = seed % 2 == 0;
        int batch = seed % 3 == 0 ? 0 : 1 + r.nextInt(samples);
        double momentum = adam || seed % 5 == 0 ? 0 : 0.5 + 0.4 * r.nextDouble();
        double decay = seed % 4 == 1 ? 0 : 0.01 + 0.1 * r.nextDouble();
        OptimizerStepper.Settings settings = new OptimizerStepper.Settings(adam ? "adam" : "sgd", batch, momentum,
                seed % 7 == 3, decay, 0.8 + 0.15 * r.nextDouble(), 0.99 + 0.009 * r.nextDouble(),
                Math.pow(10, -8 + 4 * r.nextDouble()), seed % 8 != 2);
        // every sixth seed: a rate that diverges, so inf and NaN must agree too
        double eta = seed % 6 == 5 ? (adam ? 5 : 2.5) : adam ? 0.002 + 0.02 * r.nextDouble() : 0.02 + 0.05 * r.nextDouble();
        DeepLinearNetwork jvm = Nets.random(widths, 0.3 + r.nextDouble(), seed);
        DeepLinearNetwork host = jvm.copy();
        OptimizerStepper reference = new OptimizerStepper(new LossGradient(jvm, task), settings, Rng.stream(seed, 3));
        KernelOptimizer kernel = new KernelOptimizer("wasm", new ChicoryKernel(scalarKernel()), host, task, settings,
                Rng.stream(seed, 3));
        DeepLinearNetwork marked = jvm.copy();
        DeepLinearNetwork fromKernel = jvm.copy();
        String where = "seed " + seed + ", widths " + java.util.Arrays.toString(widths) + (completion ? ", completion" : ", mse")
                + ", " + settings.type + " batch " + batch + " of " + samples + ", momentum " + momentum
                + (settings.nesterov ? " (Nesterov)" : "") + ", decay " + decay + (settings.decoupled ? " decoupled" : "")
                + ", η " + eta;
        for (int k = 0; k < 30; k++) {
            if (k == 11) {
                marked.copyFrom(jvm);
                kernel.mark();
            }
            double expected = reference.step(eta);
            double got = kernel.step(eta);
            assertSameBits(expected, got, "loss at step " + k + ", " + where);
            assertSameBits(reference.lastBatchLoss(), kernel.lastBatchLoss(), "minibatch loss at step " + k + ", " + where);
            if (k % 7 == 0 || k == 29) {
                kernel.sync();
                assertSameBits(jvm, host, "θ after step " + k + ", " + where);
            }
        }
        kernel.marked(fromKernel);
        assertSameBits(marked, fromKernel, "the snapshot, " + where);
    }

    /** Raw bits, any NaN equal to any NaN (wasm leaves NaN payloads unspecified). */
    static void assertSameBits(double expected, double actual, String what) {
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual) && !(expected != expected && actual != actual)) {
            throw new AssertionError(what + ": " + actual + ", expected " + expected);
        }
    }

    /** Depth 1–5, n0 and nL up to 7, hidden widths up to 13: odd and even. */
    static int[] randomWidths(Random r) {
        int depth = 1 + r.nextInt(5);
        int[] widths = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            widths[l] = 1 + r.nextInt(l == 0 || l == depth ? 7 : 13);
        }
        return widths;
    }

    /** Completion of an nL × n0 matrix, or a teacher task with n0 inputs, nL outputs and up to 9 samples. */
    static Cost randomTask(Random r, int[] widths, boolean completion, long seed) {
        int depth = widths.length - 1;
        return completion ? Nets.completion(widths[depth], widths[0], 0.6, seed)
                : Nets.mse(widths[0], widths[depth], 1 + r.nextInt(9), seed);
    }

    /** {@code cost} as a plain {@link Cost}: the kernel cannot see its data, so the host evaluates it. */
    static Cost hostCost(Cost cost) {
        return new Cost() {
            @Override
            public int outputs() {
                return cost.outputs();
            }

            @Override
            public int inputs() {
                return cost.inputs();
            }

            @Override
            public double evaluate(double[] a, double[] gradient) {
                return cost.evaluate(a, gradient);
            }

            @Override
            public double testLoss(double[] a) {
                return cost.testLoss(a);
            }

            @Override
            public double zeroTestLoss() {
                return cost.zeroTestLoss();
            }
        };
    }

    static void assertSameBits(DeepLinearNetwork expected, DeepLinearNetwork actual, String what) {
        for (int l = 1; l <= expected.depth(); l++) {
            double[] e = expected.weight(l);
            double[] a = actual.weight(l);
            for (int k = 0; k < e.length; k++) {
                if (Double.doubleToRawLongBits(e[k]) != Double.doubleToRawLongBits(a[k]) && !(e[k] != e[k] && a[k] != a[k])) {
                    throw new AssertionError(what + ": W_" + l + "[" + k + "] is " + a[k] + ", expected " + e[k]);
                }
            }
        }
    }
}
