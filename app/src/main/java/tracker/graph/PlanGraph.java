package tracker.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dependency graph of a plan, for planning: tasks with hours, status and priority, and the
 * ordering edges ("task needs prerequisite first": blocks and requires; enhances never orders).
 * Pure: plain ids and numbers, no database and no web. Stored as arrays (compressed adjacency),
 * so building it and walking it is linear in tasks + edges.
 */
public final class PlanGraph {

  /**
   * One task as the planner sees it. {@code priorityRank} is 0 for Critical .. 3 for Low;
   * {@code parentId} is the task it is a subtask of, null at the top.
   */
  public record Node(long id, double hours, Status status, int priorityRank, String componentArea, Long parentId) {
    public Node(long id, double hours, Status status, int priorityRank) {
      this(id, hours, status, priorityRank, null, null);
    }
  }

  /** The statuses that matter to planning. */
  public enum Status { NOT_STARTED, IN_PROGRESS, COMPLETED, BLOCKED }

  /** An ordering edge: {@code task} cannot start before {@code prerequisite} is completed. */
  public record Edge(long task, long prerequisite) {}

  final Node[] nodes;
  /**
   * The nodes' ids in position order (ascending): a position is found by binary search. A hash
   * map from id to position held 100k boxed keys and values, some 9 MB of the server's heap.
   */
  final long[] ids;
  /** successors of i: succ[succStart[i] .. succStart[i+1]) */
  final int[] succStart;
  final int[] succ;
  /** prerequisites of i: pred[predStart[i] .. predStart[i+1]) */
  final int[] predStart;
  final int[] pred;

  /** the position of i's parent task, -1 for a top-level task (or a parent not in the graph) */
  final int[] parent;
  /** how many open (not completed) subtasks i has: a task with any is a container, never worked on itself */
  final int[] subtasks;

  /** The most tasks a graph holds (positions take 22 bits in the planner's sort keys). */
  public static final int MAX_TASKS = 1 << 22;

  /**
   * Builds the graph; edges that name a task not in {@code nodes} are ignored. Positions follow
   * ids (the nodes are sorted by id), so ordering by position is ordering by id.
   */
  public PlanGraph(List<Node> nodes, List<Edge> edges) {
    if (nodes.size() >= MAX_TASKS) {
      throw new IllegalArgumentException("a plan holds at most " + MAX_TASKS + " tasks");
    }
    this.nodes = nodes.toArray(new Node[0]);
    Arrays.sort(this.nodes, java.util.Comparator.comparingLong(Node::id));
    int n = this.nodes.length;
    this.ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = this.nodes[i].id();
    }
    parent = new int[n];
    subtasks = new int[n];
    for (int i = 0; i < n; i++) {
      int p = this.nodes[i].parentId() == null ? -1 : positionOf(this.nodes[i].parentId());
      parent[i] = p;
      if (p >= 0 && this.nodes[i].status() != Status.COMPLETED) {
        subtasks[p]++;
      }
    }
    int[] from = new int[edges.size()];
    int[] to = new int[edges.size()];
    int m = 0;
    for (Edge e : edges) {
      int t = positionOf(e.task());
      int p = positionOf(e.prerequisite());
      if (t >= 0 && p >= 0) {
        from[m] = p;
        to[m] = t;
        m++;
      }
    }
    succStart = new int[n + 1];
    predStart = new int[n + 1];
    for (int k = 0; k < m; k++) {
      succStart[from[k] + 1]++;
      predStart[to[k] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      succStart[i + 1] += succStart[i];
      predStart[i + 1] += predStart[i];
    }
    succ = new int[m];
    pred = new int[m];
    int[] succFill = Arrays.copyOf(succStart, n);
    int[] predFill = Arrays.copyOf(predStart, n);
    for (int k = 0; k < m; k++) {
      succ[succFill[from[k]]++] = to[k];
      pred[predFill[to[k]]++] = from[k];
    }
  }

  private PlanGraph(PlanGraph from, Node[] nodes) {
    this.nodes = nodes;
    this.ids = from.ids;
    this.succStart = from.succStart;
    this.succ = from.succ;
    this.predStart = from.predStart;
    this.pred = from.pred;
    this.parent = from.parent;
    this.subtasks = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      if (parent[i] >= 0 && nodes[i].status() != Status.COMPLETED) {
        subtasks[parent[i]]++;
      }
    }
  }

  /**
   * This graph with some tasks in another status (ids not in the graph are ignored): the edges
   * and hierarchy are shared, so a status change costs a copy of the nodes, not a new read.
   */
  public PlanGraph withStatuses(Map<Long, Status> statuses) {
    Node[] changed = nodes.clone();
    statuses.forEach((id, status) -> {
      int i = positionOf(id);
      if (i >= 0) {
        Node n = changed[i];
        changed[i] = new Node(n.id(), n.hours(), status, n.priorityRank(), n.componentArea(), n.parentId());
      }
    });
    return new PlanGraph(this, changed);
  }

  public int size() {
    return nodes.length;
  }

  /** The tasks, in id order. */
  public List<Node> nodes() {
    return List.of(nodes);
  }

  /** The ordering edges. */
  public List<Edge> edges() {
    List<Edge> edges = new ArrayList<>(succ.length);
    for (int p = 0; p < nodes.length; p++) {
      for (int k = succStart[p]; k < succStart[p + 1]; k++) {
        edges.add(new Edge(nodes[succ[k]].id(), nodes[p].id()));
      }
    }
    return edges;
  }

  /** The id of the task at {@code index} (0 to size − 1), the order the planner's arrays use. */
  public long idAt(int index) {
    return nodes[index].id();
  }

  public Node node(long id) {
    int i = positionOf(id);
    return i < 0 ? null : nodes[i];
  }

  /** The position of a task in this graph (kept by {@link #withStatuses}), or −1 when it has none. */
  public int positionOf(long id) {
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? -1 : i;
  }

  /** Whether every task is at the same position in both graphs (the same tasks, read again). */
  public boolean samePlacesAs(PlanGraph other) {
    if (other.nodes.length != nodes.length) {
      return false;
    }
    for (int p = 0; p < nodes.length; p++) {
      if (other.nodes[p].id() != nodes[p].id()) {
        return false;
      }
    }
    return true;
  }

  /** The task at a position {@link #positionOf} gave, without a lookup by id. */
  public Node nodeAt(int position) {
    return nodes[position];
  }

  /** A cycle among the ordering edges, as ids in order with the first repeated at the end; empty if none. */
  public Optional<List<Long>> findCycle() {
    int n = nodes.length;
    byte[] state = new byte[n]; // 0 new, 1 on the current path, 2 done
    int[] parent = new int[n];
    int[] cursor = new int[n];
    for (int root = 0; root < n; root++) {
      if (state[root] != 0) {
        continue;
      }
      Deque<Integer> stack = new ArrayDeque<>();
      stack.push(root);
      state[root] = 1;
      parent[root] = -1;
      cursor[root] = succStart[root];
      while (!stack.isEmpty()) {
        int v = stack.peek();
        if (cursor[v] < succStart[v + 1]) {
          int w = succ[cursor[v]++];
          if (state[w] == 0) {
            state[w] = 1;
            parent[w] = v;
            cursor[w] = succStart[w];
            stack.push(w);
          } else if (state[w] == 1) {
            List<Long> cycle = new ArrayList<>();
            for (int at = v; at != w; at = parent[at]) {
              cycle.add(nodes[at].id());
            }
            cycle.add(nodes[w].id());
            Collections.reverse(cycle);
            cycle.add(nodes[w].id());
            return Optional.of(cycle);
          }
        } else {
          state[v] = 2;
          stack.pop();
        }
      }
    }
    return Optional.empty();
  }
}
