package saddlelab.engine;

/** {@link Stepper#of}: {@link LossGradient#step} on the network's arrays. */
final class JavaStepper extends JavaStore implements Stepper {
    private final LossGradient kernel;

    JavaStepper(LossGradient kernel) {
        super(kernel.network());
        this.kernel = kernel;
    }

    @Override
    public double step(double eta) {
        return kernel.step(eta);
    }
}
