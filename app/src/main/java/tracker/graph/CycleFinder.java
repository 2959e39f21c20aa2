package tracker.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells whether a new dependency "task depends on prerequisite" would close a cycle, and names it.
 * Pure: the edges come from a function that answers, for a batch of task ids, what each depends on,
 * so a caller can read only the part of the graph it needs, one level per call.
 */
public final class CycleFinder {

  private CycleFinder() {}

  /**
   * The cycle the edge task → prerequisite would close, as ids in order starting and ending with
   * {@code task} (task, prerequisite, …, task); empty when the edge is safe. Searches from the
   * prerequisite along what each task depends on.
   */
  public static Optional<List<Long>> cycleClosedBy(
      long task, long prerequisite, Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf) {
    return cycleClosedBy(task, prerequisite, prerequisitesOf, null);
  }

  /**
   * As above, searching from both ends at once: from the prerequisite along what each task depends
   * on, and from the task along what depends on it ({@code dependentsOf}), a level of the smaller
   * side at a time, until the two meet (a cycle) or one side runs out (none). A new task, or one
   * that nothing waits for yet, answers after one small read however much its new prerequisite
   * reaches; one side alone read up to the whole plan (1.5 s on 100k tasks, inside the write).
   */
  public static Optional<List<Long>> cycleClosedBy(long task, long prerequisite,
      Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf,
      Function<Set<Long>, Map<Long, List<Long>>> dependentsOf) {
    if (task == prerequisite) {
      return Optional.of(List.of(task, task));
    }
    Search search = new Search(Set.of(prerequisite), Set.of(task));
    return search.meet(prerequisitesOf, dependentsOf)
        .map(meeting -> cycle(task, meeting, search.fromPrerequisite, search.fromTask));
  }

  /**
   * Whether any of {@code tasks} is reached from any of {@code prerequisites} along what each task
   * depends on, searching from both ends as {@link #cycleClosedBy} does: edges from the
   * prerequisites to the tasks would close a cycle only if it is. One search for many edges.
   */
  public static boolean reaches(Set<Long> prerequisites, Set<Long> tasks,
      Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf,
      Function<Set<Long>, Map<Long, List<Long>>> dependentsOf) {
    if (prerequisites.isEmpty() || tasks.isEmpty()) {
      return false;
    }
    if (!Collections.disjoint(prerequisites, tasks)) {
      return true;
    }
    return new Search(prerequisites, tasks).meet(prerequisitesOf, dependentsOf).isPresent();
  }

  /** A search from both ends; each reached task is kept with the one it was reached from (null at a start). */
  private static final class Search {
    final Map<Long, Long> fromPrerequisite = new HashMap<>();
    final Map<Long, Long> fromTask = new HashMap<>();
    Set<Long> prerequisiteSide;
    Set<Long> taskSide;

    Search(Set<Long> prerequisites, Set<Long> tasks) {
      prerequisites.forEach(id -> fromPrerequisite.put(id, null));
      tasks.forEach(id -> fromTask.put(id, null));
      prerequisiteSide = new LinkedHashSet<>(prerequisites);
      taskSide = new LinkedHashSet<>(tasks);
    }

    /** Where the two sides met, or empty when one ran out first (a null {@code dependentsOf}: the prerequisite side alone). */
    Optional<Long> meet(Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf,
        Function<Set<Long>, Map<Long, List<Long>>> dependentsOf) {
      while (!prerequisiteSide.isEmpty() && !taskSide.isEmpty()) {
        boolean forward = dependentsOf == null || prerequisiteSide.size() < taskSide.size();
        Set<Long> frontier = forward ? prerequisiteSide : taskSide;
        Map<Long, Long> reached = forward ? fromPrerequisite : fromTask;
        Map<Long, Long> other = forward ? fromTask : fromPrerequisite;
        Map<Long, List<Long>> next = (forward ? prerequisitesOf : dependentsOf).apply(frontier);
        Set<Long> nextFrontier = new LinkedHashSet<>();
        for (Long from : frontier) {
          for (Long to : next.getOrDefault(from, List.of())) {
            if (reached.containsKey(to)) {
              continue;
            }
            reached.put(to, from);
            if (other.containsKey(to)) {
              return Optional.of(to);
            }
            nextFrontier.add(to);
          }
        }
        if (forward) {
          prerequisiteSide = nextFrontier;
        } else {
          taskSide = nextFrontier;
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A cycle among whole edges "task depends on prerequisites" (as given by a file, not yet
   * stored), in the same form as {@link #cycleClosedBy}; empty when there is none.
   */
  public static Optional<List<Long>> anyCycle(Map<Long, List<Long>> prerequisites) {
    Map<Long, Integer> state = new HashMap<>(); // absent: unseen, 1: on the current path, 2: done
    for (Long start : prerequisites.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<Long> path = new ArrayDeque<>();
      Deque<java.util.Iterator<Long>> next = new ArrayDeque<>();
      path.push(start);
      next.push(prerequisites.getOrDefault(start, List.of()).iterator());
      state.put(start, 1);
      while (!path.isEmpty()) {
        if (!next.peek().hasNext()) {
          state.put(path.pop(), 2);
          next.pop();
          continue;
        }
        Long to = next.peek().next();
        Integer seen = state.get(to);
        if (seen == null) {
          state.put(to, 1);
          path.push(to);
          next.push(prerequisites.getOrDefault(to, List.of()).iterator());
        } else if (seen == 1) {
          List<Long> cycle = new ArrayList<>(); // the path back from here to `to`, then turned round
          for (Long at : path) {
            cycle.add(at);
            if (at.equals(to)) {
              break;
            }
          }
          Collections.reverse(cycle);
          cycle.add(to);
          return Optional.of(Collections.unmodifiableList(cycle));
        }
      }
    }
    return Optional.empty();
  }

  /** task, prerequisite, …, {@code meeting}, …, task: the prerequisite's side up to where the sides met, then the task's. */
  private static List<Long> cycle(long task, long meeting, Map<Long, Long> fromPrerequisite, Map<Long, Long> fromTask) {
    Deque<Long> prerequisiteSide = new ArrayDeque<>();
    for (Long at = meeting; at != null; at = fromPrerequisite.get(at)) {
      prerequisiteSide.push(at);
    }
    List<Long> cycle = new ArrayList<>();
    cycle.add(task);
    cycle.addAll(prerequisiteSide);
    for (Long at = fromTask.get(meeting); at != null; at = fromTask.get(at)) {
      cycle.add(at);
    }
    return Collections.unmodifiableList(cycle);
  }

  /** "3 → 5 → 7 → 3", for messages. */
  public static String describe(List<Long> cycle) {
    return String.join(" → ", cycle.stream().map(String::valueOf).toList());
  }
}
