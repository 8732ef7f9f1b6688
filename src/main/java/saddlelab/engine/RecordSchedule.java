package saddlelab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps at which a run (or a greedy stage) is recorded: 0, the last step, and {@code count}
 * points in between, log-spaced in iterations (plateaus span decades) or linearly spaced; rounded
 * to integers, duplicates dropped. Deterministic: the log spacing uses {@link DetMath}.
 */
public final class RecordSchedule {
    private RecordSchedule() {
    }

    public static int[] steps(int steps, int count, boolean logSpacing) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        if (steps > 0) {
            for (int i = 1; i < count; i++) {
                double f = (double) i / (count - 1);
                int k = logSpacing ? (int) Math.floor(DetMath.exp(f * DetMath.log(steps)) + 0.5)
                        : (int) Math.floor(f * steps + 0.5);
                k = Math.max(1, Math.min(steps, k));
                if (k > out.get(out.size() - 1)) {
                    out.add(k);
                }
            }
            if (out.get(out.size() - 1) != steps) {
                out.add(steps);
            }
        }
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }
}
