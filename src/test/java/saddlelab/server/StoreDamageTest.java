package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.documents.Link;

/**
 * A store that refuses damage and never serves a forged link: each way a store file was found broken
 * (truncated to nothing, a read-only mount, an index leaf edited, a document edited, a full disk) gets
 * a message that says what is wrong and what to do, or the documented status — never silent 404s.
 */
class StoreDamageTest {
    @TempDir
    Path dir;

    static List<Link> links(int n) {
        List<Link> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(LinkStoreContract.preset(1000 + i, "link " + i));
        }
        return out;
    }

    Path filled(String name, List<Link> links) throws Exception {
        Path data = dir.resolve(name);
        try (LinkStore store = LinkStore.sqlite(data)) {
            for (Link l : links) {
                store.put(l.id, l.document);
            }
            store.checkpoint();
        }
        return data;
    }

    static String refusal(Path data) {
        return assertThrows(IllegalStateException.class, () -> LinkStore.sqlite(data).close()).getMessage();
    }

    @Test
    void aStoreTruncatedToNothingIsRefusedNotStartedEmpty() throws Exception {
        Path data = filled("truncated", links(20));
        Files.write(data.resolve("presets.sqlite"), new byte[0]);
        String m = refusal(data);
        assertTrue(m.contains("empty file (0 bytes)") && m.contains("backup"), m);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path data = dir.resolve("text");
        Files.createDirectories(data);
        Files.writeString(data.resolve("presets.sqlite"), "these are my notes, not a database\n");
        String m = refusal(data);
        assertTrue(m.contains("is not a SQLite database"), m);
    }

    /** An index leaf's id changed: quick_check passed it and links answered 404; integrity_check does not. */
    @Test
    void aDamagedIndexIsFoundAtStart() throws Exception {
        List<Link> links = links(300);
        Path data = filled("index", links);
        Path file = data.resolve("presets.sqlite");
        byte[] db = Files.readAllBytes(file);
        byte[] id = links.get(150).id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int changed = 0;
        for (int at = 0; at + id.length <= db.length; at++) {
            if (java.util.Arrays.equals(db, at, at + id.length, id, 0, id.length)) {
                int page = at / 4096;
                int type = db[page == 0 ? 100 : page * 4096] & 0xff;
                if (type == 0x0a) { // a leaf page of an index b-tree
                    db[at + 5] = (byte) (db[at + 5] == 'A' ? 'B' : 'A');
                    changed++;
                }
            }
        }
        assertEquals(1, changed, "the id found once in an index leaf");
        Files.write(file, db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement st = c.prepareStatement("PRAGMA quick_check");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            assertEquals("ok", rs.getString(1), "the damage quick_check does not see");
        }
        String m = refusal(data);
        assertTrue(m.contains("is damaged") && m.contains("integrity_check") && m.contains("backup"), m);
    }

    /** A document edited in the database is never served under the id of what it was. */
    @Test
    void aDocumentEditedInTheDatabaseIsNotServed() throws Exception {
        List<Link> links = links(3);
        Path data = filled("edited", links);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("presets.sqlite"));
                PreparedStatement st = c.prepareStatement("UPDATE presets SET document = replace(document, "
                        + "'\"learningRate\":0.1', '\"learningRate\":9.9') WHERE id = ?")) {
            st.setString(1, links.get(1).id);
            assertEquals(1, st.executeUpdate());
        }
        LabServer.Config config = new LabServer.Config();
        config.dataDirectory = data;
        Javalin app = LabServer.create(config).start("127.0.0.1", 0);
        try {
            HttpResponse<String> forged = get(app, "/api/links/" + links.get(1).id);
            assertEquals(500, forged.statusCode(), forged.body());
            assertTrue(forged.body().contains("is damaged") && !forged.body().contains("9.9"), forged.body());
            assertEquals(200, get(app, "/api/links/" + links.get(0).id).statusCode(), "the others are served");
        } finally {
            app.stop();
        }
    }

    /** A healthy store on a read-only mount is called read-only, with what to do — never "damaged, move it away". */
    @Test
    void aReadOnlyStoreIsCalledReadOnly() throws Exception {
        Path data = filled("readonly", links(5));
        Path mount = dir.resolve("mounted");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "--bind", data.toString(), mount.toString()) == 0,
                "bind mounts need root (CI runs as root)");
        try {
            Assumptions.assumeTrue(run("mount", "-o", "remount,bind,ro", mount.toString()) == 0);
            String m = refusal(mount);
            assertTrue(m.contains("is read-only") && m.contains("--data"), m);
            assertFalse(m.contains("damaged") || m.contains("move it away"), m);
        } finally {
            run("umount", mount.toString());
        }
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** A disk that fills: the documented 507, and health says "full" from then on, as POST will answer. */
    @Test
    void aFullDiskAnswers507AndHealthSaysWhatPostWillDo() throws Exception {
        Path file = dir.resolve("full").resolve("presets.sqlite");
        LabServer.Config config = new LabServer.Config();
        config.store = LinkStore.sqliteFile(file, Map.of("max_page_count", "24"));
        config.postsPerMinute = 1000;
        Javalin app = LabServer.create(config).start("127.0.0.1", 0);
        try {
            int stored = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 400; i++) {
                last = HardeningTest.post(app.port(), "/api/links", "{\"title\":\"" + "t".repeat(100) + i + "\",\"spec\":"
                        + HardeningTest.SPEC + "}", "Content-Type", "application/json");
                if (last.statusCode() != 201) {
                    break;
                }
                stored++;
            }
            assertTrue(stored > 0, "some links fit");
            assertEquals(507, last.statusCode(), last.body());
            assertTrue(last.body().contains("full"), last.body());
            HttpResponse<String> health = get(app, "/api/health");
            assertEquals(503, health.statusCode());
            assertEquals("{\"status\":\"degraded\",\"store\":\"full\"}", health.body());
            assertEquals(507, HardeningTest.post(app.port(), "/api/links", "{\"title\":\"again\",\"spec\":"
                    + HardeningTest.SPEC + "}", "Content-Type", "application/json").statusCode(), "refused before writing");
        } finally {
            app.stop();
            config.store.close();
        }
    }

    static HttpResponse<String> get(Javalin app, String path) throws Exception {
        return HardeningTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
