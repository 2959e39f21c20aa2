package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.support.LegacyFiles;
import tracker.tasks.TaskDraft;

/** An import killed with SIGKILL part-way leaves the target database as it was. */
class ImportKillIT {

  @TempDir
  Path dir;


  @Test
  void a_killed_import_leaves_the_target_as_it_was() throws Exception {
    Path target = dir.resolve("target.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      tracker.tasks().create(new TaskDraft("already here", null, "A", 1, null, null, null, "s", null, null, null));
    }
    Path legacy = LegacyFiles.bigLegacyFile(dir, 40_000);
    Path err = dir.resolve("err.log");
    Process importer = new ProcessBuilder(List.of("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(),
        "import-legacy", legacy.toString(), "--db", target.toString()))
        .redirectError(err.toFile()).redirectOutput(dir.resolve("out.log").toFile()).start();
    try {
      // wait until it has imported some rows, then kill it without warning
      for (int i = 0; i < 300 && !Files.readString(err).contains("imported"); i++) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(err)).contains("imported");
      assertThat(importer.isAlive()).as("still importing when killed").isTrue();
    } finally {
      importer.destroyForcibly();
      importer.waitFor(10, TimeUnit.SECONDS);
    }

    assertThat(TestDatabases.scalar(target, "pragma integrity_check")).isEqualTo("ok");
    assertThat(TestDatabases.scalar(target, "select count(*) from tasks")).isEqualTo("1");
    assertThat(TestDatabases.scalar(target, "select count(*) from task_progress")).isEqualTo("1");
  }
}
