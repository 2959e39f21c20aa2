package tracker.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness: times operations, alternating a baseline and a candidate in rounds so
 * both see the same machine state, and prints a table of medians and ratios.
 */
public final class Bench {

  /** One compared row: medians in microseconds and the target ratio candidate/baseline. */
  public record Row(String operation, String baseline, double baselineMicros, String candidate,
      double candidateMicros, double targetRatio) {
    public double ratio() {
      return candidateMicros / baselineMicros;
    }

    public boolean met() {
      return ratio() <= targetRatio;
    }
  }

  /** One measured figure against an absolute target (a latency percentile, a rate). */
  public record Figure(String operation, double value, String unit, String target, boolean met) {}

  private final String title;
  private final List<Row> rows = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();

  public Bench(String title) {
    this.title = title;
  }

  /**
   * Runs {@code warmup} calls of each side (so the JIT has compiled both), then {@code rounds}
   * rounds of {@code perRound} calls of each side, alternating which goes first, and records the
   * median time of one call of each.
   */
  public Row compare(String operation, String baselineName, Runnable baseline, String candidateName,
      Runnable candidate, int warmup, int rounds, int perRound, double targetRatio) {
    for (int i = 0; i < warmup; i++) {
      baseline.run();
      candidate.run();
    }
    long[] base = new long[rounds * perRound];
    long[] cand = new long[rounds * perRound];
    int b = 0;
    int c = 0;
    for (int round = 0; round < rounds; round++) {
      boolean baselineFirst = round % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean runBaseline = (side == 0) == baselineFirst;
        for (int i = 0; i < perRound; i++) {
          long start = System.nanoTime();
          (runBaseline ? baseline : candidate).run();
          long took = System.nanoTime() - start;
          if (runBaseline) {
            base[b++] = took;
          } else {
            cand[c++] = took;
          }
        }
      }
    }
    Row row = new Row(operation, baselineName, median(base) / 1000.0, candidateName, median(cand) / 1000.0, targetRatio);
    rows.add(row);
    return row;
  }

  public List<Row> rows() {
    return rows;
  }

  public Figure figure(String operation, double value, String unit, String target, boolean met) {
    Figure figure = new Figure(operation, value, unit, target, met);
    figures.add(figure);
    return figure;
  }

  /** Times {@code samples} calls after {@code warmup} and answers the 95th percentile in milliseconds. */
  public static double p95Millis(Runnable call, int warmup, int samples) {
    long[] took = timings(call, warmup, samples);
    Arrays.sort(took);
    return took[(int) Math.ceil(samples * 0.95) - 1] / 1e6;
  }

  /** Times {@code samples} calls after {@code warmup} and answers the median in milliseconds. */
  public static double medianMillis(Runnable call, int warmup, int samples) {
    return median(timings(call, warmup, samples)) / 1e6;
  }

  /** Nanoseconds of each of {@code samples} calls, after {@code warmup} untimed ones. */
  private static long[] timings(Runnable call, int warmup, int samples) {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    long[] took = new long[samples];
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      call.run();
      took[i] = System.nanoTime() - start;
    }
    return took;
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** The table, as printed. */
  public String table() {
    StringBuilder out = new StringBuilder("\n== " + title + " ==\n");
    if (!rows.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%-44s %14s %14s %8s %8s  %s%n", "operation", "baseline µs",
          "candidate µs", "ratio", "target", "verdict"));
    }
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "%-44s %14.1f %14.1f %8.3f %8s  %s%n", row.operation(),
          row.baselineMicros(), row.candidateMicros(), row.ratio(), Double.isInfinite(row.targetRatio()) ? "-" : "≤ " + row.targetRatio(),
          row.met() ? "met" : "MISSED"));
    }
    if (!rows.isEmpty()) {
      out.append("baseline: ").append(rows.get(0).baseline()).append("; candidate: ").append(rows.get(0).candidate())
          .append('\n');
    }
    if (!figures.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%-44s %14s %6s %12s  %s%n", "measure", "value", "unit", "target", "verdict"));
      for (Figure f : figures) {
        out.append(String.format(Locale.ROOT, "%-44s %14.2f %6s %12s  %s%n", f.operation(), f.value(), f.unit(),
            f.target(), f.met() ? "met" : "MISSED"));
      }
    }
    return out.toString();
  }
}
