package saddlelab.browser;

import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.Float64Array;
import org.teavm.jso.typedarrays.Int32Array;
import saddlelab.engine.Kernel;

/**
 * The step kernel as the worker loaded it ({@code self.saddleKernel} in {@code web/engine-worker.js}):
 * one {@code WebAssembly.Instance} of the SIMD or the scalar binary per run, called through
 * {@code @JSBody} (≈ 0.05 µs a call, one call a step). θ and the cost's data stay in the instance's memory;
 * only the loss, the flow's norms and, at records, θ cross over.
 */
final class BrowserKernel implements Kernel {
    private final int id;

    BrowserKernel() {
        this.id = create();
    }

    /** "wasm-simd" or "wasm" when the worker loaded a kernel, else "". */
    @JSBody(script = "return self.saddleKernel ? self.saddleKernel.name : '';")
    static native String loaded();

    @JSBody(script = "return self.saddleKernel.create();")
    private static native int create();

    @JSBody(params = {"id"}, script = "self.saddleKernel.release(id);")
    private static native void release(int id);

    @JSBody(params = {"id", "bytes"}, script = "return self.saddleKernel.reserve(id, bytes);")
    private static native boolean reserve(int id, int bytes);

    @JSBody(params = {"id", "address", "count"},
            script = "return new Float64Array(self.saddleKernel.memory(id).buffer, address, count);")
    private static native Float64Array view(int id, int address, int count);

    @JSBody(params = {"id", "address", "count"},
            script = "return new Int32Array(self.saddleKernel.memory(id).buffer, address, count);")
    private static native Int32Array intView(int id, int address, int count);

    @JSBody(params = {"id", "table", "eta"}, script = "return self.saddleKernel.exports(id).step(table, eta);")
    private static native double step(int id, int table, double eta);

    @JSBody(params = {"id", "table"}, script = "self.saddleKernel.exports(id).forwardAll(table);")
    private static native void forwardAll(int id, int table);

    @JSBody(params = {"id", "table", "eta", "gradientOffset"},
            script = "self.saddleKernel.exports(id).backwardAll(table, eta, gradientOffset);")
    private static native void backwardAll(int id, int table, double eta, int gradientOffset);

    @JSBody(params = {"id", "dst", "src", "bytes"}, script = "self.saddleKernel.exports(id).copy(dst, src, bytes);")
    private static native void copy(int id, int dst, int src, int bytes);

    @JSBody(params = {"id", "table", "gradientOffset"},
            script = "return self.saddleKernel.exports(id).velocity(table, gradientOffset);")
    private static native double velocity(int id, int table, int gradientOffset);

    @JSBody(params = {"id", "flow", "h", "coefficients", "stages"},
            script = "self.saddleKernel.exports(id).combine(flow, h, coefficients, stages);")
    private static native void combine(int id, int flow, double h, int coefficients, int stages);

    @JSBody(params = {"id", "table", "flow", "h", "weights", "out"},
            script = "self.saddleKernel.exports(id).flowError(table, flow, h, weights, out);")
    private static native void flowError(int id, int table, int flow, double h, int weights, int out);

    @JSBody(params = {"id", "flow", "s", "h", "weights"},
            script = "self.saddleKernel.exports(id).interpolate(flow, s, h, weights);")
    private static native void interpolate(int id, int flow, double s, double h, int weights);

    @JSBody(params = {"id", "up", "upStride", "down", "downStride", "n", "below", "above", "columns", "block"},
            script = "return self.saddleKernel.exports(id).balancedness(up, upStride, down, downStride, n, below, above,"
                    + " columns, block);")
    private static native double balancedness(int id, int up, int upStride, int down, int downStride, int n, int below,
            int above, int columns, int block);

    @JSBody(params = {"id", "table", "eta", "c1", "c2"},
            script = "self.saddleKernel.exports(id).optimize(table, eta, c1, c2);")
    private static native void optimize(int id, int table, double eta, double c1, double c2);

    @Override
    public void reserve(int bytes) {
        if (!reserve(id, bytes)) {
            release(id);
            throw new IllegalStateException("the step kernel's memory cannot grow to " + bytes + " bytes");
        }
    }

    @Override
    public void write(int address, double[] values) {
        view(id, address, values.length).set(values);
    }

    @Override
    public double[] read(int address, int count) {
        return view(id, address, count).copyToJavaArray();
    }

    @Override
    public void writeInts(int address, int[] values) {
        intView(id, address, values.length).set(values);
    }

    @Override
    public double step(int table, double eta) {
        return step(id, table, eta);
    }

    @Override
    public void forwardAll(int table) {
        forwardAll(id, table);
    }

    @Override
    public void backwardAll(int table, double eta, int gradientOffset) {
        backwardAll(id, table, eta, gradientOffset);
    }

    @Override
    public void copy(int dst, int src, int bytes) {
        copy(id, dst, src, bytes);
    }

    @Override
    public double velocity(int table, int gradientOffset) {
        return velocity(id, table, gradientOffset);
    }

    @Override
    public void combine(int flow, double h, int coefficients, int stages) {
        combine(id, flow, h, coefficients, stages);
    }

    @Override
    public void flowError(int table, int flow, double h, int weights, int out) {
        flowError(id, table, flow, h, weights, out);
    }

    @Override
    public void interpolate(int flow, double s, double h, int weights) {
        interpolate(id, flow, s, h, weights);
    }

    @Override
    public double balancedness(int up, int upStride, int down, int downStride, int n, int below, int above, int columns,
            int block) {
        return balancedness(id, up, upStride, down, downStride, n, below, above, columns, block);
    }

    @Override
    public void optimize(int table, double eta, double c1, double c2) {
        optimize(id, table, eta, c1, c2);
    }

    @Override
    public void close() {
        release(id);
    }
}
