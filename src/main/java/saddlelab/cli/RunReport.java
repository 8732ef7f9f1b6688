package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import saddlelab.experiment.readings.Saddles;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.NumberText;

/**
 * What {@code run} prints for people: one line per run (status, final losses, rank, the saddles it
 * passed, digest) and the run's message when it did not converge; numbers rounded to what can be
 * read ({@link NumberText#approx}). The JSON document is for programs: {@code --out} or {@code --json}.
 */
final class RunReport {
    private RunReport() {
    }

    static String round(double x) {
        return NumberText.approx(x, 4);
    }

    /** One run in one line. */
    static String line(Run r) {
        Trace t = r.trace();
        int last = t.size() - 1;
        StringBuilder s = new StringBuilder();
        s.append("seed ").append(r.seed()).append(": ").append(r.status().name().toLowerCase(java.util.Locale.ROOT));
        if (last >= 0) {
            s.append(" · train ").append(round(t.get(last, Trace.TRAIN_LOSS)));
            double test = t.get(last, Trace.TEST_LOSS);
            if (!Double.isNaN(test)) {
                s.append(" · test ").append(round(test));
            }
            s.append(" · rank ").append((int) t.get(last, Trace.RANK));
            List<Saddles.Saddle> saddles = Saddles.find(r.stableTrace(), r.referenceScale(),
                    !r.spec().monotoneLoss());
            if (!saddles.isEmpty()) {
                s.append(" · saddles");
                for (Saddles.Saddle sd : saddles) {
                    s.append(' ').append(sd.rank).append(sd.clearGap ? "" : "?").append(" (").append(round(sd.loss)).append(')');
                    s.append(sd.escapedToRank < 0 ? " …" : " →");
                }
                Saddles.Saddle end = saddles.get(saddles.size() - 1);
                if (end.escapedToRank >= 0) {
                    s.append(' ').append(end.escapedToRank);
                }
            }
        }
        s.append(" · digest ").append(r.digest());
        return s.toString();
    }

    /** Every run of a configuration, with the messages of those that did not end done. */
    static void print(PrintStream out, String label, List<Run> runs) {
        if (label != null) {
            out.println(label);
        }
        for (Run r : runs) {
            out.println((label != null ? "  " : "") + line(r));
            if (!r.message().isEmpty()) {
                out.println((label != null ? "    " : "  ") + r.message());
            }
        }
    }
}
