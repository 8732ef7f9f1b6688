package saddlelab.experiment.figures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.readings.Analyses;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;

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

    /** One spec of a preset, with the label it carries in legends and a short key the checks and the tour name it by. */
    public static final class Configuration {
        public final String label;
        public final String key;
        public final ExperimentSpec spec;

        Configuration(String key, String label, String json) {
            this(key, label, ExperimentSpec.parse(json));
        }

        public Configuration(String key, String label, ExperimentSpec spec) {
            this.key = key;
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
        /** For the toolkit's analyses: what to run on the (single) configuration's spec; else null. */
        public final Analysis analysisFull;
        public final Analysis analysisQuick;
        /**
         * The summary's x axis, a spec field's path ({@code "optimizer.weightDecay"}), or null for the
         * initialization's scale; and what its lines are per: "width" or "depth".
         */
        public final String summaryField;
        public final String summaryGroup;

        Preset(String name, String title, String explanation, String quickNote, List<Configuration> full,
                List<Configuration> quick) {
            this(name, title, explanation, quickNote, full, quick, null, null);
        }

        Preset(String name, String title, String explanation, String quickNote, List<Configuration> full,
                List<Configuration> quick, Analysis analysisFull, Analysis analysisQuick) {
            this(name, title, explanation, quickNote, full, quick, analysisFull, analysisQuick, null, "width");
        }

        private Preset(String name, String title, String explanation, String quickNote, List<Configuration> full,
                List<Configuration> quick, Analysis analysisFull, Analysis analysisQuick, String summaryField,
                String summaryGroup) {
            this.summaryField = summaryField;
            this.summaryGroup = summaryGroup;
            this.name = name;
            this.title = title;
            this.explanation = explanation;
            this.quickNote = quickNote;
            this.full = Collections.unmodifiableList(full);
            this.quick = Collections.unmodifiableList(quick);
            this.analysisFull = analysisFull;
            this.analysisQuick = analysisQuick;
        }

        /** This preset with its summary plotted against {@code field}, a line per {@code group} ("width" or "depth"). */
        Preset summarizedBy(String field, String group) {
            return new Preset(name, title, explanation, quickNote, full, quick, analysisFull, analysisQuick, field, group);
        }

        public List<Configuration> configurations(boolean quickVariant) {
            return quickVariant ? quick : full;
        }

        public Analysis analysis(boolean quickVariant) {
            return quickVariant ? analysisQuick : analysisFull;
        }
    }

    /**
     * One of the toolkit's analyses over a spec: {@code escape} (escape time against α, §5.1) or
     * {@code geometry} (distances from the initialization against w, Theorem 1).
     */
    public static final class Analysis {
        public final String kind;
        public final double[] alphas;
        public final int[] widths;
        public final double[] gammas;
        public final int seeds;

        private Analysis(String kind, double[] alphas, int[] widths, double[] gammas, int seeds) {
            this.kind = kind;
            this.alphas = alphas;
            this.widths = widths;
            this.gammas = gammas;
            this.seeds = seeds;
        }

        static Analysis escape(double... alphas) {
            return new Analysis("escape", alphas, null, null, 0);
        }

        static Analysis geometry(int[] widths, double[] gammas, int seeds) {
            return new Analysis("geometry", null, widths, gammas, seeds);
        }

        /** The analysis' document ({@link Analyses}). */
        public Map<String, Object> run(ExperimentSpec spec) {
            return kind.equals("escape") ? Analyses.escapeTimes(spec, alphas, 0)
                    : Analyses.geometry(spec, widths, gammas, seeds);
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
    /** No data seed: each run seed draws its own A* and observed entries, as the paper's 7 seeds do. */
    private static final String FIG3_TASK =
            "{\"type\":\"completion\",\"rows\":30,\"cols\":30,\"rank\":1,\"observed\":0.2}";
    private static final String FIG6_TASK = "{\"type\":\"teacher\",\"inputs\":10,\"outputs\":10,\"teacherRank\":3,"
            + "\"train\":100,\"test\":1000,\"noise\":0.2,\"seed\":1}";

    private static String spec(String task, int depth, int width, String init, String rate, int steps, int seeds,
            int records, double tolerance, String extra) {
        return "{\"task\":" + task + ",\"depth\":" + depth + ",\"width\":" + width + ",\"init\":" + init
                + ",\"learningRate\":" + rate + ",\"steps\":" + steps + ",\"seed\":1,\"seeds\":" + seeds
                + ",\"records\":" + records + ",\"rankTolerance\":" + NumberText.format(tolerance) + extra + "}";
    }

    /** The Fig. 1 task (10×10, rank 3, 70 % observed) with another data draw. */
    private static String spuriousTask(int seed) {
        return "{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":" + seed + "}";
    }

    private static List<Configuration> fig2(int[] widths, int seeds, int steps) {
        List<Configuration> out = new ArrayList<>();
        String[][] regimes = {{"ntk", "NTK (γ = 1 − 1/L)", "{\"scheme\":\"ntk\"}"}, {"mf", "mean-field (γ = 1)", "{\"gamma\":1}"},
            {"s2s", "saddle-to-saddle (γ = 2)", "{\"gamma\":2}"}};
        for (String[] regime : regimes) {
            for (int w : widths) {
                out.add(new Configuration(regime[0] + "-" + w, regime[1] + ", w = " + w,
                        spec(FIG2_TASK, 4, w, regime[2], "1e-4", steps, seeds, 200, 0.1, "")));
            }
        }
        return out;
    }

    private static List<Configuration> fig3(int[] widths, double[] gammas, int seeds) {
        List<Configuration> out = new ArrayList<>();
        for (int w : widths) {
            for (double g : gammas) {
                out.add(new Configuration("gamma-" + NumberText.format(g) + "-" + w, "γ = " + NumberText.format(g) + ", w = " + w,
                        spec(FIG3_TASK, 4, w, "{\"gamma\":" + NumberText.format(g) + "}", "0.05", 20000, seeds, 100,
                                0.1, ",\"widthScaledLearningRate\":true")));
            }
        }
        return out;
    }

    private static List<Configuration> fig4(int steps) {
        List<Configuration> out = new ArrayList<>();
        for (String alpha : new String[] {"0.2", "0.03", "0.01"}) {
            out.add(new Configuration("alpha-" + alpha, "α = " + alpha,
                    spec(FIG1_TASK, 4, 100, "{\"alpha\":" + alpha + "}", "0.01", steps, 1, 300, 0.1, "")));
        }
        return out;
    }

    private static List<Configuration> fig6(int shallowSteps, int deepSteps) {
        List<Configuration> out = new ArrayList<>();
        out.add(new Configuration("shallow-small", "shallow L = 2, w = 50, σ = w^−2",
                spec(FIG6_TASK, 2, 50, "{\"gamma\":4}", "1e-3", shallowSteps, 1, 300, 1e-4, "")));
        out.add(new Configuration("shallow-ntk", "shallow L = 2, w = 50, NTK σ",
                spec(FIG6_TASK, 2, 50, "{\"scheme\":\"ntk\"}", "1e-3", shallowSteps, 1, 300, 1e-4, "")));
        // η = 5e-4, not the paper's 1e-3: see the preset's text
        out.add(new Configuration("deep-small", "deep L = 4, w = 100, σ = w^−1",
                spec(FIG6_TASK, 4, 100, "{\"gamma\":2}", "5e-4", deepSteps, 1, 300, 1e-4, "")));
        out.add(new Configuration("deep-ntk", "deep L = 4, w = 100, NTK σ",
                spec(FIG6_TASK, 4, 100, "{\"scheme\":\"ntk\"}", "5e-4", deepSteps, 1, 300, 1e-4, "")));
        return out;
    }

    /** Fig. 1's task and network at η = 0.05 under minibatches of 100, 50, 20 and 5 % of its 70 observed entries. */
    private static List<Configuration> sgdNoise(int seeds) {
        List<Configuration> out = new ArrayList<>();
        String[][] batches = {{"100", ""}, {"50", "35"}, {"20", "14"}, {"5", "4"}};
        for (String[] b : batches) {
            String optimizer = b[1].isEmpty() ? "" : ",\"optimizer\":{\"type\":\"sgd\",\"batch\":" + b[1] + "}";
            out.add(new Configuration("batch-" + b[0], b[1].isEmpty() ? "full batch (70 entries)"
                    : b[0] + " % (batch " + b[1] + ")", spec(FIG1_TASK, 4, 100, "{\"gamma\":2}", "0.05", 30000, seeds, 400,
                    0.1, optimizer)));
        }
        return out;
    }

    /** Fig. 1's and Fig. 2's runs under gradient descent and under Adam (η = 10⁻³, full batch). */
    private static List<Configuration> adam(int seeds) {
        String adam = ",\"optimizer\":{\"type\":\"adam\"}";
        return List.of(
                new Configuration("fig1-gd", "Fig. 1 task, descent (η = 0.2)",
                        spec(FIG1_TASK, 4, 100, "{\"gamma\":2}", "0.2", 20000, seeds, 400, 0.1, "")),
                new Configuration("fig1-adam", "Fig. 1 task, Adam (η = 10⁻³)",
                        spec(FIG1_TASK, 4, 100, "{\"gamma\":2}", "1e-3", 20000, seeds, 400, 0.1, adam)),
                new Configuration("fig2-gd", "Fig. 2 task, descent (η = 10⁻⁴)",
                        spec(FIG2_TASK, 4, 100, "{\"gamma\":2}", "1e-4", 50000, seeds, 400, 0.1, "")),
                new Configuration("fig2-adam", "Fig. 2 task, Adam (η = 10⁻³)",
                        spec(FIG2_TASK, 4, 100, "{\"gamma\":2}", "1e-3", 50000, seeds, 400, 0.1, adam)));
    }

    /** Gissin et al.'s sensing task, A* = diag(12, 6, 4, 3) from 50 measurements, at depths 1–4 (w = 20, γ = 2). */
    private static List<Configuration> sensingDepth(int seeds) {
        String task = "{\"type\":\"sensing\",\"rows\":4,\"cols\":4,\"teacherDiagonal\":[12,6,4,3],\"measurements\":50,"
                + "\"seed\":1}";
        List<Configuration> out = new ArrayList<>();
        for (int depth = 1; depth <= 4; depth++) {
            out.add(new Configuration("L" + depth, "L = " + depth,
                    spec(task, depth, 20, "{\"gamma\":2}", "0.002", 20000, seeds, 300, 0.1, "")));
        }
        return out;
    }

    /**
     * Cross-entropy on 300 Gaussian inputs (n₀ = 10) in 4 classes labelled by a rank-3 teacher (one draw, task
     * seed 1), at the given depths (w = 40, γ = 2, η = 0.1).
     */
    private static List<Configuration> classification(int[] depths, int seeds) {
        String task = "{\"type\":\"classification\",\"inputs\":10,\"classes\":4,\"loss\":\"crossEntropy\","
                + "\"teacherRank\":3,\"train\":300,\"test\":1000,\"seed\":1}";
        List<Configuration> out = new ArrayList<>();
        for (int depth : depths) {
            out.add(new Configuration("L" + depth, "L = " + depth,
                    spec(task, depth, 40, "{\"gamma\":2}", "0.1", 40000, seeds, 200, 0.1, "")));
        }
        return out;
    }

    /** A 12×12 rank-2 completion at observed fractions and depths (each seed its own draw), w = 30, γ = 2. */
    private static List<Configuration> depthVsNuclear(String[] fractions, int[] depths, int seeds) {
        List<Configuration> out = new ArrayList<>();
        for (int depth : depths) {
            for (String f : fractions) {
                String task = "{\"type\":\"completion\",\"rows\":12,\"cols\":12,\"rank\":2,\"observed\":" + f + "}";
                out.add(new Configuration("L" + depth + "-" + f, "L = " + depth + ", " + f + " observed",
                        spec(task, depth, 30, "{\"gamma\":2}", "0.05", 20000, seeds, 100, 0.1, "")));
            }
        }
        return out;
    }

    /** Fig. 1's task at w = 30, γ = 1.5 for L = 2, 3, 4 under L2 weight decay λ. */
    private static List<Configuration> weightDecay(String[] lambdas, int seeds) {
        List<Configuration> out = new ArrayList<>();
        for (int depth = 2; depth <= 4; depth++) {
            for (String lambda : lambdas) {
                String optimizer = lambda.equals("0") ? "" : ",\"optimizer\":{\"type\":\"gd\",\"weightDecay\":" + lambda + "}";
                out.add(new Configuration("L" + depth + "-" + lambda, "L = " + depth + ", λ = " + lambda,
                        spec(FIG1_TASK, depth, 30, "{\"gamma\":1.5}", "0.1", 30000, seeds, 200, 0.1, optimizer)));
            }
        }
        return out;
    }

    private static List<Preset> build() {
        List<Preset> all = new ArrayList<>();
        String fig1 = spec(FIG1_TASK, 4, 100, "{\"gamma\":2}", "0.2", 20000, 1, 400, 0.1, "");
        all.add(new Preset("fig1", "Fig. 1 — saddle-to-saddle dynamics (matrix completion 10×10 rank 3, L = 4, w = 100, γ = 2)",
                "Watch the train loss sit on three plateaus while the directions of A escape 0 → 1 → 2 → 3, one at a time "
                + "(the rank plot's dotted line). The saddles table sets each plateau beside the greedy low-rank "
                + "algorithm's saddle ϑᵏ (the same loss within 2 %), the path view shows the trajectory passing near "
                + "them, and the run ends with the matrix recovered (test loss ≈ 0). The escape from the origin runs at "
                + "the optimal speed s* of §5.1 (the dashed line on the singular-value plot). The paper claims that as "
                + "σ → 0 the path follows the greedy saddles (Conjecture 3); it does not claim that every draw of the "
                + "data ends at the lowest-rank completion (see the spurious preset). It gives no observed fraction, "
                + "learning rate or step count: 70 % observed, η = 0.2 and 20 000 steps are chosen here.",
                "the published size is the quick one", List.of(new Configuration("fig1", "γ = 2", fig1)),
                List.of(new Configuration("fig1", "γ = 2", fig1))));
        all.add(new Preset("fig2", "Fig. 2 — three regimes on a teacher 10·diag(1..5), L = 4, widths 10, 100, 1000",
                "Three initialization scales σ² = w^−γ on one teacher. NTK (γ = 1 − 1/L): the loss falls at once, with "
                + "no plateau, at every width. Mean-field (γ = 1): a short first plateau whose length does not change "
                + "with the width. Saddle-to-saddle (γ = 2; the paper only says γ > 1): plateaus at the greedy "
                + "algorithm's saddle losses, which lengthen with the width (the first about 12 times from w = 10 to "
                + "100). Bands show the seeds (10 in the published size, 3 in the quick one). The teacher's smallest "
                + "direction (10) is the slowest to escape: at w = 100 the quick run's 20 000 epochs end on the rank-4 "
                + "plateau (status “unconverged”), the published 50 000 finish it. The paper's claims are about plateau "
                + "lengths: constant in w for mean-field (between w = 100 and 1000), growing with w for γ > 1.",
                "widths 10 and 100, 3 seeds, 20 000 epochs instead of 1000-wide nets, 10 seeds and 50 000 epochs",
                fig2(new int[] {10, 100, 1000}, 10, 50000), fig2(new int[] {10, 100}, 3, 20000)));
        all.add(new Preset("fig3", "Fig. 3 — test error and rank against γ (matrix completion 30×30 rank 1, 20 % observed)",
                "The summary plots, per width, the final test error (mean ± std over seeds) and rank against γ. Each "
                + "seed draws its own matrix and observed entries, so the seeds are draws of the data, and the claims "
                + "count the draws that are recovered. In the NTK regime (γ = 0.75) the solutions are nearly full rank "
                + "and the test error is no better than the zero predictor's (the dashed line; about twice it at "
                + "w = 100); in the saddle-to-saddle regime (γ = 2) most draws end at rank 1 with a test error near 0, "
                + "and in between it falls with γ. Not every draw: at w = 10 some stop at a higher rank or a wrong "
                + "rank-1 fit (the mean, which one such draw dominates, shows it), and the paper's caption says the "
                + "regimes become more consistent as the width grows. The paper states neither "
                + "depth nor widths: L = 4 and widths 10 and 100 (1000 in the full variant) are used here, with η0 = 0.05 "
                + "for γ > 1 and η0·w^((L−1)(γ−1)) for γ ≤ 1. At w = 10 the γ = 0.75 runs have not finished fitting the "
                + "observed entries in 20 000 steps (“unconverged”).",
                "widths 10 and 100, γ ∈ {0.75, 1, 2}, 3 seeds instead of widths up to 1000, six γ and 7 seeds",
                fig3(new int[] {10, 100, 1000}, new double[] {0.75, 0.875, 1, 1.25, 1.5, 2}, 7),
                fig3(new int[] {10, 100}, new double[] {0.75, 1, 2}, 3)));
        all.add(new Preset("fig4", "Fig. 4 — one θ0, three scales α (the fig1 task, L = 4, w = 100)",
                "The same random θ0 scaled by α. α = 0.2: lazy — no plateau, the observed entries are fitted at full rank "
                + "and the test loss stays at the zero predictor's level. α = 0.03: plateaus appear and the network "
                + "recovers the matrix. α = 0.01: the escape from the origin comes later still (t_α grows like α^−(L−2)). "
                + "The path view shows the paths converging to the saddle-to-saddle sequence as α shrinks. "
                + "α ∈ {0.2, 0.03, 0.01} and η = 0.01 are chosen here.",
                "50 000 steps instead of 200 000: the smallest α ends on its rank-1 plateau",
                fig4(200000), fig4(50000)));
        all.add(new Preset("fig5", "Fig. 5 — the Fig. 2 runs seen through rank, nuclear norm and gradient norm",
                "The same configurations as Fig. 2, read off other plots: in the saddle-to-saddle regime rank(A) at "
                + "tolerance 0.1 rises in steps and never falls, the nuclear norm ‖A‖* is flat on each plateau and jumps "
                + "at each escape, and ‖∇θL‖ dips at every saddle (at least four at w = 100).",
                "as Fig. 2's quick variant", fig2(new int[] {10, 100, 1000}, 10, 50000),
                fig2(new int[] {10, 100}, 3, 20000)));
        all.add(new Preset("fig6", "Fig. 6 — noisy rank-3 teacher 10×10: shallow and deep, small against NTK init",
                "A rank-3 teacher W₀W₀ᵀ corrupted by noise (std 0.2), 100 training points, a noiseless test set. Small "
                + "initialization, deep (L = 4): the rank rises step by step, with plateaus at the greedy saddles' losses "
                + "84.8, 25.4, 2.87 (the best rank-1, 2, 3 fits), and each transition is an order of magnitude sharper "
                + "in log-time than the shallow run's; the test loss is lowest on the rank-3 plateau (≈ 1.75) and rises "
                + "again as later escapes fit the noise. Shallow (L = 2, σ = w^−2): the same, less sharply, and s₂, s₃ "
                + "escape together. NTK: ‖∇θL‖ falls without the small initialization's rises (it grows by a few percent "
                + "in the first steps only) and the run fits the noise at full rank (test ≈ 4.6). With N > n₀ and noise "
                + "every regime eventually fits the noise: the low-rank benefit is the plateau one stops on, which the "
                + "runs' best test loss shows beside the final one. The paper's deep runs use η = 1e-3; on this draw of "
                + "the data (teacher top eigenvalue 43.9) deep descent at 1e-3 settles into a 2-cycle (the lab stops it "
                + "as “oscillating”), so the deep runs here use η = 5e-4, which converges, with twice the iterations "
                + "for the same time.",
                "10 000 shallow and 150 000 deep iterations (t = 75) instead of 100 000 and 3 000 000: the deep "
                + "small-initialization run ends while still fitting the noise (“unconverged”)",
                fig6(100000, 3000000), fig6(10000, 150000)));
        String escape = spec(FIG1_TASK, 4, 10, "{\"alpha\":0.01}", "0.01", 1000, 1, 100, 0.1,
                ",\"optimizer\":{\"type\":\"flow\"}");
        all.add(new Preset("escape", "Escape time against α (§5.1): the fig1 task, L = 4, w = 10, gradient flow",
                "Gradient flow from α·θ0 until ‖θ‖ first reaches r: the escape time t_α grows like α^−(L−2) for "
                + "L > 2 (like −log α for L = 2), the optimal escape speed s* = L^−(L−2)/2·s1 of §5.1 with "
                + "s1 = ‖∇C(0)‖_op. Change the depth to 2 or 3 to see the other laws.",
                "five α instead of seven", List.of(new Configuration("escape", "L = 4, w = 10", escape)),
                List.of(new Configuration("escape", "L = 4, w = 10", escape)),
                Analysis.escape(3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5),
                Analysis.escape(1e-2, 3e-3, 1e-3, 3e-4, 1e-4)));
        // ---- when the picture fails (§5.3: the greedy algorithm is a heuristic) -----------------------
        String spurious = spec(spuriousTask(116), 4, 50, "{\"gamma\":2}", "0.1", 100000, 1, 300, 0.1, "");
        all.add(new Preset("spurious", "When the picture fails: a spurious rank-3 point (Fig. 1's kind of task, data seed 116)",
                "A 10×10 rank-3 matrix, 70 % observed, as in Fig. 1, but with another draw of the data (seed 116, found by "
                + "searching the first 150 draws for one where the greedy algorithm misses the rank-3 completion). Gradient "
                + "descent from a small initialization still learns rank 1, then rank 2, as the greedy algorithm does — but "
                + "its rank-3 plateau sits at a loss far above 0, and so does the greedy algorithm's width-3 stage: both "
                + "reach a rank-3 stationary point that is not a minimum, although A* itself has rank 3. From there both "
                + "grow a fourth direction and fit the observed entries exactly, with a test error above the zero "
                + "predictor's. Conjecture 3 describes the path; it does not promise that the path ends at the "
                + "lowest-rank completion.", "the published size is the quick one",
                List.of(new Configuration("spurious", "data seed 116, L = 4, w = 50, γ = 2", spurious)),
                List.of(new Configuration("spurious", "data seed 116, L = 4, w = 50, γ = 2", spurious))));
        String degenerate = spurious.replace(spuriousTask(116), spuriousTask(299)).replace("\"width\":50", "\"width\":10");
        List<Configuration> close = List.of(
                new Configuration("gamma-2", "γ = 2", degenerate),
                new Configuration("gamma-2.5", "γ = 2.5", degenerate.replace("{\"gamma\":2}", "{\"gamma\":2.5}")));
        all.add(new Preset("degenerate", "When the picture fails: s₂ ≈ s₁, so γ = 2 is not small enough (data seed 299, w = 10)",
                "The escape from the origin follows the top singular pair of ∇C(0) (Theorem 2 assumes s₁ has multiplicity "
                + "one). On this draw of Fig. 1's kind of task (seed 299, found by searching 600 draws for s₂/s₁ ≥ 0.9) "
                + "s₂/s₁ = 0.96: the two directions grow almost equally fast, and at w = 10 the initialization σ = w^−1 "
                + "(γ = 2) is not small enough to tell them apart before they leave the origin — the run ends at rank 4 "
                + "with a test error far above the zero predictor's. At γ = 2.5 (σ = w^−1.25) the first escape has time "
                + "to settle on u₁v₁ᵀ and the run recovers the matrix. The paper's limit is σ → 0; how small is small "
                + "enough depends on the gap s₁ − s₂.", "the published size is the quick one", close, close));
        List<Configuration> sweepFull = new ArrayList<>();
        List<Configuration> sweepQuick = new ArrayList<>();
        for (String g : new String[] {"1", "1.5", "2", "2.5", "3"}) {
            String task = "{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7}";
            String base = spec(task, 4, 10, "{\"gamma\":" + g + "}", "0.1", 100000, 20, 200, 0.1, "");
            sweepFull.add(new Configuration("gamma-" + g, "γ = " + g, base));
            sweepQuick.add(new Configuration("gamma-" + g, "γ = " + g, base.replace("\"seeds\":20", "\"seeds\":8")));
        }
        all.add(new Preset("recovery", "When the picture fails: the fraction of draws recovered against γ (Fig. 1's task, L = 4, w = 10)",
                "Each seed draws a new 10×10 rank-3 matrix and a new 70 % of observed entries (the data follow the run "
                + "seed) and trains from σ² = w^−γ. The summary plots the fraction of seeds whose final test loss is below "
                + "1e-3 of the zero predictor's: none at γ = 1, more at every γ ≥ 2 than below, but never all: some "
                + "draws have a spurious rank-3 point or close top singular values of ∇C(0), where the greedy picture "
                + "misses the lowest-rank completion (the spurious and degenerate presets show one of each).",
                "8 seeds per γ instead of 20", sweepFull, sweepQuick));
        // ---- beyond the paper: the optimizers researchers use (issue 30) -------------------------------
        all.add(new Preset("sgd-noise", "Beyond the paper: minibatch SGD on Fig. 1's task at batches of 100, 50, 20 and 5 %",
                "Fig. 1's task and network (L = 4, w = 100, γ = 2) trained by SGD on minibatches of 35, 14 and 4 of the "
                + "70 observed entries (a reshuffle per epoch), beside full-batch descent, all at η = 0.05. The paper's "
                + "theory is for gradient descent and flow; it says nothing of minibatches. What the runs show: the "
                + "plateaus and the rank steps survive at every batch size here — the rank still rises 0 → 1 → 2 → 3 one "
                + "direction at a time and every run recovers the matrix — and the noise, which grows as the batch "
                + "shrinks (the dotted minibatch loss), lifts each plateau's floor a little (up to a few % at batch 4: "
                + "a noisy step keeps the path off the saddle). The lab reads the plateaus of noisy runs from the "
                + "loss's lower envelope (docs/spec.md). At Fig. 1's own rate, η = 0.2, the noise does more: at batch 14 "
                + "the loss jumps from the rank-1 plateau to 1.7 and back, and at batch 4 the run diverges — the "
                + "stability limit of a noisy step is lower than descent's.",
                "1 seed per batch size instead of 5", sgdNoise(5), sgdNoise(1)).summarizedBy("optimizer.batch", "width"));
        all.add(new Preset("adam", "Beyond the paper: Adam on Fig. 1's and Fig. 2's tasks, against gradient descent",
                "The same networks from the same small initialization (γ = 2), trained by descent and by Adam (β₁ = 0.9, "
                + "β₂ = 0.999, ε = 10⁻⁸, full batch, η = 10⁻³). The paper's theory is for descent and flow: Adam divides "
                + "each coordinate's step by its own running gradient scale, so its escape from the origin does not wait "
                + "for the small gradient there to grow, and the optimal escape speed s* does not apply (the escape "
                + "panel says so). On Fig. 1's task Adam still learns one direction at a time, through descent's "
                + "saddles at their losses, and recovers the matrix. On Fig. 2's task, whose teacher's directions "
                + "(10 … 50) differ less, descent learns the five one at a time while Adam's first escape takes two or "
                + "three of them at once: the per-coordinate scaling breaks the order that ∇C(0)'s spectrum sets. "
                + "Both fit the teacher in the end.",
                "1 seed per configuration instead of 5", adam(5), adam(1)));
        all.add(new Preset("weight-decay", "Beyond the paper: weight decay and depth — final rank and test error against λ "
                + "for L = 2, 3, 4 (Fig. 1's task)",
                "Fig. 1's task (10×10, rank 3, 70 % observed) at w = 30, γ = 1.5, η = 0.1, trained by descent on "
                + "L(θ) + λ/2·‖θ‖². At a balanced point the decay is a penalty on A, λ/2·L·Σᵢ σᵢ(A)^{2/L}: the "
                + "Schatten-2/L quasi-norm (recorded on every run, dashed on the norm plot), which favours low rank more "
                + "the deeper the net. The summary plots the final test error and rank against λ, a line per depth: "
                + "without decay the shallow net fits the observed entries at a high rank, and decay lowers the rank, "
                + "the more so the deeper the net, until a strong decay leaves too few directions (rank 1, or 0 at "
                + "L = 4, λ = 0.1, where the origin is the decayed objective's minimum). Decay also balances the "
                + "network, so its ‖θ‖² ends at L times the quasi-norm to the 2/L. The paper does not study weight "
                + "decay; this preset shows what its depth argument suggests.",
                "λ ∈ {0, 0.01, 0.03} and one seed instead of five λ and three seeds",
                weightDecay(new String[] {"0", "0.001", "0.01", "0.03", "0.1"}, 3),
                weightDecay(new String[] {"0", "0.01", "0.03"}, 1)).summarizedBy("optimizer.weightDecay", "depth"));
        // ---- beyond the paper's costs (issue 31) --------------------------------------------------------
        all.add(new Preset("sensing-depth", "Beyond the paper's costs: matrix sensing at depths 1–4 (Gissin et al.'s "
                + "diag(12, 6, 4, 3))",
                "Gissin et al. (2020) sense A* = diag(12, 6, 4, 3) through Gaussian measurements yᵢ = ⟨Mᵢ, A*⟩ and find that "
                + "from a small initialization depth makes the learning incremental: the singular values are learned one "
                + "at a time, largest first, the more distinctly the deeper the net. Here 50 measurements of the 4×4 "
                + "matrix, w = 20, σ = w^−1 (γ = 2), η = 0.002. The paper's theory covers any convex cost whose minimum is "
                + "not at the origin (§2.1), sensing included. Depth 1 (A = W₁) has no saddle at the origin and learns "
                + "every direction at once; at L = 2 the four still escape together from this initialization; at L = 4 "
                + "the loss steps through plateaus, 12 first, then 6, then 4 and 3 (close: together, or one after the "
                + "other). The summary's plateau count grows with depth. Every "
                + "depth recovers A* exactly (noiseless, 50 measurements of 16 unknowns).",
                "2 seeds per depth instead of 5", sensingDepth(5), sensingDepth(2)));
        all.add(new Preset("depth-vs-nuclear", "Beyond the paper's costs: depth against the nuclear norm (Arora et al.) — "
                + "test error against the observed fraction, 12×12 rank 2",
                "Arora, Cohen, Hu and Luo (2019) compare deep matrix factorization with nuclear-norm minimization, the "
                + "classic convex answer, and find that depth wins when observations are scarce. Here each seed draws a "
                + "12×12 rank-2 matrix and its observed entries; networks of depth 2, 3, 4 (w = 30, σ = w^−1) train from "
                + "a small initialization, and every run's document carries the minimum-nuclear-norm fit of the same "
                + "data (baselines.nuclearNorm). The summary plots the final test error against the observed fraction, "
                + "a line per depth, each with the nuclear-norm baseline's (triangles). What the runs show: the baseline "
                + "fits every observation but, with this few, at a rank well above 2 and a test error far from 0; the "
                + "depth-4 net recovers the matrix at the largest fraction and beats the baseline by orders of "
                + "magnitude, and depth 2 does not. With fewer observations some deep runs stall on a plateau "
                + "(“unconverged”), so the means there are dominated by single draws. The paper itself does not make "
                + "this comparison; its greedy picture (§5.3) is one account of why depth prefers low rank.",
                "observed 0.5 and 0.65, depths 2 and 4, 2 seeds, instead of five fractions, depths 2–4 and 5 seeds",
                depthVsNuclear(new String[] {"0.35", "0.45", "0.55", "0.65", "0.75"}, new int[] {2, 3, 4}, 5),
                depthVsNuclear(new String[] {"0.5", "0.65"}, new int[] {2, 4}, 2)).summarizedBy("task.observed", "depth"));
        all.add(new Preset("classification", "Beyond the paper's costs: classification under cross-entropy — plateaus, "
                + "rank steps and the growing margin",
                "A convex loss with no minimizer: 300 Gaussian inputs in ℝ¹⁰, labelled into 4 classes by a rank-3 teacher "
                + "(the largest of its scores), learned under cross-entropy from a small initialization (w = 40, σ = w^−1, "
                + "η = 0.1) at depths 2, 3 and 4. The paper's theory needs only a convex cost whose minimum is not at "
                + "the origin (§2.1): here the loss starts at log 4 on the origin's plateau, and at L = 4 it steps "
                + "through plateaus of rank 1 and 2, the greedy low-rank algorithm's saddles (its stages minimize the "
                + "loss over rank-k matrices, which has a minimum while rank-k scores cannot separate the classes), "
                + "before A reaches rank 3 and separates the training set. There the saddle picture ends: the loss "
                + "has no minimum, ‖A‖ grows without bound and only A's direction converges, the normalized margin "
                + "min qᵢ/‖A‖_F rising slowly (as 1/log t) towards the data's max-margin (Ji and Telgarsky 2019; "
                + "Lyu and Li 2020). At L = 2 the origin's plateau is short and no later plateau shows at this "
                + "initialization. Done means the loss fell below 10⁻⁴ of its start (L = 2 and 3 stop short of it in "
                + "40 000 steps, “unconverged” with every training sample right). The paper itself does not "
                + "study classification.",
                "depths 2 and 4, one seed, instead of depths 2–4 and three seeds",
                classification(new int[] {2, 3, 4}, 3), classification(new int[] {2, 4}, 1)));
        // the analysis reads the task, depth and seed; steps and records are those of a run worth pressing Run for
        String geometry = spec(FIG2_TASK, 4, 100, "{\"gamma\":2}", "1e-4", 20000, 1, 200, 0.1, "");
        all.add(new Preset("geometry", "Initialization geometry against w (Theorem 1): the fig2 teacher, L = 4",
                "At σ² = w^−γ, the distance from the initialization to the saddle at the origin and to the nearest "
                + "global minimum scale with w as Theorem 1 says: for γ > 1 the saddle is closer (d_saddle ∝ "
                + "w^((1−γ)/2)), for γ < 1 the minimum is; the NTK at initialization concentrates on its "
                + "expectation as w grows. Dashed lines are the theorem's exponents.",
                "widths up to 300 and 2 seeds instead of up to 1000 and 3 seeds",
                List.of(new Configuration("geometry", "L = 4", geometry)),
                List.of(new Configuration("geometry", "L = 4", geometry)),
                Analysis.geometry(new int[] {10, 30, 100, 300, 1000}, new double[] {0.8, 1, 2}, 3),
                Analysis.geometry(new int[] {10, 30, 100, 300}, new double[] {0.8, 1, 2}, 2)));
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

    /**
     * What running a preset costs, by the cost model ({@link Budget#estimate} of each configuration):
     * {@code {runs, configurations, work, workPerRun (the largest), bytesPerRun (the largest), browser}},
     * where {@code browser} is null when every configuration is within the browser's budget, else the
     * first refusal's message (the published sizes of some figures are for the command line). Null for a
     * toolkit analysis, whose cost is not a run's.
     */
    public static Map<String, Object> estimate(String name, boolean quickVariant) {
        Preset p = get(name);
        if (p == null || p.analysisFull != null) {
            return null;
        }
        double work = 0;
        double perRun = 0;
        long bytes = 0;
        int runs = 0;
        String browser = null;
        for (Configuration c : p.configurations(quickVariant)) {
            Budget.Estimate e;
            try {
                e = Budget.BROWSER.check(c.spec); // the estimate, if the browser may run it
            } catch (SpecException x) {
                e = Budget.estimate(c.spec);
                browser = browser != null ? browser : c.label + ": " + x.getMessage();
            }
            work += e.work;
            perRun = Math.max(perRun, e.workPerRun);
            bytes = Math.max(bytes, e.bytesPerRun);
            runs += c.spec.seeds;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs);
        m.put("configurations", p.configurations(quickVariant).size());
        m.put("work", work);
        m.put("workPerRun", perRun);
        m.put("bytesPerRun", (double) bytes);
        m.put("browser", browser);
        return m;
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
            if (p.analysisFull != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("full", p.analysisFull.toMap());
                e.put("quick", p.analysisQuick.toMap());
                m.put("analysis", e);
            }
            list.add(m);
        }
        return Json.write(list);
    }

    public static List<Object> configurations(List<Configuration> cs) {
        List<Object> out = new ArrayList<>();
        for (Configuration c : cs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", c.label);
            m.put("key", c.key);
            m.put("spec", c.spec.toMap());
            out.add(m);
        }
        return out;
    }
}
