package tracker.tasks;

import io.ebean.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.core.Rules;
import tracker.core.TrackerException;

/**
 * A task's neighbourhood in the dependency graph: what it waits for up to N levels up, what waits
 * for it N levels down, laid out in layers (prerequisites left, dependents right) for a
 * server-drawn SVG.
 */
public final class TaskNeighbourhood {

  public static final int MOST_LEVELS = 5;
  /** Nodes drawn at most: a hub's neighbourhood is cut, and says so. */
  public static final int MOST_NODES = 150;
  static final int COLUMN = 190;
  static final int ROW = 44;
  static final int NODE_WIDTH = 170;
  static final int NODE_HEIGHT = 34;

  public record Node(long id, String title, String status, int level, double x, double y) {}

  public record Arrow(Node from, Node to, String type) {}

  /** A drawing: around a centre task ({@code centre} and {@code levels}), or of a list's tasks (no centre). */
  public record Neighbourhood(Long centre, int levels, List<Node> nodes, List<Arrow> arrows, boolean cut, int width,
      int height) {}

  private final Database db;

  public TaskNeighbourhood(Database db) {
    this.db = db;
  }

  /** Up to {@code levelsParam} (1 to 5, default 2) levels each way from task {@code id}. */
  public Neighbourhood around(long id, String levelsParam) {
    Rules rules = new Rules();
    int levels = rules.whole("levels", levelsParam, 1, MOST_LEVELS, 2);
    rules.checkAsBadRequest("Invalid query parameters");
    Map<Long, Integer> level = new LinkedHashMap<>();
    if (db.sqlQuery("select id from tasks where id = :id").setParameter("id", id).findOne() == null) {
      throw TrackerException.notFound("Task", id);
    }
    level.put(id, 0);
    boolean cut = walk(id, levels, -1, "select depends_on_task_id from task_dependencies where task_id in (:ids)", level)
        | walk(id, levels, 1, "select task_id from task_dependencies where depends_on_task_id in (:ids)", level);
    int furthest = level.values().stream().min(Integer::compare).orElse(0);
    level.replaceAll((task, at) -> at - furthest); // the furthest prerequisites in the first column
    return draw(id, levels, level, cut);
  }

  /**
   * The tasks of a list (at most {@link #MOST_NODES}, in the list's order) and the dependencies
   * among them, each task one column right of its furthest prerequisite in the set.
   */
  public Neighbourhood ofList(List<Long> ids, boolean cut) {
    Map<Long, List<Long>> prerequisites = new LinkedHashMap<>();
    ids.forEach(id -> prerequisites.put(id, new ArrayList<>()));
    if (!ids.isEmpty()) {
      among(ids, (task, prerequisite, type) -> prerequisites.get(task).add(prerequisite));
    }
    Map<Long, Integer> level = new LinkedHashMap<>();
    ids.forEach(id -> column(id, prerequisites, level));
    return draw(null, 0, level, cut);
  }

  /** A task's column: one past its furthest prerequisite's (the graph has no cycle, so this ends). */
  private static int column(long id, Map<Long, List<Long>> prerequisites, Map<Long, Integer> level) {
    java.util.Deque<Long> stack = new java.util.ArrayDeque<>(List.of(id));
    while (!stack.isEmpty()) {
      long at = stack.peek();
      if (level.containsKey(at)) {
        stack.pop();
        continue;
      }
      List<Long> open = prerequisites.get(at).stream().filter(p -> !level.containsKey(p)).toList();
      if (open.isEmpty()) {
        level.put(at, prerequisites.get(at).stream().mapToInt(level::get).map(l -> l + 1).max().orElse(0));
        stack.pop();
      } else {
        open.forEach(stack::push);
      }
    }
    return level.get(id);
  }

  /** Nodes placed by column ({@code level}) and, within one, by id; the arrows among them. */
  private Neighbourhood draw(Long centre, int levels, Map<Long, Integer> level, boolean cut) {
    if (level.isEmpty()) {
      return new Neighbourhood(centre, levels, List.of(), List.of(), cut, 20 + COLUMN, 20 + ROW);
    }
    Map<Long, String[]> facts = new LinkedHashMap<>();
    db.sqlQuery("select id, title, status from tasks where id in (:ids)").setParameter("ids", level.keySet())
        .findEachRow((rs, row) -> facts.put(rs.getLong("id"), new String[] {rs.getString("title"),
            rs.getString("status")}));
    Map<Integer, Integer> filled = new LinkedHashMap<>();
    Map<Long, Node> nodes = new LinkedHashMap<>();
    level.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      int row = filled.merge(e.getValue(), 1, Integer::sum) - 1;
      String[] fact = facts.getOrDefault(e.getKey(), new String[] {"", "not_started"});
      nodes.put(e.getKey(), new Node(e.getKey(), fact[0], fact[1], e.getValue(), 10 + e.getValue() * COLUMN,
          10 + row * ROW));
    });
    List<Arrow> arrows = new ArrayList<>();
    among(level.keySet(), (task, prerequisite, type) ->
        arrows.add(new Arrow(nodes.get(prerequisite), nodes.get(task), type)));
    int rows = filled.values().stream().max(Comparator.naturalOrder()).orElse(1);
    int columns = level.values().stream().max(Comparator.naturalOrder()).orElse(0) + 1;
    return new Neighbourhood(centre, levels, List.copyOf(nodes.values()), arrows, cut, 20 + columns * COLUMN,
        20 + rows * ROW);
  }

  private interface DependencyRow {
    void accept(long task, long prerequisite, String type);
  }

  /** The dependencies whose two tasks are both among {@code ids}. */
  private void among(java.util.Collection<Long> ids, DependencyRow row) {
    db.sqlQuery("""
            select task_id, depends_on_task_id, dependency_type from task_dependencies
             where task_id in (:ids) and depends_on_task_id in (:ids)""")
        .setParameter("ids", ids)
        .findEachRow((rs, n) -> row.accept(rs.getLong("task_id"), rs.getLong("depends_on_task_id"),
            rs.getString("dependency_type")));
  }

  /** Breadth first in one direction; true when the node limit cut it short. */
  private boolean walk(long start, int levels, int step, String next, Map<Long, Integer> level) {
    Set<Long> frontier = new HashSet<>(Set.of(start));
    for (int depth = 1; depth <= levels && !frontier.isEmpty(); depth++) {
      Set<Long> found = new HashSet<>(db.sqlQuery(next).setParameter("ids", frontier).mapToScalar(Long.class)
          .findList());
      found.removeAll(level.keySet());
      Set<Long> nextFrontier = new HashSet<>();
      for (long id : found.stream().sorted().toList()) {
        if (level.size() >= MOST_NODES) {
          return true;
        }
        level.put(id, depth * step);
        nextFrontier.add(id);
      }
      frontier = nextFrontier;
    }
    return false;
  }
}
