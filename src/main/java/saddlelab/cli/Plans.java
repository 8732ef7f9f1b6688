package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import saddlelab.experiment.documents.Shards;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.figures.Sweep;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

/**
 * What a command line names as runs: {@code --preset NAME [--quick]}, a spec file, or a spec with
 * {@code --sweep FIELD=V1,V2,…}, as a plan of configurations ({@link Shards}) that {@code run},
 * {@code slurm} and {@code k8s} share.
 */
final class Plans {
    private Plans() {
    }

    /**
     * What {@code --preset NAME [--quick]} or {@code SPEC [--sweep …]} names, as a plan of runs to shard
     * (for the submit helpers); null after saying why not.
     */
    static Shards plan(Options o, PrintStream err) {
        if (o.has("--preset")) {
            Presets.Preset p = preset(o, err);
            if (p == null) {
                return null;
            }
            boolean quick = o.has("--quick");
            if (p.analysis(quick) != null) {
                err.println("preset " + p.name + " is one " + p.analysis(quick).kind + " analysis, not runs to shard: run "
                        + "it on one machine");
                return null;
            }
            return new Shards("preset", p.name, quick, p.configurations(quick));
        }
        if (o.has("--quick")) {
            throw new Options.UsageError("--quick goes with --preset NAME");
        }
        ExperimentSpec spec = Specs.read(o.required(0, "a spec file or --preset NAME (see `presets`)"), err,
                o.has("--large") ? null : Budget.COMMAND_LINE);
        if (spec == null) {
            return null;
        }
        if (o.has("--data")) {
            spec = withData(spec, o.string("--data", ""), o.has("--large") ? null : Budget.COMMAND_LINE, err);
            if (spec == null) {
                return null;
            }
        }
        if (!o.has("--sweep")) {
            return new Shards("run", null, false, List.of(new Presets.Configuration("", "", spec)));
        }
        String sweep = o.string("--sweep", "");
        List<Presets.Configuration> configurations = sweepConfigurations(spec, sweep, err);
        return configurations == null ? null
                : new Shards("sweep", sweep.substring(0, sweep.indexOf('=')), false, configurations);
    }

    /** The spec's completion task on the matrix of a CSV file (DataCsv), or null after saying why not. */
    static ExperimentSpec withData(ExperimentSpec spec, String file, Budget budget, PrintStream err) {
        String text;
        try {
            text = Specs.text(file);
        } catch (java.io.IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage().replace("a spec is a JSON text file",
                    "data are a CSV text file"));
            return null;
        }
        try {
            String json = saddlelab.experiment.spec.DataCsv.into(spec, saddlelab.experiment.spec.DataCsv.read(text));
            return budget == null ? ExperimentSpec.parse(json) : budget.parse(json);
        } catch (saddlelab.experiment.spec.DataCsv.Problem e) {
            err.println("bad data in " + file + ": " + e.getMessage());
            return null;
        } catch (saddlelab.experiment.spec.SpecException e) {
            err.println("invalid data in " + file + ": " + e.getMessage());
            return null;
        }
    }

    /** The preset {@code --preset NAME} names (it takes no spec file and no sweep), or null after saying why not. */
    static Presets.Preset preset(Options o, PrintStream err) {
        if (o.argument(0) != null || o.has("--sweep") || o.has("--data")) {
            throw new Options.UsageError("--preset takes no spec file, no --sweep and no --data");
        }
        String name = o.string("--preset", "");
        Presets.Preset p = Presets.get(name);
        if (p == null) {
            err.println("unknown preset: " + name + " (see `presets`)");
        }
        return p;
    }

    /** The sweep's configurations, or null after saying why not. */
    static List<Presets.Configuration> sweepConfigurations(ExperimentSpec spec, String sweep, PrintStream err) {
        int eq = sweep.indexOf('=');
        if (eq <= 0) {
            throw new Options.UsageError("--sweep needs FIELD=V1,V2,…, e.g. init.gamma=0.75,1,2 (fields: "
                    + String.join(", ", Sweep.FIELDS) + ")");
        }
        String field = sweep.substring(0, eq);
        String[] parts = sweep.substring(eq + 1).split(",");
        double[] values = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new SpecException("sweep.values", "give numbers separated by commas, e.g. " + field
                            + "=0.75,1,2 (\"" + parts[i].trim() + "\" is not a number)");
                }
            }
            return Sweep.of(spec, field, values);
        } catch (SpecException e) {
            err.println("invalid sweep: " + e.getMessage());
            return null;
        }
    }
}
