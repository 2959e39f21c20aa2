package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.demo.DemoPlan;
import tracker.graph.Forecast;
import tracker.graph.Forecast.Estimate;
import tracker.graph.PlanGraph;
import tracker.graph.Planner;
import tracker.support.TestDatabases;

/**
 * The Monte Carlo forecast: 10,000 runs over the demo plan through the service (target < 0.5 s)
 * and 1,000 runs over 100k tasks and 300k dependencies (target < 10 s), on every core. The
 * baseline, measured in the same run, is one deterministic list schedule of the same plan: the
 * ratio says what a run costs beyond scheduling (sampling, the critical chain, the sums), per core.
 */
@Tag("benchmark")
class ForecastBenchmark {

  @TempDir
  Path dir;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void forecasts_on_the_demo_plan_and_on_100k_tasks() {
    Bench bench = new Bench("Forecast (Monte Carlo), " + CORES + " cores");
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions());
      PlanGraph demo = tracker.plan().graph();
      double schedule = Bench.medianMillis(() -> Planner.schedule(demo, 5), 20, 51);
      double forecast = Bench.medianMillis(() -> tracker.forecast().forecast("10000", "5", null, "1"), 3, 7);
      report(bench, "demo plan (" + demo.size() + " tasks), 10,000 runs", 10_000, forecast, schedule, 500);
    }

    Random random = new Random(42);
    List<PlanGraph.Node> nodes = new ArrayList<>();
    Estimate[] estimates = new Estimate[PlannerBenchmark.TASKS];
    for (int i = 1; i <= PlannerBenchmark.TASKS; i++) {
      double likely = 1 + random.nextInt(16);
      nodes.add(new PlanGraph.Node(i, likely, PlannerBenchmark.status(i), i % 4, "Area " + i % 40, null));
      estimates[i - 1] = new Estimate(likely * 0.7, likely, likely * 1.8);
    }
    List<PlanGraph.Edge> edges = PlannerBenchmark.edges(random).stream()
        .map(e -> new PlanGraph.Edge(e[0], e[1])).toList();
    PlanGraph big = new PlanGraph(nodes, edges);
    double schedule = Bench.medianMillis(() -> Planner.schedule(big, 5), 2, 5);
    double forecast = Bench.medianMillis(() -> Forecast.simulate(big, estimates, 5, 1_000, 1), 1, 3);
    report(bench, "100k tasks, 300k dependencies, 1,000 runs", 1_000, forecast, schedule, 10_000);
    System.out.println(bench.table());
    assertThat(bench.table()).contains("runs/s per core");
  }

  private static void report(Bench bench, String plan, int runs, double forecastMillis, double scheduleMillis,
      double targetMillis) {
    bench.figure(plan + ": forecast", forecastMillis, "ms", "< " + (int) targetMillis + " ms",
        forecastMillis < targetMillis);
    bench.figure(plan + ": runs/s per core", runs / (forecastMillis / 1000) / CORES, "runs/s", "-", true);
    bench.figure(plan + ": baseline, one deterministic schedule", scheduleMillis, "ms", "-", true);
    bench.figure(plan + ": a run's cost / a schedule's, per core", forecastMillis * CORES / runs / scheduleMillis,
        "x", "-", true);
  }
}
