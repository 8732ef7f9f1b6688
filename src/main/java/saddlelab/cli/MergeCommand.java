package saddlelab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import saddlelab.experiment.documents.ShardMerge;
import saddlelab.experiment.documents.ShardPart;
import saddlelab.experiment.documents.Shards;
import saddlelab.experiment.spec.SpecException;

/**
 * {@code merge PART|DIR… --out FILE}: the parts of a sharded preset, sweep or spec put back together
 * into the document {@code run} writes on one machine, byte for byte (docs/cluster.md). Missing,
 * foreign or conflicting parts are named and nothing is written.
 */
final class MergeCommand implements Command {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "merge PART|DIR… [--out FILE] [--json] [--quiet]",
                "                                 the parts of `run … --shard` as one results document, as `run` writes",
                "                                 it on one machine; names missing or conflicting parts (exit 1)");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(100_000, "part files").value("--out").flag("--json").flag("--quiet");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        o.required(0, "part files or a directory of them");
        Output output = new Output(o, out, err);
        if (!o.has("--out") && !o.has("--json")) {
            throw new Options.UsageError("merge needs --out FILE (or --json for standard output)");
        }
        List<Path> files = Cluster.partFiles(o.arguments());
        List<String> problems = new ArrayList<>();
        List<ShardPart> parts = Cluster.readParts(files, problems);
        String doc;
        ShardMerge c = null;
        try {
            if (parts.isEmpty()) {
                throw new SpecException("", "no part files in " + String.join(", ", o.arguments()));
            }
            c = ShardMerge.collect(parts);
            doc = c.document();
        } catch (SpecException e) {
            problems.add(e.getMessage());
            doc = null;
        }
        if (doc == null || !problems.isEmpty()) {
            err.println("cannot merge: " + String.join("; ", problems));
            return 1;
        }
        if (!c.build.equals(Build.id())) {
            err.println("note: the parts come from build " + c.build + " and this is build " + Build.id()
                    + "; the summary and checks are this build's");
        }
        output.document(doc);
        if (!output.quiet) {
            output.people().println("merged " + c.done() + " runs from " + parts.size() + " parts (" + c.shards
                    + " shards, build " + c.build + ")" + (output.file != null ? " into " + output.file : ""));
            if (c.plan.kind.equals("preset")) {
                Output.checks(doc, output.people());
            }
        }
        return 0;
    }
}
