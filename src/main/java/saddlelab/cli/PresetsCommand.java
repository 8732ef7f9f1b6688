package saddlelab.cli;

import java.io.PrintStream;
import saddlelab.experiment.figures.Presets;

/** {@code presets}: the built-in presets, one per line (name, tab, title). */
final class PresetsCommand implements Command {
    @Override
    public String name() {
        return "presets";
    }

    @Override
    public String usage() {
        return "presets                          list the built-in presets (fig1, fig2, …)";
    }

    @Override
    public Options options() {
        return new Options(name());
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) {
        for (Presets.Preset p : Presets.all()) {
            out.println(p.name + "\t" + p.title);
        }
        return 0;
    }
}
