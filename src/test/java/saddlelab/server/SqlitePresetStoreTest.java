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
import saddlelab.experiment.SharedPreset;

/** The embedded default: a SQLite file in the data directory. */
class SqlitePresetStoreTest extends PresetStoreContract {
    @TempDir
    Path dir;
    final List<PresetStore> opened = new ArrayList<>();

    @Override
    PresetStore store() {
        PresetStore s = PresetStore.sqlite(dir.resolve("data-" + opened.size()));
        opened.add(s);
        return s;
    }

    @AfterEach
    void close() {
        opened.forEach(PresetStore::close);
    }

    @Test
    void theDatabaseIsCreatedOnFirstStartAndKeptAcrossRestarts() throws Exception {
        Path data = dir.resolve("fresh/nested");
        SharedPreset p = preset(9, "kept");
        try (PresetStore s = PresetStore.sqlite(data)) {
            s.put(p.id, p.document);
        }
        assertTrue(Files.exists(data.resolve("presets.sqlite")));
        try (PresetStore s = PresetStore.sqlite(data)) { // migrations run again: nothing to do
            assertEquals(Optional.of(p.document), s.get(p.id));
        }
    }

    @Test
    void aSqliteUrlNamesTheFileItself() throws Exception {
        Path file = dir.resolve("elsewhere/my-presets.db");
        SharedPreset p = preset(10, "by url");
        try (PresetStore s = PresetStore.jdbc("jdbc:sqlite:" + file, null, null)) {
            s.put(p.id, p.document);
        }
        assertTrue(Files.exists(file), "the database is the file the URL names");
        try (PresetStore s = PresetStore.sqliteFile(file)) {
            assertEquals(Optional.of(p.document), s.get(p.id));
        }
    }
}
