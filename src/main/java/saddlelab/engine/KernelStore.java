package saddlelab.engine;

/**
 * θ in one block of a kernel's memory ({@link KernelLayout}): read back into the network's arrays at
 * {@link #sync} only when it has moved, and its snapshot a copy inside that memory.
 */
abstract class KernelStore implements ParameterStore {
    final KernelLayout layout;
    private final String name;
    private final DeepLinearNetwork net;
    /** The block that holds θ. */
    final int theta;
    /** θ in the kernel has moved since the network's arrays last saw it. */
    private boolean moved;

    /** @param theta the block that holds θ */
    KernelStore(String name, KernelLayout layout, DeepLinearNetwork net, int theta) {
        this.name = name;
        this.layout = layout;
        this.net = net;
        this.theta = theta;
    }

    /** θ in the kernel has changed. */
    final void moved() {
        moved = true;
    }

    @Override
    public final void sync() {
        if (moved) {
            layout.read(theta, net);
            moved = false;
        }
    }

    @Override
    public final void mark() {
        layout.copyBlock(layout.snapshot(), theta);
    }

    @Override
    public final void marked(DeepLinearNetwork out) {
        layout.read(layout.snapshot(), out);
    }

    /** In the kernel, from θ's block: O(w³) at a record, at the kernel's speed rather than TeaVM's. */
    @Override
    public final double balancedness(DeepLinearNetwork synced, Balancedness java) {
        return layout.balancedness(theta);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void close() {
        layout.close();
    }
}
