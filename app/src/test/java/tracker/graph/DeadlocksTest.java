package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DeadlocksTest {

  /** A plan in memory: prerequisites and parents by task. */
  private final Map<Long, List<Long>> prerequisites = new HashMap<>();
  private final Map<Long, Long> parents = new HashMap<>();

  private void depends(long task, long prerequisite) {
    prerequisites.computeIfAbsent(task, k -> new ArrayList<>()).add(prerequisite);
  }

  private Deadlocks.Links links() {
    Map<Long, List<Long>> dependents = new HashMap<>();
    prerequisites.forEach((task, list) -> list.forEach(p -> dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(task)));
    Map<Long, List<Long>> parentLists = new HashMap<>();
    Map<Long, List<Long>> subtasks = new HashMap<>();
    parents.forEach((task, parent) -> {
      parentLists.put(task, List.of(parent));
      subtasks.computeIfAbsent(parent, k -> new ArrayList<>()).add(task);
    });
    return new Deadlocks.Links(lookup(prerequisites), lookup(dependents), lookup(parentLists), lookup(subtasks));
  }

  private static Function<Set<Long>, Map<Long, List<Long>>> lookup(Map<Long, List<Long>> edges) {
    return ids -> {
      Map<Long, List<Long>> answer = new HashMap<>();
      ids.forEach(id -> answer.put(id, edges.getOrDefault(id, List.of())));
      return answer;
    };
  }

  @Test
  void a_parent_that_would_wait_for_its_own_subtask_is_a_deadlock() {
    parents.put(2L, 1L);
    assertThat(Deadlocks.closedByDependency(1, 2, links())).isTrue();
    assertThat(Deadlocks.closedByDependency(2, 1, links())).as("and the subtask waiting for its parent").isTrue();
  }

  @Test
  void a_loop_through_a_third_task_is_one_too() {
    parents.put(2L, 1L); // 2 is part of 1
    depends(3, 2);       // 3 waits for 2
    assertThat(Deadlocks.closedByDependency(1, 3, links())).isTrue(); // 1 (so 2) would wait for 3, which waits for 2
    assertThat(Deadlocks.closedByDependency(4, 3, links())).isFalse();
    assertThat(Deadlocks.closedByDependency(3, 1, links())).as("waiting for the container is fine").isFalse();
  }

  @Test
  void moving_a_task_under_one_that_waits_for_it_is_refused_and_ordinary_moves_are_not() {
    depends(2, 1); // 2 waits for 1
    assertThat(Deadlocks.closedByParent(1, 2, links())).isTrue(); // 1 under 2: 1 cannot start before 2 could
    assertThat(Deadlocks.closedByParent(2, 1, links())).isTrue(); // 2 under 1: 1 finishes through 2, which waits for 1
    assertThat(Deadlocks.closedByParent(3, 2, links())).isFalse();
    parents.put(4L, 3L);
    depends(5, 4);
    assertThat(Deadlocks.closedByParent(3, 5, links())).as("3's subtask 4 is waited for by 5").isTrue();
  }

  @Test
  void siblings_may_wait_for_each_other_and_others_for_the_container() {
    parents.put(2L, 1L);
    parents.put(3L, 1L);
    depends(3, 2);
    depends(4, 1);
    assertThat(Deadlocks.anyIn(prerequisites, parents)).isEmpty();
    depends(1, 4);
    assertThat(Deadlocks.anyIn(prerequisites, parents)).isPresent();
  }

  /** The searches agree with a check of the whole plan after the change, on random plans that have no deadlock yet. */
  @Property(tries = 300)
  void the_searches_agree_with_a_whole_plan_check(@ForAll @IntRange(min = 2, max = 25) int size,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 10_000) Integer> picks,
      @ForAll @IntRange(min = 0, max = 24) int a, @ForAll @IntRange(min = 0, max = 24) int b,
      @ForAll boolean asParent) {
    for (int i = 0; i + 1 < picks.size(); i += 2) {
      long from = 1 + picks.get(i) % size;
      long to = 1 + picks.get(i + 1) % size;
      if (from == to) {
        continue;
      }
      Map<Long, List<Long>> tried = new HashMap<>();
      prerequisites.forEach((k, v) -> tried.put(k, new ArrayList<>(v)));
      Map<Long, Long> triedParents = new HashMap<>(parents);
      if (picks.get(i) % 3 == 0 && !parents.containsKey(from)) {
        triedParents.put(from, to);
      } else {
        tried.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
      }
      if (Deadlocks.anyIn(tried, triedParents).isEmpty()) {
        prerequisites.clear();
        prerequisites.putAll(tried);
        parents.clear();
        parents.putAll(triedParents);
      }
    }
    long task = 1 + a % size;
    long other = 1 + b % size;
    if (task == other || asParent && parents.containsKey(task)) {
      return;
    }
    Map<Long, List<Long>> after = new HashMap<>();
    prerequisites.forEach((k, v) -> after.put(k, new ArrayList<>(v)));
    Map<Long, Long> afterParents = new HashMap<>(parents);
    boolean found;
    if (asParent) {
      afterParents.put(task, other);
      found = Deadlocks.closedByParent(task, other, links());
    } else {
      after.computeIfAbsent(task, k -> new ArrayList<>()).add(other);
      found = Deadlocks.closedByDependency(task, other, links());
    }
    assertThat(found).isEqualTo(Deadlocks.anyIn(after, afterParents).isPresent());
  }
}
