package saddlelab.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's figures as built-in presets (appendix A and the captions). A preset is a list of
 * configurations (one spec each; a sweep has several), in a published size and a quick variant, with
 * a short text on what to watch for. Where the paper leaves a parameter open, the text says what was
 * chosen. Shared by the command line ({@code presets}, {@code run --preset}), the server
 * ({@code GET /api/presets}) and the page.
 */
public final class Presets {
    private Presets() {
    }

    /** One spec of a preset, with the label it carries in legends. */
    public static final class Configuration {
        public final String label;
        public final ExperimentSpec spec;

        Configuration(String label, String json) {
            this(label, ExperimentSpec.parse(json));
        }

        Configuration(String label, ExperimentSpec spec) {
            this.label = label;
            this.spec = spec;
        }
    }

    public static final class Preset {
        public final String name;
        public final String title;
        public final String explanation;
        public final String quickNote;
        public final List<Configuration> full;
        public final List<Configuration> quick;
        /** For the toolkit's experiments: what to run on the (single) configuration's spec; else null. */
        public final ToolkitExperiment experimentFull;
        public final ToolkitExperiment experimentQuick;

        Preset(String name, String title, String explanation, String quickNote, List<Configuration> full,
                List<Configuration> quick) {
            this(name, title, explanation, quickNote, full, quick, null, null);
        }

        Preset(String name, String title, String explanation, String quickNote, List<Configuration> full,
                List<Configuration> quick, ToolkitExperiment experimentFull, ToolkitExperiment experimentQuick) {
            this.name = name;
            this.title = title;
            this.explanation = explanation;
            this.quickNote = quickNote;
            this.full = Collections.unmodifiableList(full);
            this.quick = Collections.unmodifiableList(quick);
            this.experimentFull = experimentFull;
            this.experimentQuick = experimentQuick;
        }

        public List<Configuration> configurations(boolean quickVariant) {
            return quickVariant ? quick : full;
        }

        public ToolkitExperiment experiment(boolean quickVariant) {
            return quickVariant ? experimentQuick : experimentFull;
        }
    }

    /**
     * One of the toolkit's experiments over a spec: {@code escape} (escape time against α, §5.1) or
     * {@code geometry} (distances from the initialization against w, Theorem 1).
     */
    public static final class ToolkitExperiment {
        public final String kind;
        public final double[] alphas;
        public final int[] widths;
        public final double[] gammas;
        public final int seeds;

        private ToolkitExperiment(String kind, double[] alphas, int[] widths, double[] gammas, int seeds) {
            this.kind = kind;
            this.alphas = alphas;
            this.widths = widths;
            this.gammas = gammas;
            this.seeds = seeds;
        }

        static ToolkitExperiment escape(double... alphas) {
            return new ToolkitExperiment("escape", alphas, null, null, 0);
        }

        static ToolkitExperiment geometry(int[] widths, double[] gammas, int seeds) {
            return new ToolkitExperiment("geometry", null, widths, gammas, seeds);
        }

        /** The experiment's JSON document ({@link Experiments}). */
        public String run(ExperimentSpec spec) {
            return kind.equals("escape") ? Experiments.escapeTimes(spec, alphas, 0)
                    : Experiments.geometry(spec, widths, gammas, seeds);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            if (alphas != null) {
                m.put("alphas", alphas);
            } else {
                m.put("widths", widths);
                m.put("gammas", gammas);
                m.put("seeds", seeds);
            }
            return m;
        }
    }

    private static final String FIG1_TASK =
            "{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1}";
    private static final String FIG2_TASK = "{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,"
            + "\"teacherDiagonal\":[10,20,30,40,50],\"train\":100,\"seed\":1}";
    private static final String FIG3_TASK =
            "{\"type\":\"completion\",\"rows\":30,\"cols\":30,\"rank\":1,\"observed\":0.2,\"seed\":1}";
    private static final String FIG6_TASK = "{\"type\":\"teacher\",\"inputs\":10,\"outputs\":10,\"teacherRank\":3,"
            + "\"train\":100,\"test\":1000,\"noise\":0.2,\"seed\":1}";

    private static String spec(String task, int depth, int width, String init, String rate, int steps, int seeds,
            int records, double tolerance, String extra) {
        return "{\"task\":" + task + ",\"depth\":" + depth + ",\"width\":" + width + ",\"init\":" + init
                + ",\"learningRate\":" + rate + ",\"steps\":" + steps + ",\"seed\":1,\"seeds\":" + seeds
                + ",\"records\":" + records + ",\"rankTolerance\":" + NumberText.format(tolerance) + extra + "}";
    }

    private static List<Configuration> fig2(int[] widths, int seeds, int steps) {
        List<Configuration> out = new ArrayList<>();
        String[][] regimes = {{"NTK (γ = 1 − 1/L)", "{\"scheme\":\"ntk\"}"}, {"mean-field (γ = 1)", "{\"gamma\":1}"},
            {"saddle-to-saddle (γ = 2)", "{\"gamma\":2}"}};
        for (String[] regime : regimes) {
            for (int w : widths) {
                out.add(new Configuration(regime[0] + ", w = " + w,
                        spec(FIG2_TASK, 4, w, regime[1], "1e-4", steps, seeds, 200, 0.1, "")));
            }
        }
        return out;
    }

    private static List<Configuration> fig3(int[] widths, double[] gammas, int seeds) {
        List<Configuration> out = new ArrayList<>();
        for (int w : widths) {
            for (double g : gammas) {
                out.add(new Configuration("γ = " + NumberText.format(g) + ", w = " + w,
                        spec(FIG3_TASK, 4, w, "{\"gamma\":" + NumberText.format(g) + "}", "0.05", 20000, seeds, 100,
                                0.1, ",\"widthScaledLearningRate\":true")));
            }
        }
        return out;
    }

    private static List<Configuration> fig4(int steps) {
        List<Configuration> out = new ArrayList<>();
        for (String alpha : new String[] {"0.2", "0.03", "0.01"}) {
            out.add(new Configuration("α = " + alpha,
                    spec(FIG1_TASK, 4, 100, "{\"alpha\":" + alpha + "}", "0.01", steps, 1, 300, 0.1, "")));
        }
        return out;
    }

    private static List<Configuration> fig6(int shallowSteps, int deepSteps) {
        List<Configuration> out = new ArrayList<>();
        out.add(new Configuration("shallow L = 2, w = 50, σ = w^−2",
                spec(FIG6_TASK, 2, 50, "{\"gamma\":4}", "1e-3", shallowSteps, 1, 300, 1e-4, "")));
        out.add(new Configuration("shallow L = 2, w = 50, NTK σ",
                spec(FIG6_TASK, 2, 50, "{\"scheme\":\"ntk\"}", "1e-3", shallowSteps, 1, 300, 1e-4, "")));
        out.add(new Configuration("deep L = 4, w = 100, σ = w^−1",
                spec(FIG6_TASK, 4, 100, "{\"gamma\":2}", "1e-3", deepSteps, 1, 300, 1e-4, "")));
        out.add(new Configuration("deep L = 4, w = 100, NTK σ",
                spec(FIG6_TASK, 4, 100, "{\"scheme\":\"ntk\"}", "1e-3", deepSteps, 1, 300, 1e-4, "")));
        return out;
    }

    private static List<Preset> build() {
        List<Preset> all = new ArrayList<>();
        String fig1 = spec(FIG1_TASK, 4, 100, "{\"gamma\":2}", "0.2", 20000, 1, 400, 0.1, "");
        all.add(new Preset("fig1", "Fig. 1 — saddle-to-saddle dynamics (matrix completion 10×10 rank 3, L = 4, w = 100, γ = 2)",
                "Watch the train loss sit on plateaus while rank(A) climbs 0 → 1 → 2 → 3, one singular value at a "
                + "time; the saddles table sets each plateau beside the greedy low-rank algorithm's saddle, and the "
                + "path view shows the trajectory passing near them. The paper gives no observed fraction, learning "
                + "rate or step count: 70 % observed, η = 0.2 and 20 000 steps are chosen here.",
                "the published size runs in seconds", List.of(new Configuration("γ = 2", fig1)),
                List.of(new Configuration("γ = 2", fig1))));
        all.add(new Preset("fig2", "Fig. 2 — three regimes on a teacher 10·diag(1..5), L = 4, widths 10, 100, 1000",
                "NTK: the loss falls linearly with no plateau as w grows; mean-field: plateaus whose length does not "
                + "change between w = 100 and 1000; saddle-to-saddle (γ = 2 here; the paper only says γ > 1): plateaus "
                + "that lengthen with the width. Bands show the 10 seeds.",
                "widths 10 and 100, 3 seeds, 20 000 epochs instead of 1000-wide nets, 10 seeds and 50 000 epochs; "
                + "about a minute in a browser on 2 cores, while the published size takes hours (w = 1000 runs ~100 "
                + "steps/s): run it with the command line",
                fig2(new int[] {10, 100, 1000}, 10, 50000), fig2(new int[] {10, 100}, 3, 20000)));
        all.add(new Preset("fig3", "Fig. 3 — test error and rank against γ (matrix completion 30×30 rank 1, 20 % observed)",
                "In the NTK regime the solutions are nearly full rank and the test error is no better than the zero "
                + "predictor's; in the saddle-to-saddle regime the rank is 1 and the test error near 0. The paper states "
                + "neither depth nor widths: L = 4 and widths 10 and 100 (1000 in the full variant) are used here, with "
                + "η0 = 0.05 for γ > 1 and η0·w^((L−1)(γ−1)) for γ ≤ 1.",
                "widths 10 and 100, γ ∈ {0.75, 1, 2}, 3 seeds instead of widths up to 1000, six γ and 7 seeds; "
                + "about 3 minutes in a browser on 2 cores",
                fig3(new int[] {10, 100, 1000}, new double[] {0.75, 0.875, 1, 1.25, 1.5, 2}, 7),
                fig3(new int[] {10, 100}, new double[] {0.75, 1, 2}, 3)));
        all.add(new Preset("fig4", "Fig. 4 — one θ0, three scales α (the fig1 task, L = 4, w = 100)",
                "The same random θ0 scaled by α: for large α the network is lazy and does not learn the low-rank "
                + "structure; as α shrinks plateaus appear and the test loss falls; the path view shows the paths "
                + "converging to the saddle-to-saddle sequence. α ∈ {0.2, 0.03, 0.01} and η = 0.01 are chosen here.",
                "50 000 steps instead of 200 000: the smallest α may not finish its last plateau; about a minute "
                + "in a browser on 2 cores",
                fig4(200000), fig4(50000)));
        all.add(new Preset("fig5", "Fig. 5 — the Fig. 2 runs seen through rank, nuclear norm and gradient norm",
                "The same configurations as Fig. 2: in the saddle-to-saddle regime the rank (tolerance 0.1) and the "
                + "nuclear norm rise in steps at each escape, and ‖∇θL‖ dips at every saddle.",
                "as Fig. 2's quick variant: about a minute in a browser on 2 cores", fig2(new int[] {10, 100, 1000}, 10, 50000),
                fig2(new int[] {10, 100}, 3, 20000)));
        all.add(new Preset("fig6", "Fig. 6 — noisy rank-3 teacher 10×10: shallow and deep, small against NTK init",
                "With small initialization the rank (tolerance 1e-4) rises to 3 and the test loss reaches the noise "
                + "floor, while the NTK initialization fits the noise at full rank.",
                "10 000 shallow and 150 000 deep iterations instead of 100 000 and 1 500 000; about a minute in a "
                + "browser on 2 cores (the published deep runs take about ten)",
                fig6(100000, 1500000), fig6(10000, 150000)));
        String escape = spec(FIG1_TASK, 4, 10, "{\"alpha\":0.01}", "0.01", 1000, 1, 100, 0.1,
                ",\"optimizer\":{\"type\":\"flow\"}");
        all.add(new Preset("escape", "Escape time against α (§5.1): the fig1 task, L = 4, w = 10, gradient flow",
                "Gradient flow from α·θ0 until ‖θ‖ first reaches r: the escape time t_α grows like α^−(L−2) for "
                + "L > 2 (like −log α for L = 2), the optimal escape speed s* = L^−(L−2)/2·s1 of §5.1 with "
                + "s1 = ‖∇C(0)‖_op. Change the depth to 2 or 3 to see the other laws.",
                "five α instead of seven; seconds", List.of(new Configuration("L = 4, w = 10", escape)),
                List.of(new Configuration("L = 4, w = 10", escape)),
                ToolkitExperiment.escape(3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5),
                ToolkitExperiment.escape(1e-2, 3e-3, 1e-3, 3e-4, 1e-4)));
        String geometry = spec(FIG2_TASK, 4, 100, "{\"gamma\":2}", "1e-4", 1, 1, 2, 0.1, "");
        all.add(new Preset("geometry", "Initialization geometry against w (Theorem 1): the fig2 teacher, L = 4",
                "At σ² = w^−γ, the distance from the initialization to the saddle at the origin and to the nearest "
                + "global minimum scale with w as Theorem 1 says: for γ > 1 the saddle is closer (d_saddle ∝ "
                + "w^((1−γ)/2)), for γ < 1 the minimum is; the NTK at initialization concentrates on its "
                + "expectation as w grows. Dashed lines are the theorem's exponents.",
                "widths up to 300 and 2 seeds instead of up to 1000 and 3 seeds; seconds",
                List.of(new Configuration("L = 4", geometry)), List.of(new Configuration("L = 4", geometry)),
                ToolkitExperiment.geometry(new int[] {10, 30, 100, 300, 1000}, new double[] {0.8, 1, 2}, 3),
                ToolkitExperiment.geometry(new int[] {10, 30, 100, 300}, new double[] {0.8, 1, 2}, 2)));
        return Collections.unmodifiableList(all);
    }

    private static List<Preset> presets;

    public static synchronized List<Preset> all() {
        if (presets == null) {
            presets = build();
        }
        return presets;
    }

    public static Preset get(String name) {
        for (Preset p : all()) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The list as JSON (names, titles, texts, configurations with canonical specs). */
    public static String json() {
        List<Object> list = new ArrayList<>();
        for (Preset p : all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name);
            m.put("title", p.title);
            m.put("explanation", p.explanation);
            m.put("quickNote", p.quickNote);
            m.put("full", configurations(p.full));
            m.put("quick", configurations(p.quick));
            if (p.experimentFull != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("full", p.experimentFull.toMap());
                e.put("quick", p.experimentQuick.toMap());
                m.put("experiment", e);
            }
            list.add(m);
        }
        return Json.write(list);
    }

    static List<Object> configurations(List<Configuration> cs) {
        List<Object> out = new ArrayList<>();
        for (Configuration c : cs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", c.label);
            m.put("spec", c.spec.toMap());
            out.add(m);
        }
        return out;
    }
}
