package saddlelab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import saddlelab.experiment.documents.Shards;

/**
 * {@code k8s --preset NAME --shards N > job.yaml}: a Kubernetes Indexed Job, one pod per shard (the pod's
 * {@code JOB_COMPLETION_INDEX} picks its shard), writing parts to a shared volume; the merge runs after
 * the Job completes, on any machine or pod that mounts the volume (docs/cluster.md).
 */
final class K8sCommand implements Command {
    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "k8s --preset NAME [--quick] | SPEC.json [--sweep …]  --shards N [--cpus K] [--image I] [--claim PVC]",
                "                                 prints a Kubernetes Indexed Job over the shards (kubectl apply -f)");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--preset").flag("--quick").value("--sweep")
                .flag("--large").value("--shards").value("--cpus").value("--image").value("--claim").value("--parts")
                .value("--out").value("--jar");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        if (!o.has("--shards")) {
            throw new Options.UsageError("k8s needs --shards N (the Job's completions)");
        }
        Shards plan = Plans.plan(o, err);
        if (plan == null) {
            return 1;
        }
        int shards = (int) o.integer("--shards", 1, Math.min(Shards.MAX_SHARDS, plan.units().size()), 1);
        int cpus = (int) o.integer("--cpus", 1, 1024, 1);
        String image = o.string("--image", "eclipse-temurin:17-jre");
        String claim = o.string("--claim", "saddle-lab");
        String jar = o.string("--jar", "/lab/saddle-lab.jar");
        String title = Cluster.title(plan);
        String parts = o.string("--parts", "/lab/parts-" + title);
        String merged = o.string("--out", "/lab/" + title + ".json");
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar));
        command.addAll(Cluster.runArguments(o, plan, o.argument(0) == null ? null
                : o.argument(0).startsWith("/") ? o.argument(0) : "/lab/" + o.argument(0)));
        command.addAll(List.of("--shards", String.valueOf(shards), "--threads", String.valueOf(cpus), "--parts", parts,
                "--resume"));
        StringBuilder y = new StringBuilder();
        y.append("# Saddle-to-Saddle Lab: ").append(SlurmCommand.describe(plan)).append(" as a Kubernetes Indexed Job of ")
                .append(shards).append(" pods.\n");
        y.append("# Each pod runs the shard its JOB_COMPLETION_INDEX names (0…").append(shards - 1)
                .append(") and writes its part to\n");
        y.append("# ").append(parts).append(" on the volume claim \"").append(claim)
                .append("\" (ReadWriteMany, mounted at /lab; copy saddle-lab.jar to ").append(jar).append(").\n");
        y.append("# A failed pod is retried and skips a part already written (--resume). When the Job is complete:\n");
        y.append("#   java -jar ").append(jar).append(" merge ").append(parts).append(" --out ").append(merged).append('\n');
        y.append("# on any pod or machine that mounts the volume; `status ").append(parts).append("` shows progress.\n");
        y.append("apiVersion: batch/v1\n");
        y.append("kind: Job\n");
        y.append("metadata:\n");
        y.append("  name: ").append(("saddle-" + title).toLowerCase().replaceAll("[^a-z0-9-]", "-")).append('\n');
        y.append("spec:\n");
        y.append("  completionMode: Indexed\n");
        y.append("  completions: ").append(shards).append('\n');
        y.append("  parallelism: ").append(shards).append('\n');
        y.append("  backoffLimit: ").append(Math.max(6, shards)).append('\n');
        y.append("  template:\n");
        y.append("    spec:\n");
        y.append("      restartPolicy: Never\n");
        y.append("      containers:\n");
        y.append("        - name: shard\n");
        y.append("          image: ").append(json(image)).append('\n');
        y.append("          command: [");
        for (int i = 0; i < command.size(); i++) {
            y.append(i == 0 ? "" : ", ").append(json(command.get(i)));
        }
        y.append("]\n");
        y.append("          resources:\n");
        y.append("            requests: {cpu: \"").append(cpus).append("\"}\n");
        y.append("            limits: {cpu: \"").append(cpus).append("\"}\n");
        y.append("          volumeMounts:\n");
        y.append("            - {name: lab, mountPath: /lab}\n");
        y.append("      volumes:\n");
        y.append("        - name: lab\n");
        y.append("          persistentVolumeClaim: {claimName: ").append(json(claim)).append("}\n");
        out.print(y);
        return 0;
    }

    /** A YAML flow scalar, double-quoted as JSON quotes it (YAML reads JSON strings). */
    private static String json(String s) {
        StringBuilder sb = new StringBuilder();
        saddlelab.experiment.spec.Json.quote(sb, s);
        return sb.toString();
    }
}
