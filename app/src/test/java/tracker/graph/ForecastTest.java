package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.graph.Forecast.Estimate;
import tracker.graph.Forecast.TaskFigure;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.PlanGraph.Node;
import tracker.graph.PlanGraph.Status;

/** The Monte Carlo forecast against closed forms, alone (no database, no web). */
class ForecastTest {

  private static Node task(long id, double hours) {
    return new Node(id, hours, Status.NOT_STARTED, 2);
  }

  @Test
  void a_chain_finishes_at_the_sum_of_its_pert_means_with_the_sum_of_their_variances() {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    Estimate[] estimates = new Estimate[10];
    double mean = 0;
    double variance = 0;
    for (int i = 0; i < 10; i++) {
      nodes.add(task(i + 1, 4 + i));
      if (i > 0) {
        edges.add(new Edge(i + 1, i));
      }
      estimates[i] = new Estimate(2 + i * 0.5, 4 + i, 9 + i * 2);
      mean += estimates[i].mean();
      variance += estimates[i].variance();
    }
    Forecast.Result result = Forecast.simulate(new PlanGraph(nodes, edges), estimates, 3, 20_000, 7);
    double simulatedVariance = java.util.Arrays.stream(result.finishes())
        .map(f -> (f - result.mean()) * (f - result.mean())).sum() / (result.runs() - 1);
    assertThat(result.mean()).isCloseTo(mean, within(mean * 0.01));
    assertThat(result.percentile(0.5)).isCloseTo(mean, within(mean * 0.01));
    assertThat(simulatedVariance).isCloseTo(variance, within(variance * 0.05));
    assertThat(result.deterministic()).isEqualTo(nodes.stream().mapToDouble(Node::hours).sum());
    assertThat(result.tasks()).allSatisfy(t -> assertThat(t.criticality()).isEqualTo(1.0));
  }

  @Test
  void the_gantts_schedule_follows_the_workers_and_its_whiskers_are_the_tracked_tasks_percentiles() {
    // 1 → 3, and 2 beside them: on one worker every task waits its turn, on two 2 runs beside 1
    PlanGraph g = new PlanGraph(List.of(task(1, 4), task(2, 6), task(3, 2)), List.of(new Edge(3, 1)));
    Estimate[] estimates = {new Estimate(4, 4, 4), new Estimate(3, 6, 12), new Estimate(2, 2, 2)};
    List<Forecast.Slot> one = Forecast.schedule(g, estimates, 1);
    assertThat(one).extracting(Forecast.Slot::finish).containsExactly(4.0, 10.0, 12.0); // rank: least slack first
    assertThat(one).allSatisfy(s -> assertThat(s.critical()).isTrue());
    List<Forecast.Slot> two = Forecast.schedule(g, estimates, 2);
    assertThat(two).extracting(Forecast.Slot::id).containsExactly(1L, 2L, 3L);
    assertThat(two).extracting(Forecast.Slot::start).containsExactly(0.0, 0.0, 4.0);
    assertThat(two).filteredOn(Forecast.Slot::critical).extracting(Forecast.Slot::id).containsExactly(2L);

    Forecast.Result result = Forecast.simulate(g, estimates, 2, 4_000, 5, java.util.Set.of(2L, 3L, 99L));
    assertThat(result.finishOf(1, 0.85)).as("not tracked").isNull();
    assertThat(result.finishOf(3, 0.85)).as("a fixed task after a fixed one").isEqualTo(6.0);
    double p85 = result.finishOf(2, 0.85);
    assertThat(p85).isGreaterThan(estimates[1].mean()).isLessThan(12.0);
    assertThat(result.finishOf(2, 1.0)).as("the latest finish of all is task 2's").isEqualTo(result.percentile(1.0));
    assertThat(Forecast.simulate(g, estimates, 2, 4_000, 5, java.util.Set.of(2L)).finishOf(2, 0.85))
        .as("the same seed, the same whisker").isEqualTo(p85);
  }

  @Test
  void two_parallel_tasks_add_up_on_one_worker_and_overlap_on_two() {
    PlanGraph g = new PlanGraph(List.of(task(1, 5), task(2, 5)), List.of());
    Estimate[] estimates = {new Estimate(3, 5, 10), new Estimate(2, 5, 12)};
    double sum = estimates[0].mean() + estimates[1].mean();
    Forecast.Result one = Forecast.simulate(g, estimates, 1, 20_000, 1);
    Forecast.Result two = Forecast.simulate(g, estimates, 2, 20_000, 1);
    assertThat(one.mean()).isCloseTo(sum, within(sum * 0.01));
    assertThat(two.mean()).isGreaterThan(Math.max(estimates[0].mean(), estimates[1].mean()))
        .isLessThan(sum * 0.75);
  }

  @Test
  void a_plan_without_ranges_is_its_deterministic_critical_path_exactly() {
    List<Node> nodes = List.of(task(1, 3), task(2, 5.5), task(3, 2), task(4, 7.25));
    List<Edge> edges = List.of(new Edge(2, 1), new Edge(3, 1), new Edge(4, 3));
    PlanGraph g = new PlanGraph(nodes, edges);
    Estimate[] fixed = nodes.stream().map(n -> new Estimate(n.hours(), n.hours(), n.hours())).toArray(Estimate[]::new);
    Forecast.Result result = Forecast.simulate(g, fixed, 50, 1_000, 3);
    double cpm = Planner.criticalPath(g, false).totalHours();
    assertThat(result.percentile(0.10)).isEqualTo(cpm);
    assertThat(result.percentile(0.95)).isEqualTo(cpm);
    assertThat(result.deterministic()).isEqualTo(cpm);
  }

  @Test
  void a_completed_task_never_moves_the_forecast() {
    List<Node> open = new ArrayList<>(List.of(task(1, 4), task(3, 6)));
    List<Node> withDone = new ArrayList<>(open);
    withDone.add(1, new Node(2, 100, Status.COMPLETED, 0));
    Estimate[] few = {new Estimate(2, 4, 9), new Estimate(3, 6, 15)};
    Estimate[] more = {few[0], new Estimate(50, 100, 300), few[1]};
    Forecast.Result without = Forecast.simulate(new PlanGraph(open, List.of(new Edge(3, 1))), few, 2, 2_000, 11);
    Forecast.Result with = Forecast.simulate(new PlanGraph(withDone, List.of(new Edge(3, 1), new Edge(3, 2))), more,
        2, 2_000, 11);
    assertThat(with.finishes()).containsExactly(without.finishes());
  }

  @Test
  void the_dominant_chain_is_critical_and_a_task_with_large_slack_is_not() {
    List<Node> nodes = List.of(task(1, 10), task(2, 10), task(3, 10), task(4, 1));
    List<Edge> edges = List.of(new Edge(2, 1), new Edge(3, 2));
    Estimate[] estimates = {new Estimate(8, 10, 14), new Estimate(8, 10, 14), new Estimate(8, 10, 14),
        new Estimate(0.5, 1, 3)};
    Forecast.Result result = Forecast.simulate(new PlanGraph(nodes, edges), estimates, 5, 10_000, 5);
    for (TaskFigure figure : result.tasks()) {
      if (figure.id() == 4) {
        assertThat(figure.criticality()).isLessThanOrEqualTo(0.05);
      } else {
        assertThat(figure.criticality()).as("task " + figure.id()).isGreaterThanOrEqualTo(0.95);
        assertThat(figure.sensitivity()).isGreaterThan(0.4);
      }
    }
    assertThat(result.top(Comparator.comparingDouble(TaskFigure::criticality), 3)).extracting(TaskFigure::id)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void the_same_seed_gives_the_same_forecast_and_another_seed_another() {
    PlanGraph g = new PlanGraph(List.of(task(1, 4), task(2, 6), task(3, 2)), List.of(new Edge(2, 1)));
    Estimate[] estimates = {new Estimate(2, 4, 9), new Estimate(3, 6, 15), new Estimate(1, 2, 3)};
    Forecast.Result first = Forecast.simulate(g, estimates, 2, 5_000, 42);
    Forecast.Result again = Forecast.simulate(g, estimates, 2, 5_000, 42);
    assertThat(again.finishes()).containsExactly(first.finishes());
    assertThat(again.tasks()).isEqualTo(first.tasks());
    assertThat(Forecast.simulate(g, estimates, 2, 5_000, 43).finishes()).isNotEqualTo(first.finishes());
    assertThat(first.probabilityWithin(first.percentile(0.85))).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void hours_of_work_become_working_days() {
    WorkCalendar calendar = new WorkCalendar(LocalDate.of(2026, 12, 4), 8, 5); // a Friday
    assertThat(calendar.dateAfter(0)).isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(calendar.dateAfter(8)).isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(calendar.dateAfter(8.5)).isEqualTo(LocalDate.of(2026, 12, 7)); // Monday
    assertThat(new WorkCalendar(LocalDate.of(9000, 12, 29), 0.5, 1).dateAfter(1e9)).isEqualTo(WorkCalendar.LAST_DAY);
    assertThat(calendar.dateAfter(1e300)).isEqualTo(WorkCalendar.LAST_DAY);
    assertThat(calendar.dateAfter(48)).isEqualTo(LocalDate.of(2026, 12, 11)); // 6 workdays
    assertThat(calendar.hoursUntilEndOf(LocalDate.of(2026, 12, 11))).isEqualTo(48);
    assertThat(calendar.hoursUntilEndOf(LocalDate.of(2026, 12, 6))).isEqualTo(8); // the weekend adds none
    assertThat(calendar.hoursUntilEndOf(LocalDate.of(2026, 12, 1))).isZero();
    WorkCalendar everyDay = new WorkCalendar(LocalDate.of(2026, 12, 4), 6, 7);
    assertThat(everyDay.dateAfter(60)).isEqualTo(LocalDate.of(2026, 12, 13));
  }
}
