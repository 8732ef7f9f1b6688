package saddlelab.experiment.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.run.RunView;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The summary of a preset or sweep (Fig. 3): per configuration, the final loss (test where the task
 * has a test set, else train) as mean ± std over its seeds, the mean final rank (at the spec's
 * tolerance), and the fraction of seeds that recovered the task (final test loss at most
 * {@link #RECOVERED} of the zero predictor's), against one x: the swept field for a sweep; for a
 * preset γ (named schemes as their γ), α or σ; one series per width unless the width is what varies.
 * Seeds that diverged or oscillated are counted ({@code failed}) and left out of the mean, std and rank
 * (their last record is the instability's; a sweep over η past the stability limit averaged 10¹⁷ in);
 * they count as not recovered.
 * Built from the runs' result documents ({@code Results.runToMap}), so the command line, a merge of
 * shards and the page write the same summary.
 */
public final class Summary {
    private Summary() {
    }

    /** A final test loss at most this fraction of the zero predictor's counts as recovering the task. */
    public static final double RECOVERED = 1e-3;
    /**
     * Why a seed missed the task, in this order: its step was unstable (it diverged or oscillated); it ran
     * out of steps (unconverged); it fitted the data at a higher rank than the task's (no low-rank bias:
     * the large-initialization regimes, §4); the top two singular values of ∇C(0) are close (s₂/s₁ ≥
     * {@link #CLOSE}), so which direction escapes first is a toss-up (§5.3); else it converged at the
     * task's rank or below to a point that does not recover the matrix (a spurious one, §5.3).
     */
    public static final List<String> MISSES = List.of("unstable", "steps", "rank", "close", "spurious");
    /** s₂/s₁ of ∇C(0) from which the top two escape directions count as close. */
    public static final double CLOSE = 0.9;

    /** The rank of the task's matrix (the teacher's nonzero diagonal entries, or its rank), 0 if unknown. */
    static int taskRank(saddlelab.experiment.spec.ExperimentSpec spec) {
        if (spec.task.isMatrix() && spec.task.teacherDiagonal == null) {
            return spec.task.rank;
        }
        if (spec.task.teacherDiagonal != null) {
            int k = 0;
            for (double d : spec.task.teacherDiagonal) {
                k += d != 0 ? 1 : 0;
            }
            return k;
        }
        return spec.task.teacherRank;
    }

    /** The cause of a miss of a seed that did not fail ({@link #MISSES}), on a task of rank {@code taskRank}. */
    static String missCause(RunView r, int taskRank) {
        if ("unconverged".equals(r.text("status"))) {
            return "steps";
        }
        if (taskRank > 0 && r.last("rank") > taskRank) {
            return "rank";
        }
        Map<String, Object> escape = r.object("escape");
        double s1 = RunView.number(escape.get("s1"));
        double s2 = RunView.number(escape.get("s2"));
        return s1 > 0 && s2 / s1 >= CLOSE ? "close" : "spurious";
    }

    /** One configuration (its key names it for a preset's checks) and its runs (result documents). */
    public static final class Entry {
        public final String label;
        public final String key;
        public final ExperimentSpec spec;
        public final List<Map<String, Object>> runs;

        public Entry(String label, String key, ExperimentSpec spec, List<Map<String, Object>> runs) {
            this.label = label;
            this.key = key;
            this.spec = spec;
            this.runs = runs;
        }
    }

    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("gamma", "γ"), Map.entry("init.gamma", "γ"),
            Map.entry("alpha", "α"), Map.entry("init.alpha", "α"), Map.entry("sigma", "σ"), Map.entry("init.sigma", "σ"),
            Map.entry("learningRate", "η"), Map.entry("width", "w"), Map.entry("depth", "L"),
            Map.entry("task.observed", "observed fraction"), Map.entry("optimizer.weightDecay", "λ (weight decay)"),
            Map.entry("optimizer.batch", "batch (0: full)"));

    /**
     * @param sweep the swept field, or null for a preset
     * @return {@code {"x", "xField", "xlog", "zero", "groups": [{"label", "width", "points": [{"x", "label",
     *         "mean", "std", "rank", "recovered", "seeds", "failed", "misses", "nuclearNorm"}]}]}}, or null when no
     *         configuration has a run
     */
    public static Map<String, Object> of(List<Entry> entries, String sweep) {
        return of(entries, sweep, "width");
    }

    /** {@link #of(List, String)} with a line per {@code group}: "width" (w = …) or "depth" (L = …). */
    public static Map<String, Object> of(List<Entry> entries, String sweep, String group) {
        if (entries.isEmpty()) {
            return null;
        }
        ExperimentSpec first = entries.get(0).spec;
        String kind = sweep != null ? sweep : first.init.kind.equals("alpha") ? "alpha"
                : first.init.kind.equals("sigma") ? "sigma" : "gamma";
        boolean byWidth = !"width".equals(sweep);
        Map<Object, Map<String, Object>> groups = new LinkedHashMap<>();
        List<Double> zero = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        for (Entry e : entries) {
            if (e.runs.isEmpty()) {
                continue;
            }
            List<Double> finals = new ArrayList<>();
            double baseline = 0;
            int baselines = 0;
            double ranks = 0;
            int recovered = 0;
            int failed = 0;
            Map<String, Integer> misses = new LinkedHashMap<>();
            for (String cause : MISSES) {
                misses.put(cause, 0);
            }
            for (Map<String, Object> run : e.runs) {
                RunView r = new RunView(run);
                Map<String, Object> bl = r.object("baselines");
                Object nn = bl.get("nuclearNorm");
                if (nn instanceof Map) {
                    double b = RunView.number(((Map<?, ?>) nn).get("testLoss"));
                    if (b == b) {
                        baseline += b;
                        baselines++;
                    }
                }
                double z = r.number("zeroTestLoss");
                if (z > 0) {
                    zero.add(z);
                }
                if (r.failed()) {
                    failed++; // its last record is the instability's: not a final loss to average (nor recovered)
                    misses.merge("unstable", 1, Integer::sum);
                    continue;
                }
                double test = r.last("testLoss");
                double value = test == test ? test : r.last("trainLoss");
                finals.add(value);
                ranks += r.last("rank");
                if (z > 0 && test == test && test <= RECOVERED * z) {
                    recovered++;
                } else if (z > 0 && test == test) {
                    misses.merge(missCause(r, taskRank(e.spec)), 1, Integer::sum);
                }
            }
            double mean = finals.isEmpty() ? Double.NaN : 0;
            for (double f : finals) {
                mean += f / finals.size();
            }
            double var = 0;
            for (double f : finals) {
                var += (f - mean) * (f - mean) / finals.size();
            }
            double x = xOf(e.spec, kind, sweep);
            xs.add(x);
            boolean byDepth = "depth".equals(group);
            Object key = byDepth ? (Object) ("L" + e.spec.depth) : byWidth ? (Object) e.spec.width : "all";
            Map<String, Object> g = groups.computeIfAbsent(key, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("label", byDepth ? "L = " + e.spec.depth : byWidth ? "w = " + e.spec.width : "mean");
                m.put("width", byWidth ? e.spec.width : Double.NaN);
                m.put("points", new ArrayList<Object>());
                return m;
            });
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("x", x);
            p.put("label", e.label);
            p.put("mean", mean);
            p.put("std", finals.isEmpty() ? Double.NaN : Math.sqrt(var));
            p.put("rank", finals.isEmpty() ? Double.NaN : ranks / finals.size());
            p.put("recovered", zero.isEmpty() ? Double.NaN : (double) recovered / e.runs.size());
            p.put("seeds", e.runs.size());
            // the minimum-nuclear-norm fit's test loss on the same data, mean over the seeds (completion, sensing)
            p.put("nuclearNorm", baselines == 0 ? Double.NaN : baseline / baselines);
            p.put("failed", failed);
            p.put("misses", misses);
            @SuppressWarnings("unchecked")
            List<Object> points = (List<Object>) g.get("points");
            points.add(p);
        }
        if (xs.isEmpty()) {
            return null;
        }
        for (Map<String, Object> g : groups.values()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> points = (List<Map<String, Object>>) (List<?>) g.get("points");
            points.sort((a, b) -> Double.compare((Double) a.get("x"), (Double) b.get("x")));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        boolean logX = List.of("alpha", "sigma", "init.alpha", "init.sigma", "learningRate", "width").contains(kind)
                && lo > 0 && hi / lo >= 20;
        double z = 0;
        for (double v : zero) {
            z += v / zero.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("x", NAMES.getOrDefault(kind, kind));
        out.put("xField", sweep != null ? sweep : "init." + kind);
        out.put("xlog", logX);
        out.put("zero", zero.isEmpty() ? Double.NaN : z);
        out.put("groups", new ArrayList<Object>(groups.values()));
        return out;
    }

    private static double xOf(ExperimentSpec spec, String kind, String sweep) {
        if (sweep != null) {
            Object v = valueAt(spec.toMap(), sweep);
            if (v == null && sweep.startsWith("optimizer.")) {
                return 0; // a field plain descent's canonical {"type": "gd"} leaves out: no batch, decay or momentum
            }
            if (sweep.startsWith("init.") && !(v instanceof Number)) {
                return sweep.equals("init.gamma") ? spec.gamma() : Double.NaN;
            }
            return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        }
        return kind.equals("gamma") ? spec.gamma() : spec.init.value;
    }

    private static Object valueAt(Map<String, Object> m, String path) {
        Object o = m;
        int from = 0;
        while (from <= path.length()) {
            int dot = path.indexOf('.', from);
            String k = path.substring(from, dot < 0 ? path.length() : dot);
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<?, ?>) o).get(k);
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        return o;
    }
}
