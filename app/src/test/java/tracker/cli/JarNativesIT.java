package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The one jar runs where a team runs it: SQLite's natives for Linux, macOS and Windows are inside. */
class JarNativesIT {

  @Test
  void the_jar_holds_sqlites_natives_for_linux_macos_and_windows_on_x86_64_and_aarch64() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target", "tracker.jar").toFile())) {
      for (String library : List.of("Linux/x86_64/libsqlitejdbc.so", "Linux/aarch64/libsqlitejdbc.so",
          "Mac/x86_64/libsqlitejdbc.dylib", "Mac/aarch64/libsqlitejdbc.dylib",
          "Windows/x86_64/sqlitejdbc.dll", "Windows/aarch64/sqlitejdbc.dll")) {
        assertThat(jar.getEntry("org/sqlite/native/" + library)).as(library).isNotNull();
      }
    }
  }
}
