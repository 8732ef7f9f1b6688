package saddlelab.experiment;

import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;

/** The paper's Fig. 1 run (completion 10×10 rank 3, L = 4, γ = 2), shared by the tests that read it. */
public final class Fig1 {
    private Fig1() {
    }

    public static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7},"
            + "\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":20000,\"seed\":1,"
            + "\"records\":400}";

    private static Run run;

    public static synchronized Run run() {
        if (run == null) {
            run = new Run(ExperimentSpec.parse(SPEC), 0).complete();
        }
        return run;
    }
}
