package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tracker.support.Cli;

class CommandLineTest {

  @Test
  void numbers_and_server_addresses_are_usage_errors_unless_plain() {
    assertThat(Cli.run("serve", "--port", "+7999").code()).isEqualTo(2);
    assertThat(Cli.run("serve", "--port", "\u0667\u0662\u0667\u0662").code()).isEqualTo(2);
    for (String server : java.util.List.of("ftp://x", "file:/tmp", "http://127.0.0.1:99999", "http://:7272")) {
      Cli.Result refused = Cli.run("tasks", "--server", server);
      assertThat(refused.code()).as(server).isEqualTo(2);
      assertThat(refused.err()).as(server).contains("is not an http(s) URL").doesNotContain("java.", "sun.");
    }
    assertThat(Cli.run("forecast", "--seed", "9223372036854775807", "--server", "http://127.0.0.1:9").code())
        .as("a 64-bit seed is read; the server is not there").isEqualTo(3);
    assertThat(Cli.run("forecast", "--target", "+12026-01-01", "--server", "http://127.0.0.1:9").code()).isEqualTo(2);
  }

  @Test
  void help_lists_the_commands_and_serve_help_lists_its_settings() {
    Cli.Result root = Cli.run("--help");
    assertThat(root.code()).isZero();
    assertThat(root.out()).contains("serve");

    Cli.Result serve = Cli.run("serve", "--help");
    assertThat(serve.code()).isZero();
    assertThat(serve.out()).contains("--port", "--host", "--db", "--demo", "--token", "TRACKER_PORT", "DB_URL");
  }

  @Test
  void a_bad_port_exits_2_with_one_clear_line() {
    for (String[] args : new String[][] {{"serve", "--port", "abc"}, {"--port", "70000"}, {"serve", "--colour"}}) {
      Cli.Result outcome = Cli.run(args);
      assertThat(outcome.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(outcome.err().strip().lines()).hasSize(1);
      assertThat(outcome.err()).startsWith("tracker: ");
    }
  }

  @Test
  void a_public_address_without_a_token_is_refused() {
    Cli.Result outcome = Cli.run("serve", "--host", "0.0.0.0", "--port", "7999");
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err()).contains("without a token").hasLineCount(1);
  }

  @Test
  void an_unsupported_database_url_is_refused() {
    Cli.Result outcome = Cli.run("serve", "--db-url", "jdbc:mysql://db/tracker");
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err()).contains("jdbc:sqlite:").hasLineCount(1);
  }

  @Test
  void a_database_file_that_cannot_be_one_is_named_in_one_line_before_anything_starts(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path text = dir.resolve("notes.txt");
    java.nio.file.Files.writeString(text, "not a database");
    for (String[] db : new String[][] {{dir.resolve("missing/x.db").toString(), "does not exist"},
        {dir.toString(), "is a folder"}, {text.toString(), "is not a SQLite database"}}) {
      Cli.Result outcome = Cli.run("serve", "--db", db[0], "--port", "7997");
      assertThat(outcome.code()).as(db[0]).isEqualTo(2);
      assertThat(outcome.err()).contains(db[1]).hasLineCount(1);
    }
    assertThat(java.nio.file.Files.readString(text)).isEqualTo("not a database");
  }
}
