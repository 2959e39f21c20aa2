package tracker.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether a plan has, or a change would give it, a task that waits for itself through the
 * hierarchy. A task starts when its prerequisites (blocks, requires) and those of its ancestors
 * have finished; a task with subtasks finishes through them. So each task is two events, its
 * start and its finish, linked by "cannot happen before": its finish after its own start, its
 * start after each prerequisite's finish and after its parent's start, its finish after each
 * subtask's finish. A cycle among these events is a deadlock: a parent that depends on its own
 * subtask, a task moved under one that waits for it, or such a loop through other tasks. A plain
 * dependency cycle is one too, but CycleFinder names those; this catches what passes through a
 * parent. Pure: the links come from functions that answer for a batch of task ids.
 */
public final class Deadlocks {

  private Deadlocks() {}

  /** For a batch of task ids: each one's prerequisites (blocks, requires), dependents, parent and subtasks. */
  public record Links(Function<Set<Long>, Map<Long, List<Long>>> prerequisitesOf,
      Function<Set<Long>, Map<Long, List<Long>>> dependentsOf,
      Function<Set<Long>, Map<Long, List<Long>>> parentOf,
      Function<Set<Long>, Map<Long, List<Long>>> subtasksOf) {}

  /** Whether "task depends on prerequisite" (blocks or requires) would leave a task waiting for itself. */
  public static boolean closedByDependency(long task, long prerequisite, Links links) {
    return CycleFinder.reaches(Set.of(finish(prerequisite)), Set.of(start(task)), later(links), earlier(links));
  }

  /**
   * Whether any of the edges "task depends on prerequisite" (each {task, prerequisite}) could:
   * one search for many edges, which can answer yes when none does alone but never no when one does.
   */
  public static boolean couldCloseAny(List<long[]> edges, Links links) {
    Set<Long> finishes = new HashSet<>();
    Set<Long> starts = new HashSet<>();
    for (long[] edge : edges) {
      starts.add(start(edge[0]));
      finishes.add(finish(edge[1]));
    }
    return CycleFinder.reaches(finishes, starts, later(links), earlier(links));
  }

  /**
   * Whether putting {@code subtask} under {@code parent} would. The move links the subtask's start
   * after the parent's and the parent's finish after the subtask's; either closes a loop only if
   * the other end already reaches back (both at once would need a deadlock already there).
   */
  public static boolean closedByParent(long subtask, long parent, Links links) {
    return CycleFinder.reaches(Set.of(start(parent)), Set.of(start(subtask)), later(links), earlier(links))
        || CycleFinder.reaches(Set.of(finish(subtask)), Set.of(finish(parent)), later(links), earlier(links));
  }

  /**
   * A task of a whole plan in memory that waits for itself through the hierarchy, if any (an
   * import's check): {@code prerequisites} (blocks, requires) and {@code parents} by task id.
   */
  public static Optional<Long> anyIn(Map<Long, List<Long>> prerequisites, Map<Long, Long> parents) {
    Map<Long, List<Long>> events = new HashMap<>();
    Set<Long> tasks = new HashSet<>(prerequisites.keySet());
    tasks.addAll(parents.keySet());
    tasks.addAll(parents.values());
    prerequisites.values().forEach(tasks::addAll);
    for (long task : tasks) {
      events.computeIfAbsent(finish(task), k -> new ArrayList<>()).add(start(task));
      for (long prerequisite : prerequisites.getOrDefault(task, List.of())) {
        events.computeIfAbsent(start(task), k -> new ArrayList<>()).add(finish(prerequisite));
      }
      Long parent = parents.get(task);
      if (parent != null) {
        events.computeIfAbsent(start(task), k -> new ArrayList<>()).add(start(parent));
        events.computeIfAbsent(finish(parent), k -> new ArrayList<>()).add(finish(task));
      }
    }
    return CycleFinder.anyCycle(events).map(cycle -> cycle.get(0) / 2);
  }

  private static long start(long task) {
    return task * 2;
  }

  private static long finish(long task) {
    return task * 2 + 1;
  }

  private static boolean isStart(long event) {
    return event % 2 == 0;
  }

  /** What each event waits for: a start, its prerequisites' finishes and its parent's start; a finish, its own start and its subtasks' finishes. */
  private static Function<Set<Long>, Map<Long, List<Long>>> later(Links links) {
    return events -> {
      Map<Long, List<Long>> next = new HashMap<>();
      Set<Long> started = tasksOf(events, true);
      Set<Long> finished = tasksOf(events, false);
      finished.forEach(task -> add(next, finish(task), start(task)));
      links.prerequisitesOf().apply(started).forEach((task, to) -> to.forEach(p -> add(next, start(task), finish(p))));
      links.parentOf().apply(started).forEach((task, to) -> to.forEach(p -> add(next, start(task), start(p))));
      links.subtasksOf().apply(finished).forEach((task, to) -> to.forEach(c -> add(next, finish(task), finish(c))));
      return next;
    };
  }

  /** What waits for each event: for a finish, its dependents' starts and its parent's finish; for a start, its own finish and its subtasks' starts. */
  private static Function<Set<Long>, Map<Long, List<Long>>> earlier(Links links) {
    return events -> {
      Map<Long, List<Long>> next = new HashMap<>();
      Set<Long> started = tasksOf(events, true);
      Set<Long> finished = tasksOf(events, false);
      started.forEach(task -> add(next, start(task), finish(task)));
      links.dependentsOf().apply(finished).forEach((task, to) -> to.forEach(d -> add(next, finish(task), start(d))));
      links.parentOf().apply(finished).forEach((task, to) -> to.forEach(p -> add(next, finish(task), finish(p))));
      links.subtasksOf().apply(started).forEach((task, to) -> to.forEach(c -> add(next, start(task), start(c))));
      return next;
    };
  }

  private static Set<Long> tasksOf(Set<Long> events, boolean starts) {
    Set<Long> tasks = new HashSet<>();
    for (long event : events) {
      if (isStart(event) == starts) {
        tasks.add(event / 2);
      }
    }
    return tasks;
  }

  private static void add(Map<Long, List<Long>> next, long from, long to) {
    next.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
  }
}
