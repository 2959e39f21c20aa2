package tracker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from {@code wrk} (Debian's package: C, event-driven), so the figure is the server's and
 * not a Java client's: a client that spends tens of microseconds a request hides the difference
 * between a cheap and a dear route. Absent (not installed), the benchmarks that use it say so and
 * fall back to their Java clients.
 */
public final class Wrk {

  /**
   * One run: requests per second, the median and 99th percentile latency, the requests answered
   * (2xx or 3xx) and those that failed (other answers, socket errors).
   */
  public record Run(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long failed) {}

  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), "
      + "timeout (\\d+)");

  private final Path script;

  private Wrk(Path script) {
    this.script = script;
  }

  public static boolean installed() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A load whose requests come from a Lua body for wrk's {@code request} function (for example
   * a random task id), or a fixed path when {@code luaRequest} is null.
   */
  public static Wrk with(Path dir, String luaRequest) throws IOException {
    return luaRequest == null ? new Wrk(null) : withScript(dir, "request = function()\n" + luaRequest + "\nend\n");
  }

  /** A load from a whole Lua script (its {@code init} gets the arguments of {@link #run}). */
  public static Wrk withScript(Path dir, String lua) throws IOException {
    Path script = Files.createTempFile(dir, "wrk", ".lua");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    return new Wrk(script);
  }

  /** Two threads, {@code connections} kept-alive connections, for {@code seconds}; arguments go to the script. */
  public Run run(String url, int connections, int seconds, String... scriptArguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
        "--latency"));
    if (script != null) {
      command.add("-s");
      command.add(script.toString());
    }
    command.add(url);
    if (scriptArguments.length > 0) {
      command.add("--");
      command.addAll(List.of(scriptArguments));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no rate: " + out);
    }
    long failed = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      failed += Long.parseLong(non2xx.group(1));
    }
    Matcher errors = ERRORS.matcher(out);
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        failed += Long.parseLong(errors.group(g));
      }
    }
    Matcher total = TOTAL.matcher(out);
    long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
    return new Run(Double.parseDouble(rate.group(1)), percentile(out, "50%"), percentile(out, "99%"),
        requests - failed, failed);
  }

  /** A latency line of {@code --latency}, such as {@code 99%  12.34ms}, in milliseconds. */
  private static double percentile(String out, String label) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }
}
