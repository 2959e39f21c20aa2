package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CycleFinderTest {

  /** prerequisites: 2 depends on 1, 3 on 2, 4 on 3, 5 on 1 */
  private final Map<Long, List<Long>> edges = Map.of(2L, List.of(1L), 3L, List.of(2L), 4L, List.of(3L), 5L, List.of(1L));
  private final AtomicInteger batches = new AtomicInteger();
  private final Function<Set<Long>, Map<Long, List<Long>>> lookup = ids -> {
    batches.incrementAndGet();
    Map<Long, List<Long>> answer = new HashMap<>();
    ids.forEach(id -> answer.put(id, edges.getOrDefault(id, List.of())));
    return answer;
  };

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
}
