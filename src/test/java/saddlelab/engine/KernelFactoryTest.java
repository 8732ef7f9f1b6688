package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * A run on the kernel's engine (the scalar twin under Chicory) gives the Java engine's run to the bit,
 * descent and flow; and where the kernel's memory cannot grow to hold it, the Java engine takes the run
 * instead of failing it.
 */
class KernelFactoryTest {
    static final String DESCENT = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":3,\"teacherDiagonal\":[4,2],\"train\":17},"
            + "\"depth\":3,\"width\":9,\"init\":{\"gamma\":1.5},\"learningRate\":0.05,\"steps\":300,\"seed\":4,\"records\":12}";
    static final String FLOW = "{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,\"observed\":0.7},"
            + "\"depth\":4,\"width\":7,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-5},"
            + "\"steps\":200,\"seed\":9,\"records\":12}";

    @ParameterizedTest
    @ValueSource(strings = {DESCENT, FLOW})
    void aKernelRunIsTheJavaRunAndFallsBackToJavaWhereTheMemoryCannotGrow(String json) throws IOException {
        byte[] wasm = KernelTest.scalarKernel();
        ExperimentSpec spec = ExperimentSpec.parse(json);
        Run java = new Run(spec, 0).complete();
        Run kernel = new Run(spec, 0, new KernelFactory("wasm", () -> new Limited(new ChicoryKernel(wasm), Integer.MAX_VALUE)))
                .complete();
        Run small = new Run(spec, 0, new KernelFactory("wasm", () -> new Limited(new ChicoryKernel(wasm), 1024))).complete();
        assertEquals("java", java.engine());
        assertEquals("wasm", kernel.engine());
        assertEquals("java", small.engine(), "a kernel that cannot hold the run leaves it to the Java engine");
        for (Run r : new Run[] {kernel, small}) {
            assertEquals(java.status(), r.status());
            assertEquals(java.message(), r.message());
            assertEquals(java.digest(), r.digest());
            assertArrayEquals(bits(java.trace().packed(0)), bits(r.trace().packed(0)), "every record");
        }
    }

    static long[] bits(double[] x) {
        long[] b = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Double.doubleToRawLongBits(x[i]);
        }
        return b;
    }

    /** A kernel whose memory cannot grow past {@code limit} bytes. */
    static final class Limited implements Kernel {
        private final Kernel k;
        private final int limit;

        Limited(Kernel k, int limit) {
            this.k = k;
            this.limit = limit;
        }

        @Override
        public void reserve(int bytes) {
            if (bytes > limit) {
                throw new IllegalStateException("the kernel's memory cannot grow to " + bytes + " bytes");
            }
            k.reserve(bytes);
        }

        @Override
        public void write(int address, double[] values) {
            k.write(address, values);
        }

        @Override
        public void writeInts(int address, int[] values) {
            k.writeInts(address, values);
        }

        @Override
        public double[] read(int address, int count) {
            return k.read(address, count);
        }

        @Override
        public double step(int table, double eta) {
            return k.step(table, eta);
        }

        @Override
        public void forwardAll(int table) {
            k.forwardAll(table);
        }

        @Override
        public void backwardAll(int table, double eta, int gradientOffset) {
            k.backwardAll(table, eta, gradientOffset);
        }

        @Override
        public void copy(int dst, int src, int bytes) {
            k.copy(dst, src, bytes);
        }

        @Override
        public double velocity(int table, int gradientOffset) {
            return k.velocity(table, gradientOffset);
        }

        @Override
        public void combine(int flow, double h, int coefficients, int stages) {
            k.combine(flow, h, coefficients, stages);
        }

        @Override
        public void flowError(int table, int flow, double h, int weights, int out) {
            k.flowError(table, flow, h, weights, out);
        }

        @Override
        public void interpolate(int flow, double s, double h, int weights) {
            k.interpolate(flow, s, h, weights);
        }

        @Override
        public double balancedness(int up, int upStride, int down, int downStride, int n, int below, int above,
                int columns, int block) {
            return k.balancedness(up, upStride, down, downStride, n, below, above, columns, block);
        }

        @Override
        public void optimize(int table, double eta, double c1, double c2) {
            k.optimize(table, eta, c1, c2);
        }
    }

    /** The greedy algorithm's stages stepped by the kernel are the Java engine's, bit for bit, on both tasks. */
    @ParameterizedTest
    @ValueSource(strings = {DESCENT, FLOW})
    void theGreedyStagesOnTheKernelAreTheJavaStages(String json) throws IOException {
        byte[] wasm = KernelTest.scalarKernel();
        ExperimentSpec spec = ExperimentSpec.parse(json.replace("\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-5},", ""));
        Cost cost = saddlelab.experiment.spec.Tasks.build(spec, spec.seed);
        int m = Math.min(cost.inputs(), cost.outputs());
        double floor = saddlelab.experiment.spec.Tasks.lossFloor(cost);
        java.util.List<GreedyLowRank.Stage> java = GreedyLowRank.run(cost, spec.depth, 0.1, 1e-6, 400, 0.05, m, floor,
                spec.rankTolerance, 20);
        java.util.List<GreedyLowRank.Stage> kernel = GreedyLowRank.run(cost, spec.depth, 0.1, 1e-6, 400, 0.05, m, floor,
                spec.rankTolerance, 20, new KernelFactory("wasm", () -> new ChicoryKernel(wasm)));
        assertEquals(java.size(), kernel.size());
        for (int k = 0; k < java.size(); k++) {
            assertArrayEquals(bits(java.get(k).losses), bits(kernel.get(k).losses), "stage " + k + " losses");
            assertEquals(Double.doubleToLongBits(java.get(k).loss), Double.doubleToLongBits(kernel.get(k).loss));
            assertArrayEquals(bits(java.get(k).products[java.get(k).products.length - 1]),
                    bits(kernel.get(k).products[kernel.get(k).products.length - 1]), "stage " + k + " A");
        }
        assertEquals(true, java.size() >= 2, "the greedy algorithm grew the width");
    }
}
