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

  public record Neighbourhood(long centre, int levels, List<Node> nodes, List<Arrow> arrows, boolean cut, int width,
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
    if (db.sqlQuery("select id from tasks where id = ?").setParameter(id).findOne() == null) {
      throw TrackerException.notFound("Task", id);
    }
    level.put(id, 0);
    boolean cut = walk(id, levels, -1, "select depends_on_task_id from task_dependencies where task_id in (:ids)", level)
        | walk(id, levels, 1, "select task_id from task_dependencies where depends_on_task_id in (:ids)", level);
    Map<Long, String[]> facts = new LinkedHashMap<>();
    db.sqlQuery("select id, title, status from tasks where id in (:ids)").setParameter("ids", level.keySet())
        .findEachRow((rs, row) -> facts.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)}));
    Map<Integer, Integer> filled = new LinkedHashMap<>();
    Map<Long, Node> nodes = new LinkedHashMap<>();
    level.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      int row = filled.merge(e.getValue(), 1, Integer::sum) - 1;
      String[] fact = facts.getOrDefault(e.getKey(), new String[] {"", "not_started"});
      nodes.put(e.getKey(), new Node(e.getKey(), fact[0], fact[1], e.getValue(), 10 + (e.getValue() + levels) * COLUMN,
          10 + row * ROW));
    });
    List<Arrow> arrows = new ArrayList<>();
    db.sqlQuery("select task_id, depends_on_task_id, dependency_type from task_dependencies"
            + " where task_id in (:ids) and depends_on_task_id in (:ids)").setParameter("ids", level.keySet())
        .findEachRow((rs, row) -> arrows.add(new Arrow(nodes.get(rs.getLong(2)), nodes.get(rs.getLong(1)),
            rs.getString(3))));
    int rows = filled.values().stream().max(Comparator.naturalOrder()).orElse(1);
    return new Neighbourhood(id, levels, List.copyOf(nodes.values()), arrows, cut, 20 + (2 * levels + 1) * COLUMN,
        20 + rows * ROW);
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
