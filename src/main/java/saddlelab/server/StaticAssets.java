package saddlelab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import saddlelab.experiment.spec.Json;

/**
 * The files the lab needs in a browser (page, engine bundles, Chart.js, icons, manifest) and a
 * version derived from their content: the service worker's cache is named after it, so a rebuild
 * that changes any byte gets a new cache and the old one is dropped. Read from the jar's
 * {@code /static} (or a directory given instead) once, at start.
 */
public final class StaticAssets {
    /**
     * Chart.js, at the path the page loads it from. Its version is written once, in the pom: the
     * webjar's own {@code pom.properties} names the directory it sits in.
     */
    static final String CHART_JS = "vendor/chart.umd.min.js";
    private static final String CHART_JS_PROPERTIES = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final Map<String, byte[]> files; // relative path → content, sorted
    private final String version;

    private StaticAssets(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
        saddlelab.engine.Sha256 sha = new saddlelab.engine.Sha256();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            sha.updateUtf8(e.getKey()).update((byte) 0).update(e.getValue());
        }
        this.version = saddlelab.engine.Sha256.hex(sha.digest(), 8);
    }

    /** The bundled assets, or those of {@code directory} when it is not null. */
    public static StaticAssets load(Path directory) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try {
            if (directory != null) {
                read(directory, files);
            } else {
                URL index = StaticAssets.class.getResource("/static/index.html");
                if (index == null) {
                    throw new IllegalStateException("the page is not on the classpath: build with ./mvnw process-classes");
                }
                URI uri = index.toURI();
                if (uri.getScheme().equals("jar")) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    read(fs.provider().getPath(uri).getParent(), files);
                } else {
                    read(Path.of(uri).getParent(), files);
                }
            }
            String resource = "/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
            try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Chart.js is missing from the classpath: " + resource);
                }
                files.put(CHART_JS, in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new StaticAssets(files);
    }

    /** The Chart.js webjar's version (the pom's {@code chartjs.version}). */
    public static String chartJsVersion() throws IOException {
        try (InputStream in = StaticAssets.class.getResourceAsStream(CHART_JS_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js webjar is missing from the classpath");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** The bytes of an asset that is not a file of the page (Chart.js), or null. */
    public byte[] vendored(String path) {
        return path.startsWith("vendor/") ? files.get(path) : null;
    }

    private static void read(Path root, Map<String, byte[]> files) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                files.put(rel, Files.readAllBytes(p));
            }
        }
    }

    public String version() {
        return version;
    }

    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * The service worker's build description, {@code self.LAB_BUILD = {...}}: the cache version and
     * the URLs to precache, relative to the worker's scope ({@code "./"} is the page itself). The
     * page gets the built-in presets from the engine, so no API answer needs precaching; {@code api}
     * tells the worker whether there is a server behind it at all (a static copy has none).
     */
    public String serviceWorkerBuild(boolean withApi) {
        List<Object> assets = new ArrayList<>();
        assets.add("./");
        for (String path : files.keySet()) {
            if (!path.equals("sw.js") && !path.equals("index.html")) {
                assets.add(path);
            }
        }
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("version", version);
        build.put("assets", assets);
        build.put("api", withApi);
        return "// generated: the cache version and the files of this build\nself.LAB_BUILD = " + Json.write(build) + ";\n";
    }

    /**
     * Writes a folder any static web server can host: every asset, the service worker's build file
     * (no API: short links are disabled there) and the page marked as static.
     */
    public void exportTo(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path out = dir.resolve(e.getKey());
            Files.createDirectories(out.getParent());
            byte[] content = e.getValue();
            if (e.getKey().equals("index.html")) {
                content = new String(content, StandardCharsets.UTF_8)
                        .replace("<meta name=\"saddle-lab-mode\" content=\"server\">",
                                "<meta name=\"saddle-lab-mode\" content=\"static\">")
                        .getBytes(StandardCharsets.UTF_8);
            }
            Files.write(out, content);
        }
        Files.writeString(dir.resolve("sw-version.js"), serviceWorkerBuild(false));
    }
}
