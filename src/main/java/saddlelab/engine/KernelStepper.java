package saddlelab.engine;

/**
 * Gradient descent in the WebAssembly step kernel: θ and the cost's data live in the kernel's linear
 * memory for the whole run ({@link KernelLayout}), and one call is one {@link LossGradient#step},
 * operation for operation. The network's arrays see θ only at {@link #sync}; the snapshot is a copy
 * inside that memory.
 */
public final class KernelStepper implements Stepper {
    private final String name;
    private final Kernel kernel;
    private final DeepLinearNetwork net;
    private final KernelLayout layout;
    /** θ in the kernel has moved since the network's arrays last saw it. */
    private boolean dirty;

    /** Lays out the network and the cost's data in the kernel's memory and writes them there. */
    public KernelStepper(String name, Kernel kernel, DeepLinearNetwork net, Cost cost) {
        this.name = name;
        this.kernel = kernel;
        this.net = net;
        this.layout = new KernelLayout(kernel, net, cost, 0, 0);
    }

    @Override
    public double step(double eta) {
        dirty = true;
        return layout.evaluate(eta, 0);
    }

    @Override
    public void sync() {
        if (!dirty) {
            return;
        }
        layout.read(layout.weights(), net);
        dirty = false;
    }

    @Override
    public void mark() {
        kernel.copy(layout.snapshot(), layout.weights(), layout.blockBytes());
    }

    @Override
    public void marked(DeepLinearNetwork out) {
        layout.read(layout.snapshot(), out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        layout.close();
    }
}
