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
   * {@code task} (task, prerequisite, …, task); empty when the edge is safe.
   */
  public static Optional<List<Long>> cycleClosedBy(
      long task, long prerequisite, Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf) {
    if (task == prerequisite) {
      return Optional.of(List.of(task, task));
    }
    Map<Long, Long> reachedFrom = new HashMap<>();
    reachedFrom.put(prerequisite, null);
    Set<Long> frontier = new LinkedHashSet<>(List.of(prerequisite));
    while (!frontier.isEmpty()) {
      Map<Long, List<Long>> next = prerequisitesOf.apply(frontier);
      Set<Long> nextFrontier = new LinkedHashSet<>();
      for (Long from : frontier) {
        for (Long to : next.getOrDefault(from, List.of())) {
          if (reachedFrom.containsKey(to)) {
            continue;
          }
          reachedFrom.put(to, from);
          if (to == task) {
            return Optional.of(path(task, reachedFrom));
          }
          nextFrontier.add(to);
        }
      }
      frontier = nextFrontier;
    }
    return Optional.empty();
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

  private static List<Long> path(long task, Map<Long, Long> reachedFrom) {
    Deque<Long> reversed = new ArrayDeque<>();
    for (Long at = task; at != null; at = reachedFrom.get(at)) {
      reversed.push(at);
    }
    List<Long> cycle = new ArrayList<>();
    cycle.add(task);
    cycle.addAll(reversed);
    return Collections.unmodifiableList(cycle);
  }

  /** "3 → 5 → 7 → 3", for messages. */
  public static String describe(List<Long> cycle) {
    return String.join(" → ", cycle.stream().map(String::valueOf).toList());
  }
}
