package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.PlanGraph.Node;
import tracker.graph.PlanGraph.Status;

class PlannerPropertiesTest {

  /** A random DAG: edges only from a lower to a higher position, ids shuffled away from positions. */
  record Dag(List<Node> nodes, List<Edge> edges) {
    PlanGraph graph() {
      return new PlanGraph(nodes, edges);
    }
  }

  @Provide
  Arbitrary<Dag> dags() {
    return Arbitraries.integers().between(1, 9).flatMap(n -> {
      Arbitrary<List<Double>> hours = Arbitraries.integers().between(1, 200).map(h -> h / 10.0).list().ofSize(n);
      Arbitrary<List<Status>> statuses = Arbitraries.of(Status.class).list().ofSize(n);
      Arbitrary<List<Integer>> priorities = Arbitraries.integers().between(0, 3).list().ofSize(n);
      Arbitrary<List<Boolean>> edgeBits = Arbitraries.of(true, false, false).list().ofSize(n * n);
      return Combinators.combine(hours, statuses, priorities, edgeBits).as((h, s, p, bits) -> {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          nodes.add(new Node(100 + (i * 7L) % 97, h.get(i), s.get(i), p.get(i)));
        }
        List<Edge> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
          for (int b = a + 1; b < n; b++) {
            if (bits.get(a * n + b)) {
              edges.add(new Edge(nodes.get(b).id(), nodes.get(a).id()));
            }
          }
        }
        return new Dag(nodes, edges);
      });
    });
  }

  static boolean inScope(Node node, boolean all) {
    return all || node.status() != Status.COMPLETED;
  }

  /** Longest path by hours over the tasks in scope, by trying every path. */
  static double bruteForceLongest(Dag dag, boolean all) {
    Map<Long, Node> byId = new HashMap<>();
    dag.nodes().forEach(n -> byId.put(n.id(), n));
    double best = 0;
    for (Node start : dag.nodes()) {
      if (inScope(start, all)) {
        best = Math.max(best, longestFrom(start, dag, byId, all));
      }
    }
    return best;
  }

  static double longestFrom(Node node, Dag dag, Map<Long, Node> byId, boolean all) {
    double tail = 0;
    for (Edge e : dag.edges()) {
      if (e.prerequisite() == node.id() && inScope(byId.get(e.task()), all)) {
        tail = Math.max(tail, longestFrom(byId.get(e.task()), dag, byId, all));
      }
    }
    return node.hours() + tail;
  }

  @Property
  void the_critical_path_is_the_longest_chain(@ForAll("dags") Dag dag, @ForAll boolean all) {
    Planner.CriticalPath cpm = Planner.criticalPath(dag.graph(), all);

    assertThat(cpm.totalHours()).isCloseTo(bruteForceLongest(dag, all), org.assertj.core.data.Offset.offset(1e-6));
    double sum = cpm.chain().stream().mapToDouble(Planner.Timing::hours).sum();
    assertThat(sum).isCloseTo(cpm.totalHours(), org.assertj.core.data.Offset.offset(1e-6));
    for (int i = 1; i < cpm.chain().size(); i++) {
      assertThat(dag.edges()).contains(new Edge(cpm.chain().get(i).id(), cpm.chain().get(i - 1).id()));
    }
    assertThat(cpm.chain()).allSatisfy(t -> assertThat(t.slack()).isLessThan(1e-6));
    assertThat(cpm.all()).allSatisfy(t -> assertThat(t.slack()).isGreaterThanOrEqualTo(0));
  }

  @Property
  void waves_respect_prerequisites_and_the_limit_and_the_makespan_is_bounded(
      @ForAll("dags") Dag dag, @ForAll @IntRange(min = 1, max = 4) int limit) {
    PlanGraph g = dag.graph();
    Planner.Schedule schedule = Planner.schedule(g, limit);

    Map<Long, Integer> waveOf = new HashMap<>();
    for (Planner.Wave wave : schedule.waves()) {
      assertThat(wave.taskIds()).hasSizeBetween(1, limit);
      wave.taskIds().forEach(id -> assertThat(waveOf.put(id, wave.index())).isNull());
      assertThat(wave.hours()).isEqualTo(wave.taskIds().stream().mapToDouble(id -> g.node(id).hours()).max().orElse(0));
    }
    Set<Long> open = new HashSet<>();
    dag.nodes().stream().filter(n -> n.status() != Status.COMPLETED).forEach(n -> open.add(n.id()));
    assertThat(waveOf.keySet()).isEqualTo(open);
    for (Edge e : dag.edges()) {
      if (open.contains(e.task()) && open.contains(e.prerequisite())) {
        assertThat(waveOf.get(e.prerequisite())).isLessThan(waveOf.get(e.task()));
      }
    }
    double work = dag.nodes().stream().filter(n -> open.contains(n.id())).mapToDouble(Node::hours).sum();
    double cp = Planner.criticalPath(g, false).totalHours();
    double lower = Math.max(cp, work / limit);
    double graham = work / limit + (1 - 1.0 / limit) * cp;
    // a blocked task waits for the first task to finish (as it stays out of the first wave): at most
    // the longest task later than plain list scheduling
    boolean blocked = dag.nodes().stream().anyMatch(n -> open.contains(n.id()) && n.status() == Status.BLOCKED);
    double delay = blocked ? dag.nodes().stream().mapToDouble(Node::hours).max().orElse(0) : 0;
    assertThat(schedule.makespanHours()).isBetween(lower - 1e-6, graham + delay + 1e-6);
  }

  @Property
  void ready_tasks_are_the_not_started_leaves_whose_and_whose_ancestors_prerequisites_are_done(
      @ForAll("dags") Dag dag, @ForAll("parentChoices") List<Integer> parentChoices) {
    // each task may sit under an earlier one (positions as generated), so the hierarchy has no cycle
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < dag.nodes().size(); i++) {
      Node n = dag.nodes().get(i);
      int choice = parentChoices.get(i % parentChoices.size());
      Long parent = i > 0 && choice % 3 == 0 ? dag.nodes().get(choice % i).id() : null;
      nodes.add(new Node(n.id(), n.hours(), n.status(), n.priorityRank(), null, parent));
    }
    PlanGraph g = new PlanGraph(nodes, dag.edges());
    Map<Long, Node> byId = new HashMap<>();
    nodes.forEach(n -> byId.put(n.id(), n));
    Set<Long> parents = new HashSet<>();
    nodes.forEach(n -> {
      if (n.parentId() != null && n.status() != Status.COMPLETED) {
        parents.add(n.parentId()); // a container: it has an open subtask
      }
    });
    Set<Long> expected = new HashSet<>();
    for (Node n : nodes) {
      boolean free = true;
      for (Node at = n; at != null; at = at.parentId() == null ? null : byId.get(at.parentId())) {
        long id = at.id();
        free &= dag.edges().stream().filter(e -> e.task() == id)
            .allMatch(e -> g.node(e.prerequisite()).status() == Status.COMPLETED);
      }
      if (n.status() == Status.NOT_STARTED && free && !parents.contains(n.id())) {
        expected.add(n.id());
      }
    }
    List<Planner.ReadyTask> queue = Planner.readyQueue(g);
    assertThat(queue.stream().map(Planner.ReadyTask::id).collect(java.util.stream.Collectors.toSet()))
        .isEqualTo(expected);
    for (int i = 1; i < queue.size(); i++) {
      Planner.ReadyTask before = queue.get(i - 1);
      Planner.ReadyTask after = queue.get(i);
      long slackBefore = Math.round(before.slack() * 1000);
      long slackAfter = Math.round(after.slack() * 1000);
      assertThat(slackBefore).isLessThanOrEqualTo(slackAfter);
      if (slackBefore == slackAfter) {
        assertThat(before.priorityRank()).isLessThanOrEqualTo(after.priorityRank());
        if (!after.critical()) {
          assertThat(after.rule()).isEqualTo(before.priorityRank() == after.priorityRank() ? "id" : "priority");
        }
      } else if (!after.critical()) {
        assertThat(after.rule()).isEqualTo("slack");
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> parentChoices() {
    return Arbitraries.integers().between(0, 99).list().ofMinSize(1).ofMaxSize(9);
  }

  @Property
  void a_dag_has_no_cycle_and_a_back_edge_makes_one_that_is_named(@ForAll("dags") Dag dag) {
    assertThat(dag.graph().findCycle()).isEmpty();
    if (dag.edges().isEmpty()) {
      return;
    }
    Edge forward = dag.edges().get(0);
    List<Edge> edges = new ArrayList<>(dag.edges());
    edges.add(new Edge(forward.prerequisite(), forward.task()));

    List<Long> cycle = new PlanGraph(dag.nodes(), edges).findCycle().orElseThrow();

    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
    for (int i = 1; i < cycle.size(); i++) {
      // consecutive ids follow an edge from prerequisite to task
      assertThat(edges).contains(new Edge(cycle.get(i), cycle.get(i - 1)));
    }
  }
}
