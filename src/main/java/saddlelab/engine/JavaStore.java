package saddlelab.engine;

/**
 * θ in the network's own arrays, as the Java engine keeps it: nothing to sync, and the snapshot a copy of
 * the network allocated at the first {@link #mark}.
 */
abstract class JavaStore implements ParameterStore {
    private final DeepLinearNetwork net;
    private DeepLinearNetwork snapshot;

    JavaStore(DeepLinearNetwork net) {
        this.net = net;
    }

    @Override
    public final void sync() {
    }

    @Override
    public final void mark() {
        if (snapshot == null) {
            snapshot = net.copy();
            return;
        }
        snapshot.copyFrom(net);
    }

    @Override
    public final void marked(DeepLinearNetwork out) {
        out.copyFrom(snapshot);
    }

    @Override
    public final String name() {
        return "java";
    }
}
