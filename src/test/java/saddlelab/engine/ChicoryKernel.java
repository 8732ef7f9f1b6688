package saddlelab.engine;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;

/**
 * The step kernel run by Chicory's interpreter on the JVM: the same binary the browser loads, so the
 * scalar kernel can be held to {@link LossGradient}'s bits without a browser. (Chicory's SIMD needs
 * Java 21; the SIMD kernel is held to the bits by the browser tests.)
 */
final class ChicoryKernel implements Kernel {
    private final Instance instance;
    private final Memory memory;
    private final ExportFunction step;
    private final ExportFunction forwardAll;
    private final ExportFunction backwardAll;
    private final ExportFunction copy;
    private final ExportFunction velocity;
    private final ExportFunction combine;
    private final ExportFunction flowError;
    private final ExportFunction interpolate;
    private final ExportFunction balancedness;
    private final ExportFunction optimize;

    ChicoryKernel(byte[] wasm) {
        this.instance = Instance.builder(Parser.parse(wasm)).build();
        this.memory = instance.memory();
        this.step = instance.export("step");
        this.forwardAll = instance.export("forwardAll");
        this.backwardAll = instance.export("backwardAll");
        this.copy = instance.export("copy");
        this.velocity = instance.export("velocity");
        this.combine = instance.export("combine");
        this.flowError = instance.export("flowError");
        this.interpolate = instance.export("interpolate");
        this.balancedness = instance.export("balancedness");
        this.optimize = instance.export("optimize");
    }

    @Override
    public void reserve(int bytes) {
        int pages = (bytes + 65535) / 65536;
        if (pages > memory.pages()) {
            memory.grow(pages - memory.pages());
        }
    }

    @Override
    public void write(int address, double[] values) {
        for (int k = 0; k < values.length; k++) {
            memory.writeLong(address + 8 * k, Double.doubleToRawLongBits(values[k]));
        }
    }

    @Override
    public double[] read(int address, int count) {
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = Double.longBitsToDouble(memory.readLong(address + 8 * k));
        }
        return out;
    }

    @Override
    public void writeInts(int address, int[] values) {
        for (int k = 0; k < values.length; k++) {
            memory.writeI32(address + 4 * k, values[k]);
        }
    }

    @Override
    public double step(int table, double eta) {
        return Double.longBitsToDouble(step.apply(table, Double.doubleToRawLongBits(eta))[0]);
    }

    @Override
    public void forwardAll(int table) {
        forwardAll.apply(table);
    }

    @Override
    public void backwardAll(int table, double eta, int gradientOffset) {
        backwardAll.apply(table, Double.doubleToRawLongBits(eta), gradientOffset);
    }

    @Override
    public void copy(int dst, int src, int bytes) {
        copy.apply(dst, src, bytes);
    }

    @Override
    public double velocity(int table, int gradientOffset) {
        return Double.longBitsToDouble(velocity.apply(table, gradientOffset)[0]);
    }

    @Override
    public void combine(int flow, double h, int coefficients, int stages) {
        combine.apply(flow, Double.doubleToRawLongBits(h), coefficients, stages);
    }

    @Override
    public void flowError(int table, int flow, double h, int weights, int out) {
        flowError.apply(table, flow, Double.doubleToRawLongBits(h), weights, out);
    }

    @Override
    public void interpolate(int flow, double s, double h, int weights) {
        interpolate.apply(flow, Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(h), weights);
    }

    @Override
    public double balancedness(int up, int upStride, int down, int downStride, int n, int below, int above, int columns,
            int block) {
        return Double.longBitsToDouble(balancedness.apply(up, upStride, down, downStride, n, below, above, columns, block)[0]);
    }

    @Override
    public void optimize(int table, double eta, double c1, double c2) {
        optimize.apply(table, Double.doubleToRawLongBits(eta), Double.doubleToRawLongBits(c1), Double.doubleToRawLongBits(c2));
    }
}
