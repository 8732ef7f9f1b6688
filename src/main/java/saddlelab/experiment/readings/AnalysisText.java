package saddlelab.experiment.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.spec.NumberText;

/**
 * The analyses' results in sentences, built once here for every front end: the command line prints
 * them a line each, the page shows them under the analysis chart. Each fitted figure is rounded beside
 * the theory's: for the escape analysis (paper §5.1) t_α against −log α at L = 2 (slope 1/s*), or
 * t_α ∝ α^p at L > 2 (p = −(L−2)), then each α's time or why it was not measured; for the geometry
 * (Theorem 1) each γ's exponents of the distances to the saddle and to the minimum against w, and the
 * NTK at init over its expected size.
 */
public final class AnalysisText {
    private AnalysisText() {
    }

    private static String r(Object x) {
        return x instanceof Number ? NumberText.approx(((Number) x).doubleValue(), 3) : "n/a";
    }

    private static double at(Object array, int i) {
        return array instanceof double[] ? ((double[]) array)[i] : ((Number) ((List<?>) array).get(i)).doubleValue();
    }

    private static int length(Object array) {
        return array instanceof double[] ? ((double[]) array).length : ((List<?>) array).size();
    }

    /** The sentences of an analysis result ({@link Analyses#escapeTimes} or {@link Analyses#geometry}). */
    public static List<String> lines(String kind, Map<String, Object> m) {
        List<String> out = new ArrayList<>();
        if (kind.equals("escape")) {
            Object depth = m.get("depth");
            out.add(m.containsKey("fittedSlope")
                    ? "L = 2: t_α against −log α has slope " + r(m.get("fittedSlope")) + "; the theory predicts 1/s* = "
                            + r(m.get("predictedSlope")) + "."
                    : "L = " + depth + ": t_α ∝ α^" + r(m.get("fittedExponent")) + "; the theory predicts α^"
                            + r(m.get("predictedExponent")) + ".");
            Object prediction = m.get("prediction");
            if (prediction instanceof Map && ((Map<?, ?>) prediction).get("text") != null) {
                out.add("Dashed: " + ((Map<?, ?>) prediction).get("text") + ".");
            }
            Object alphas = m.get("alphas");
            Object times = m.get("times");
            List<?> reasons = (List<?>) m.get("reasons");
            for (int i = 0; i < length(alphas); i++) {
                Object why = reasons != null && i < reasons.size() ? reasons.get(i) : null;
                out.add("α = " + r(at(alphas, i)) + ": t_α = " + (why == null || String.valueOf(why).isEmpty()
                        ? r(at(times, i)) : "not measured (" + why + ")"));
            }
            return out;
        }
        for (Object o : (List<?>) m.get("series")) {
            Map<?, ?> g = (Map<?, ?>) o;
            StringBuilder ntk = new StringBuilder();
            Object ratios = g.get("ntkOverExpected");
            if (ratios != null) {
                for (int i = 0; i < length(ratios); i++) {
                    ntk.append(i == 0 ? "" : ", ").append(r(at(ratios, i)));
                }
            }
            out.add("γ = " + r(g.get("gamma")) + ": d_saddle ∝ w^" + r(g.get("fittedSaddleExponent")) + " (theorem "
                    + r(g.get("theoremSaddleExponent")) + "), d_minimum ∝ w^" + r(g.get("fittedMinimumExponent"))
                    + " (theorem " + r(g.get("theoremMinimumExponent")) + ")"
                    + (ntk.length() > 0 ? "; NTK at init / L·w^((1−γ)(L−1)): " + ntk : "") + ".");
        }
        return out;
    }
}
