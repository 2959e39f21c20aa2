package tracker.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Monte Carlo over the plan: each run samples every remaining task's duration from a PERT-beta
 * over its three points, schedules the plan with the waves' list scheduling under the
 * parallelism limit, and records the finish. Answers the distribution of the finish, and per
 * task how often it lay on the run's critical chain (the chain of tasks each of which started
 * when the one before it finished, back from the last to finish) and how its duration
 * correlates with the finish. Deterministic for a seed: run r draws from its own generator,
 * runs are summed in fixed blocks, whatever the number of threads.
 */
public final class Forecast {

  /** Runs per block: the unit of parallel work and of summing, fixed so sums never depend on threads. */
  private static final int BLOCK = 256;
  public static final int MAX_RUNS = 100_000;

  private Forecast() {}

  /** Three points of a task's remaining hours: optimistic ≤ likely ≤ pessimistic. */
  public record Estimate(double optimistic, double likely, double pessimistic) {

    public Estimate {
      if (!(optimistic >= 0 && optimistic <= likely && likely <= pessimistic) || !Double.isFinite(pessimistic)) {
        throw new IllegalArgumentException("need 0 <= optimistic <= likely <= pessimistic, not " + optimistic
            + ", " + likely + ", " + pessimistic);
      }
    }

    /** The PERT mean. */
    public double mean() {
      return (optimistic + 4 * likely + pessimistic) / 6;
    }

    /** The variance of the PERT-beta (of mean μ): (μ − a)(b − μ) / 7. */
    public double variance() {
      double mean = mean();
      return (mean - optimistic) * (pessimistic - mean) / 7;
    }

    /** The same points, scaled (an in-progress task's remaining share). */
    public Estimate times(double share) {
      return new Estimate(optimistic * share, likely * share, pessimistic * share);
    }
  }

  /** A task's share of the runs on the critical chain, and the correlation of its duration with the finish. */
  public record TaskFigure(long id, double criticality, double sensitivity) {}

  /**
   * The finishes of every run (hours from now, sorted), the deterministic finish (every task at
   * its likely hours), and the per-task figures, in the graph's task order.
   */
  public record Result(int runs, double[] finishes, double deterministic, List<TaskFigure> tasks,
      Map<Long, double[]> trackedFinishes) {

    /** The finish of a tracked task that {@code p} of the runs meet; null for a task not tracked. */
    public Double finishOf(long id, double p) {
      double[] sorted = trackedFinishes.get(id);
      return sorted == null ? null : nearestRank(sorted, p);
    }

    /** The finish that {@code p} of the runs meet (p in 0..1), by the nearest-rank method. */
    public double percentile(double p) {
      return nearestRank(finishes, p);
    }

    /** The share of runs finished within {@code hours}. */
    public double probabilityWithin(double hours) {
      int index = Arrays.binarySearch(finishes, hours + Planner.EPSILON);
      return (index >= 0 ? index + 1 : -index - 1) / (double) finishes.length;
    }

    public double mean() {
      return Arrays.stream(finishes).average().orElse(0);
    }

    /** The {@code limit} tasks with the highest figure, highest first (ties by id). */
    public List<TaskFigure> top(Comparator<TaskFigure> by, int limit) {
      return tasks.stream().sorted(by.reversed().thenComparing(TaskFigure::id)).limit(limit).toList();
    }
  }

  private static double nearestRank(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** One task of the deterministic schedule: when it starts and finishes (hours from now), and whether it is on the chain that ends last. */
  public record Slot(long id, double start, double finish, boolean critical) {}

  /**
   * The schedule with every task at its likely hours, by the same list scheduling as each run:
   * the not-completed tasks in the order they start (ties by id).
   */
  public static List<Slot> schedule(PlanGraph g, Estimate[] estimates, int workers) {
    Planner.Prepared prepared = Planner.prepare(g);
    int n = g.size();
    double[] likely = new double[n];
    for (int v = 0; v < n; v++) {
      likely[v] = estimates[v].likely();
    }
    double[] finishAt = new double[n];
    int[] startedAfter = new int[n];
    prepared.makespan(workers, likely, finishAt, startedAfter);
    boolean[] critical = new boolean[n];
    int last = -1;
    for (int v = 0; v < n; v++) {
      if (prepared.in()[v] && (last < 0 || finishAt[v] > finishAt[last])) {
        last = v;
      }
    }
    for (int v = last; v >= 0; v = startedAfter[v]) {
      critical[v] = true;
    }
    List<Slot> slots = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      if (prepared.in()[v]) {
        slots.add(new Slot(g.nodes[v].id(), finishAt[v] - likely[v], finishAt[v], critical[v]));
      }
    }
    slots.sort(Comparator.comparingDouble(Slot::start).thenComparingLong(Slot::id));
    return slots;
  }

  /**
   * Simulates {@code runs} finishes of the not-completed tasks of {@code g}. {@code estimates}
   * holds one estimate per task of the graph, in its order (completed tasks' are ignored).
   */
  public static Result simulate(PlanGraph g, Estimate[] estimates, int workers, int runs, long seed) {
    return simulate(g, estimates, workers, runs, seed, Set.of());
  }

  /** As above, also keeping every run's finish of the {@code tracked} tasks (a few: the bars a page draws). */
  public static Result simulate(PlanGraph g, Estimate[] estimates, int workers, int runs, long seed,
      Set<Long> tracked) {
    if (runs < 1 || runs > MAX_RUNS) {
      throw new IllegalArgumentException("runs must be between 1 and " + MAX_RUNS);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    Planner.Prepared prepared = Planner.prepare(g);
    int n = g.size();
    double[] likely = new double[n];
    for (int v = 0; v < n; v++) {
      likely[v] = estimates[v].likely();
    }
    double deterministic = prepared.makespan(workers, likely, null, null);
    // sampling in id order, so a plan loaded in another order draws the same durations
    int[] byId = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(v -> g.nodes[v].id()))
        .filter(v -> prepared.in()[v]).mapToInt(Integer::intValue).toArray();
    int[] trackedAt = tracked.stream().mapToInt(g::positionOf).filter(v -> v >= 0 && prepared.in()[v])
        .sorted().toArray();
    double[][] trackedRuns = new double[trackedAt.length][runs];
    int blocks = (runs + BLOCK - 1) / BLOCK;
    double[] finishes = new double[runs];
    Sums[] sums = IntStream.range(0, blocks).parallel()
        .mapToObj(b -> block(prepared, estimates, workers, seed, b * BLOCK, Math.min(runs, (b + 1) * BLOCK), byId,
            finishes, trackedAt, trackedRuns))
        .toArray(Sums[]::new);
    Sums total = new Sums(n);
    for (Sums block : sums) {
      total.add(block); // in block order: the same sums however many threads ran them
    }
    List<TaskFigure> figures = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      if (prepared.in()[v]) {
        figures.add(new TaskFigure(g.nodes[v].id(), total.critical[v] / (double) runs,
            correlation(runs, total.duration[v], total.durationSquared[v], total.durationTimesFinish[v],
                total.finish, total.finishSquared)));
      }
    }
    Arrays.sort(finishes);
    Map<Long, double[]> trackedFinishes = new HashMap<>();
    for (int t = 0; t < trackedAt.length; t++) {
      Arrays.sort(trackedRuns[t]);
      trackedFinishes.put(g.nodes[trackedAt[t]].id(), trackedRuns[t]);
    }
    return new Result(runs, finishes, deterministic, figures, trackedFinishes);
  }

  /** What the runs of one block add up to. */
  private static final class Sums {
    final int[] critical;
    final double[] duration;
    final double[] durationSquared;
    final double[] durationTimesFinish;
    double finish;
    double finishSquared;

    Sums(int n) {
      critical = new int[n];
      duration = new double[n];
      durationSquared = new double[n];
      durationTimesFinish = new double[n];
    }

    void add(Sums other) {
      for (int v = 0; v < critical.length; v++) {
        critical[v] += other.critical[v];
        duration[v] += other.duration[v];
        durationSquared[v] += other.durationSquared[v];
        durationTimesFinish[v] += other.durationTimesFinish[v];
      }
      finish += other.finish;
      finishSquared += other.finishSquared;
    }
  }

  private static Sums block(Planner.Prepared prepared, Estimate[] estimates, int workers, long seed, int from, int to,
      int[] byId, double[] finishes, int[] trackedAt, double[][] trackedRuns) {
    int n = estimates.length;
    Sums sums = new Sums(n);
    double[] hours = new double[n];
    double[] finishAt = new double[n];
    int[] startedAfter = new int[n];
    for (int run = from; run < to; run++) {
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + run);
      for (int v : byId) {
        hours[v] = sample(estimates[v], random);
      }
      double finish = prepared.makespan(workers, hours, finishAt, startedAfter);
      finishes[run] = finish;
      for (int t = 0; t < trackedAt.length; t++) {
        trackedRuns[t][run] = finishAt[trackedAt[t]];
      }
      int last = -1;
      for (int v : byId) {
        double h = hours[v];
        sums.duration[v] += h;
        sums.durationSquared[v] += h * h;
        sums.durationTimesFinish[v] += h * finish;
        if (last < 0 || finishAt[v] > finishAt[last] || finishAt[v] == finishAt[last] && v < last) {
          last = v;
        }
      }
      for (int v = last; v >= 0; v = startedAfter[v]) {
        sums.critical[v]++;
      }
      sums.finish += finish;
      sums.finishSquared += finish * finish;
    }
    return sums;
  }

  /** Pearson's correlation from sums; 0 when either side does not vary. */
  private static double correlation(int n, double x, double xx, double xy, double y, double yy) {
    double varianceX = n * xx - x * x;
    double varianceY = n * yy - y * y;
    if (varianceX <= 1e-12 * Math.max(1, n * xx) || varianceY <= 1e-12 * Math.max(1, n * yy)) {
      return 0;
    }
    return Math.max(-1, Math.min(1, (n * xy - x * y) / Math.sqrt(varianceX * varianceY)));
  }

  /** A PERT-beta draw: a + (b − a)·Beta(α, β), α = 1 + 4(m − a)/(b − a), β = 1 + 4(b − m)/(b − a). */
  static double sample(Estimate e, SplittableRandom random) {
    double range = e.pessimistic() - e.optimistic();
    if (range <= 0) {
      return e.likely();
    }
    double alpha = 1 + 4 * (e.likely() - e.optimistic()) / range;
    double beta = 1 + 4 * (e.pessimistic() - e.likely()) / range;
    double x = gamma(alpha, random);
    double y = gamma(beta, random);
    return e.optimistic() + range * x / (x + y);
  }

  /** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang, 2000). */
  private static double gamma(double shape, SplittableRandom random) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
