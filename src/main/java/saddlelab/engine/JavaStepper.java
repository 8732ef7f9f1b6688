package saddlelab.engine;

/** {@link Stepper#of}: {@link LossGradient#step} on the network's arrays. */
final class JavaStepper extends JavaStore implements Stepper {
    private final LossGradient lossGradient;

    JavaStepper(LossGradient lossGradient) {
        super(lossGradient.network());
        this.lossGradient = lossGradient;
    }

    @Override
    public double step(double eta) {
        return lossGradient.step(eta);
    }
}
