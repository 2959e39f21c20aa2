package tracker.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import tracker.cli.Main;

/** The command line run in the test's JVM, as a user would run it: its exit code and what it printed. */
public final class Cli {

  private Cli() {}

  /** What a command did. */
  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }
}
