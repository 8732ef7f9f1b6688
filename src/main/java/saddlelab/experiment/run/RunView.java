package saddlelab.experiment.run;

import java.util.List;
import java.util.Map;

/**
 * Read access to one run's result document ({@code Results.runToMap}, or the same text parsed back):
 * what summaries and a preset's checks read, whether the run was computed here, in a browser or on
 * another node. JSON nulls (undefined numbers) read as NaN.
 */
public final class RunView {
    private final Map<String, Object> run;

    public RunView(Map<String, Object> run) {
        this.run = run;
    }

    public static double number(Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof double[] && ((double[]) v).length == 1) {
            return ((double[]) v)[0];
        }
        return Double.NaN;
    }

    public double number(String key) {
        return number(run.get(key));
    }

    public String text(String key) {
        Object v = run.get(key);
        return v instanceof String ? (String) v : "";
    }

    /** The document's run failed as {@link Run#failed} says (its status is one of those, as Results writes it). */
    public boolean failed() {
        String status = text("status");
        for (RunStatus s : RunStatus.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(status)) {
                return s.failed();
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        Object v = run.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    /** A series of the run ({@code series.name}) as numbers. */
    public double[] series(String name) {
        Object v = object("series").get(name);
        if (v instanceof double[]) {
            return (double[]) v;
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(list.get(i));
            }
            return out;
        }
        return new double[0];
    }

    /** A series of lists (singular values, layer norms per record). */
    List<?> list(String name) {
        Object v = object("series").get(name);
        return v instanceof List ? (List<?>) v : List.of();
    }

    public double last(String name) {
        double[] s = series(name);
        return s.length == 0 ? Double.NaN : s[s.length - 1];
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> saddles() {
        Object v = run.get("saddles");
        return v instanceof List ? (List<Map<String, Object>>) v : List.of();
    }
}
