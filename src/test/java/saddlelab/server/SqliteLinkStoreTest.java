package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.documents.Link;

/** The embedded default: a SQLite file in the data directory. */
class SqliteLinkStoreTest extends LinkStoreContract {
    @TempDir
    Path dir;
    final List<LinkStore> opened = new ArrayList<>();

    @Override
    LinkStore store() {
        LinkStore s = LinkStore.sqlite(dir.resolve("data-" + opened.size()));
        opened.add(s);
        return s;
    }

    @AfterEach
    void close() {
        opened.forEach(LinkStore::close);
    }

    @Test
    void theDatabaseIsCreatedOnFirstStartAndKeptAcrossRestarts() throws Exception {
        Path data = dir.resolve("fresh/nested");
        Link p = preset(9, "kept");
        try (LinkStore s = LinkStore.sqlite(data)) {
            s.put(p.id, p.document);
        }
        assertTrue(Files.exists(data.resolve("presets.sqlite")));
        try (LinkStore s = LinkStore.sqlite(data)) { // migrations run again: nothing to do
            assertEquals(Optional.of(p.document), s.get(p.id));
        }
    }

    @Test
    void aSqliteUrlNamesTheFileItself() throws Exception {
        Path file = dir.resolve("elsewhere/my-presets.db");
        Link p = preset(10, "by url");
        try (LinkStore s = LinkStore.jdbc("jdbc:sqlite:" + file, null, null)) {
            s.put(p.id, p.document);
        }
        assertTrue(Files.exists(file), "the database is the file the URL names");
        try (LinkStore s = LinkStore.sqliteFile(file)) {
            assertEquals(Optional.of(p.document), s.get(p.id));
        }
    }
}
