package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.readings.Greedy;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;

/** {@code greedy SPEC.json}: the paper's greedy low-rank algorithm for the spec's task and depth (§5.3). */
final class GreedyCommand implements Command {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "greedy SPEC.json [--epsilon 0.1] [--tolerance 1e-6] [--steps-per-stage N] [--out FILE] [--json]",
                "                                 the greedy low-rank algorithm for the spec's task and depth");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--epsilon").value("--tolerance")
                .value("--steps-per-stage").value("--out").flag("--json");
    }

    @Override
    @SuppressWarnings("unchecked")
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        double epsilon = o.number("--epsilon", 1e-12, 10, Greedy.DEFAULT_EPSILON);
        double tolerance = o.number("--tolerance", 0, 1, Greedy.DEFAULT_TOLERANCE);
        long perStage = o.integer("--steps-per-stage", 1, 100_000_000, -1);
        ExperimentSpec spec = Specs.read(o.required(0, "a spec file"), err);
        if (spec == null) {
            return 1;
        }
        if (spec.depth < 2) {
            err.println("invalid spec: depth: the greedy algorithm needs depth of at least 2");
            return 1;
        }
        Map<String, Object> doc = Greedy.document(spec, epsilon, tolerance, perStage > 0 ? (int) perStage
                : Math.max(1, spec.steps));
        String text = Json.write(doc);
        if (o.has("--out")) {
            Specs.emit(text, o.string("--out", null), out);
        }
        if (o.has("--json")) {
            out.println(text);
        }
        PrintStream people = o.has("--json") ? err : out;
        for (Object s : (List<Object>) doc.get("saddles")) {
            Map<String, Object> m = (Map<String, Object>) s;
            // a stage that was still moving after its T steps (too few for its ε-sized units to escape)
            // ended where it stood, not at a saddle: say so, or "saddle of rank 0" repeats unexplained
            boolean moving = Boolean.FALSE.equals(m.get("stationary"));
            people.println((moving ? "end of the width-" + m.get("width") + " stage, still moving after " + doc.get("stepsPerStage")
                    + " steps (not a saddle yet), at rank " : "saddle of rank ") + m.get("rank") + ": loss "
                    + RunReport.round(((Number) m.get("loss")).doubleValue()));
        }
        Map<String, Object> outcome = (Map<String, Object>) doc.get("outcome");
        people.println(outcome.get("kind") + ": " + outcome.get("text"));
        return 0;
    }
}
