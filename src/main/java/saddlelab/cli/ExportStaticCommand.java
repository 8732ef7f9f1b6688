package saddlelab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import saddlelab.server.StaticAssets;

/** {@code export-static DIR}: the lab as a folder for any static web server (no short links there). */
final class ExportStaticCommand implements Command {
    @Override
    public String name() {
        return "export-static";
    }

    @Override
    public String usage() {
        return "export-static DIR                the lab as a folder for any static web server (no short links)";
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "directory");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Path dir = Path.of(o.required(0, "the directory to write"));
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            err.println("export-static: " + dir + " exists and is not an empty directory");
            return 1;
        }
        Files.createDirectories(dir);
        StaticAssets assets = StaticAssets.load(null);
        assets.exportTo(dir);
        out.println("wrote the lab (" + assets.files().size() + " files, build " + assets.version() + ") to " + dir
                + "; serve it with any static web server, e.g. python3 -m http.server --directory " + dir);
        return 0;
    }
}
