package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.NumberText;

/** What the analyses ({@code geometry}, {@code escape}) print for people: each fitted figure, rounded, beside the theory's. */
final class AnalysisCommand {
    private AnalysisCommand() {
    }

    static String r(Object x) {
        return x instanceof Number ? NumberText.approx(((Number) x).doubleValue(), 3) : "n/a";
    }

    static void print(PrintStream to, String kind, Map<String, Object> m) {
        if (kind.equals("escape")) {
            to.println(m.containsKey("fittedSlope")
                    ? "t_α against −log α: slope " + r(m.get("fittedSlope")) + " (theory 1/s* = " + r(m.get("predictedSlope")) + ")"
                    : "t_α ∝ α^p: p = " + r(m.get("fittedExponent")) + " (theory −(L−2) = " + r(m.get("predictedExponent")) + ")");
            double[] alphas = (double[]) m.get("alphas");
            Object times = m.get("times");
            List<?> reasons = (List<?>) m.get("reasons");
            for (int i = 0; i < alphas.length; i++) {
                Object t = times instanceof double[] ? ((double[]) times)[i] : ((List<?>) times).get(i);
                String why = reasons != null && i < reasons.size() ? String.valueOf(reasons.get(i)) : "";
                to.println("  α = " + r(alphas[i]) + ": t_α = " + (why.isEmpty() ? r(t) : "not measured (" + why + ")"));
            }
            return;
        }
        for (Object o : (List<?>) m.get("series")) {
            Map<?, ?> g = (Map<?, ?>) o;
            to.println("γ = " + r(g.get("gamma")) + ": d_saddle ∝ w^" + r(g.get("fittedSaddleExponent")) + " (theorem "
                    + r(g.get("theoremSaddleExponent")) + "), d_minimum ∝ w^" + r(g.get("fittedMinimumExponent"))
                    + " (theorem " + r(g.get("theoremMinimumExponent")) + ")");
        }
    }
}
