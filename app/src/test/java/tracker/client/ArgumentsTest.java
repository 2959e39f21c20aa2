package tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tracker.client.Param.option;
import static tracker.client.Param.positional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tracker.client.Param.Kind;

/** A client command's line as a user types it: every form the help allows, and each mistake as a usage error. */
class ArgumentsTest {

  private static final List<Param> PARAMS = List.of(positional("ID", Kind.ID, "the task"),
      positional("TEXT", Kind.TEXT, "words"), option("--limit", Kind.WHOLE, "at most"),
      option("--hours", Kind.DECIMAL, "hours"), option("--worker", Kind.TEXT, "who").mandatory(),
      option("--label", Kind.TEXTS, "labels"), option("--depends-on", Kind.IDS, "ids"),
      option("--json", Kind.FLAG, "as JSON"));

  private static Arguments read(String... line) {
    return Arguments.read(PARAMS, List.of(line));
  }

  @Test
  void reads_options_in_both_forms_lists_flags_and_positionals() {
    Arguments args = read("7", "hello", "--limit=5", "--hours", "-0.5", "--worker", "w1", "--label", "a,b",
        "--label", "c", "--depends-on", "1, 2", "--json");
    assertThat(args.id("ID")).isEqualTo(7L);
    assertThat(args.text("TEXT")).isEqualTo("hello");
    assertThat(args.whole("--limit")).isEqualTo(5);
    assertThat(args.decimal("--hours")).isEqualTo(-0.5);
    assertThat(args.text("--worker")).isEqualTo("w1");
    assertThat(args.<String>list("--label")).containsExactly("a", "b", "c");
    assertThat(args.<Long>list("--depends-on")).containsExactly(1L, 2L);
    assertThat(args.flag("--json")).isTrue();
    assertThat(args.whole("--missing-is-null")).isNull();
  }

  @Test
  void after_a_double_dash_everything_is_positional() {
    Arguments args = read("--worker", "w", "--", "3", "--limit is text here");
    assertThat(args.id("ID")).isEqualTo(3L);
    assertThat(args.text("TEXT")).isEqualTo("--limit is text here");
    assertThat(args.whole("--limit")).isNull();
  }

  @Test
  void help_needs_nothing_else_and_wins_over_any_mistake_before_a_double_dash() {
    assertThat(read("--help").help()).isTrue();
    assertThat(read("-h").help()).isTrue();
    assertThat(read("--bogus", "--limit", "x", "--help").help()).isTrue();
    Arguments text = read("1", "--worker", "w", "--", "--help");
    assertThat(text.help()).isFalse();
    assertThat(text.text("TEXT")).isEqualTo("--help");
  }

  @Test
  void a_lone_dash_and_negative_numbers_are_values() {
    assertThatThrownBy(() -> read("-5", "-", "--worker", "-")).as("read as the ID, and refused as one")
        .isInstanceOf(UsageError.class).hasMessageContaining("'ID': '-5' is not an id");
    Arguments args = read("5", "-", "--worker", "-", "--hours", "-.5", "--limit", "-3");
    assertThat(args.id("ID")).isEqualTo(5L);
    assertThat(args.text("TEXT")).isEqualTo("-");
    assertThat(args.text("--worker")).isEqualTo("-");
    assertThat(args.decimal("--hours")).isEqualTo(-0.5);
    assertThat(args.whole("--limit")).isEqualTo(-3);
  }

  @Test
  void an_option_name_where_a_value_belongs_is_a_missing_value_unless_given_with_equals() {
    for (String next : List.of("--json", "--limit", "--limit=3", "--")) {
      assertThatThrownBy(() -> read("1", "x", "--worker", next)).as(next).isInstanceOf(UsageError.class)
          .hasMessageContaining("Missing value for option '--worker'").hasMessageContaining("--worker=VALUE");
    }
    assertThat(read("1", "x", "--worker=--json").text("--worker")).isEqualTo("--json");
    assertThat(read("1", "x", "--worker", "--unknown-is-a-value").text("--worker")).isEqualTo("--unknown-is-a-value");
  }

  @Test
  void each_mistake_is_a_usage_error_naming_it() {
    assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--colour", "red")).isInstanceOf(UsageError.class)
        .hasMessageContaining("Unknown option: '--colour'");
    assertThatThrownBy(() -> read("1", "x", "--worker")).isInstanceOf(UsageError.class)
        .hasMessageContaining("Missing value for option '--worker'");
    assertThatThrownBy(() -> read("1", "x")).isInstanceOf(UsageError.class)
        .hasMessageContaining("Missing required option: '--worker WORKER'");
    assertThatThrownBy(() -> read("1", "--worker", "w")).isInstanceOf(UsageError.class)
        .hasMessageContaining("Missing required parameter: 'TEXT'");
    assertThatThrownBy(() -> read("one", "x", "--worker", "w")).isInstanceOf(UsageError.class)
        .hasMessageContaining("'ID': 'one' is not an id");
    assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--hours", "lots")).isInstanceOf(UsageError.class)
        .hasMessageContaining("'--hours': 'lots' is not a number");
    assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--limit", "99999999999")).isInstanceOf(UsageError.class)
        .hasMessageContaining("is not a whole number");
    assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--limit", "1", "--limit", "2"))
        .isInstanceOf(UsageError.class).hasMessageContaining("only once");
    assertThatThrownBy(() -> read("1", "x", "y", "--worker", "w")).isInstanceOf(UsageError.class)
        .hasMessageContaining("Unmatched argument: 'y'");
    assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--json=maybe")).isInstanceOf(UsageError.class)
        .hasMessageContaining("true or false");
    for (String notPlain : List.of("+1", "\u0662", "\u0665", "1e3", " 5")) {
      assertThatThrownBy(() -> read(notPlain, "x", "--worker", "w")).as(notPlain).isInstanceOf(UsageError.class)
          .hasMessageContaining("is not an id");
      assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--limit", notPlain)).as(notPlain)
          .isInstanceOf(UsageError.class).hasMessageContaining("is not a whole number");
    }
    for (String notFinite : List.of("NaN", "Infinity", "-Infinity", "1e999")) {
      assertThatThrownBy(() -> read("1", "x", "--worker", "w", "--hours", notFinite)).as(notFinite)
          .isInstanceOf(UsageError.class).hasMessageContaining("is not a number");
    }
  }

  @Test
  void each_write_gets_its_own_unguessable_key() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String key = Server.newKey();
      assertThat(key).matches("[0-9a-f]{32}");
      keys.add(key);
    }
    assertThat(keys).hasSize(1_000);
  }
}
