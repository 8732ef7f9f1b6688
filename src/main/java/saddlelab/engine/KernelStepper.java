package saddlelab.engine;

/**
 * Gradient descent in the WebAssembly step kernel: θ and the cost's data live in the kernel's linear
 * memory for the whole run ({@link KernelLayout}), and one call is one {@link LossGradient#step},
 * operation for operation. The network's arrays see θ only at {@link #sync}; the snapshot is a copy
 * inside that memory.
 */
public final class KernelStepper extends KernelStore implements Stepper {
    /** Lays out the network and the cost's data in the kernel's memory and writes them there. */
    public KernelStepper(String name, Kernel kernel, DeepLinearNetwork net, Cost cost) {
        this(name, net, new KernelLayout(kernel, net, cost, 0, 0));
    }

    private KernelStepper(String name, DeepLinearNetwork net, KernelLayout layout) {
        super(name, layout, net, layout.weights());
    }

    @Override
    public double step(double eta) {
        moved();
        return layout.evaluate(eta, 0);
    }
}
