package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CycleFinderTest {

  /** prerequisites: 2 depends on 1, 3 on 2, 4 on 3, 5 on 1 */
  private final Map<Long, List<Long>> edges = Map.of(2L, List.of(1L), 3L, List.of(2L), 4L, List.of(3L), 5L, List.of(1L));
  private final AtomicInteger batches = new AtomicInteger();
  private final Function<Set<Long>, Map<Long, List<Long>>> lookup = lookupOf(edges, batches);

  /** Answers from {@code edges} a batch of ids at a time, counting the batches. */
  private static Function<Set<Long>, Map<Long, List<Long>>> lookupOf(Map<Long, List<Long>> edges, AtomicInteger batches) {
    return ids -> {
      batches.incrementAndGet();
      Map<Long, List<Long>> answer = new HashMap<>();
      ids.forEach(id -> answer.put(id, edges.getOrDefault(id, List.of())));
      return answer;
    };
  }

  @Test
  void an_edge_that_closes_a_cycle_is_named_from_the_task_round_to_itself() {
    assertThat(CycleFinder.cycleClosedBy(1, 4, lookup)).contains(List.of(1L, 4L, 3L, 2L, 1L));
    assertThat(CycleFinder.describe(List.of(1L, 4L, 3L, 2L, 1L))).isEqualTo("1 → 4 → 3 → 2 → 1");
  }

  @Test
  void an_edge_between_unrelated_or_downstream_tasks_is_safe() {
    assertThat(CycleFinder.cycleClosedBy(4, 5, lookup)).isEmpty();
    assertThat(CycleFinder.cycleClosedBy(5, 4, lookup)).isEmpty();
  }

  @Test
  void a_self_edge_is_a_cycle_of_one() {
    assertThat(CycleFinder.cycleClosedBy(3, 3, lookup)).contains(List.of(3L, 3L));
  }

  @Test
  void the_graph_is_read_one_level_per_batch() {
    CycleFinder.cycleClosedBy(9, 4, lookup);
    assertThat(batches.get()).isEqualTo(4); // 4, 3, 2, 1
  }

  /** The edges' other direction: what depends on each task. */
  private static Function<Set<Long>, Map<Long, List<Long>>> dependents(Map<Long, List<Long>> prerequisites,
      AtomicInteger batches) {
    Map<Long, List<Long>> reversed = new HashMap<>();
    prerequisites.forEach((task, list) -> list.forEach(p -> reversed.computeIfAbsent(p, k -> new ArrayList<>()).add(task)));
    return lookupOf(reversed, batches);
  }

  @Test
  void searching_from_both_ends_names_a_cycle_that_the_task_side_meets() {
    AtomicInteger dependentBatches = new AtomicInteger();
    assertThat(CycleFinder.cycleClosedBy(1, 4, lookup, dependents(edges, dependentBatches)))
        .contains(List.of(1L, 4L, 3L, 2L, 1L));
    assertThat(CycleFinder.cycleClosedBy(1, 5, lookup, dependents(edges, dependentBatches)))
        .contains(List.of(1L, 5L, 1L));
    assertThat(CycleFinder.cycleClosedBy(4, 5, lookup, dependents(edges, dependentBatches))).isEmpty();
  }

  @Test
  void a_task_that_nothing_waits_for_answers_at_once_however_far_its_new_prerequisite_reaches() {
    Map<Long, List<Long>> chain = new HashMap<>(); // 1000 depends on 999, … 2 on 1
    for (long id = 2; id <= 1000; id++) {
      chain.put(id, List.of(id - 1));
    }
    AtomicInteger forwardBatches = new AtomicInteger();
    AtomicInteger backBatches = new AtomicInteger();
    Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf = lookupOf(chain, forwardBatches);
    assertThat(CycleFinder.cycleClosedBy(5000, 1000, prerequisitesOf, dependents(chain, backBatches))).isEmpty();
    assertThat(forwardBatches.get() + backBatches.get()).isLessThanOrEqualTo(2);
    assertThat(CycleFinder.cycleClosedBy(5000, 1000, prerequisitesOf)).isEmpty();
    assertThat(forwardBatches.get()).isGreaterThan(900); // one side alone walks the whole chain
  }

  @Test
  void many_prerequisites_reach_many_tasks_in_one_search() {
    AtomicInteger back = new AtomicInteger();
    assertThat(CycleFinder.reaches(Set.of(4L, 5L), Set.of(2L), lookup, dependents(edges, back))).isTrue(); // 4 → 3 → 2
    assertThat(CycleFinder.reaches(Set.of(5L), Set.of(2L, 3L), lookup, dependents(edges, back))).isFalse();
    assertThat(CycleFinder.reaches(Set.of(3L), Set.of(3L, 9L), lookup, dependents(edges, back))).isTrue();
    assertThat(CycleFinder.reaches(Set.of(), Set.of(1L), lookup, dependents(edges, back))).isFalse();
  }

  /**
   * On any plan without a cycle, and any new edge: searching from both ends finds a cycle exactly
   * when the task is reachable from its new prerequisite, and names a real one.
   */
  @Property(tries = 300)
  void both_ends_agree_with_a_plain_search_and_name_real_cycles(@ForAll @IntRange(min = 2, max = 40) int size,
      @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 10_000) Integer> picks,
      @ForAll @IntRange(min = 0, max = 39) int taskPick, @ForAll @IntRange(min = 0, max = 39) int prerequisitePick) {
    Map<Long, List<Long>> plan = new HashMap<>(); // a higher id depends on lower ones: no cycle
    for (int i = 0; i + 1 < picks.size(); i += 2) {
      long a = picks.get(i) % size + 1;
      long b = picks.get(i + 1) % size + 1;
      if (a != b) {
        long task = Math.max(a, b);
        long prerequisite = Math.min(a, b);
        List<Long> list = plan.computeIfAbsent(task, k -> new ArrayList<>());
        if (!list.contains(prerequisite)) {
          list.add(prerequisite);
        }
      }
    }
    long task = taskPick % size + 1;
    long prerequisite = prerequisitePick % size + 1;
    var cycle = CycleFinder.cycleClosedBy(task, prerequisite, lookupOf(plan, new AtomicInteger()),
        dependents(plan, new AtomicInteger()));
    assertThat(cycle.isPresent()).isEqualTo(task == prerequisite || reaches(plan, prerequisite, task));
    assertThat(CycleFinder.reaches(Set.of(prerequisite), Set.of(task), lookupOf(plan, new AtomicInteger()),
        dependents(plan, new AtomicInteger()))).isEqualTo(cycle.isPresent());
    cycle.ifPresent(found -> {
      assertThat(found.get(0)).isEqualTo(task);
      assertThat(found.get(1)).isEqualTo(prerequisite);
      assertThat(found.get(found.size() - 1)).isEqualTo(task);
      for (int i = 1; i + 1 < found.size(); i++) {
        assertThat(plan.getOrDefault(found.get(i), List.of())).as("%s depends on %s", found.get(i), found.get(i + 1))
            .contains(found.get(i + 1));
      }
    });
  }

  private static boolean reaches(Map<Long, List<Long>> plan, long from, long to) {
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      long at = todo.pop();
      if (at == to) {
        return true;
      }
      if (seen.add(at)) {
        todo.addAll(plan.getOrDefault(at, List.of()));
      }
    }
    return false;
  }
}
