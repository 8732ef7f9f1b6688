package saddlelab.engine;

/** The Java engine's snapshot of θ: a copy of the network, allocated at the first {@link #mark}. */
final class Snapshot {
    private final DeepLinearNetwork net;
    private DeepLinearNetwork copy;

    Snapshot(DeepLinearNetwork net) {
        this.net = net;
    }

    void mark() {
        if (copy == null) {
            copy = net.copy();
            return;
        }
        copy.copyFrom(net);
    }

    void marked(DeepLinearNetwork out) {
        out.copyFrom(copy);
    }
}
