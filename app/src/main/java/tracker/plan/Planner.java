package tracker.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import tracker.plan.PlanGraph.Node;
import tracker.plan.PlanGraph.Status;

/**
 * Planning over a {@link PlanGraph}: the critical path by CPM, the ready set, and waves and a
 * makespan under a parallelism limit by list scheduling. Pure and linear in tasks + edges,
 * apart from the scheduling order (a sort / priority queue).
 */
public final class Planner {

  private static final double EPSILON = 1e-9;

  private Planner() {}

  /** CPM figures of one task. Slack 0 means the task is critical. */
  public record Timing(long id, double hours, double earliestStart, double earliestFinish, double latestStart,
      double slack) {}

  /** The longest chain by hours, in chain order, with every scheduled task's timing. */
  public record CriticalPath(double totalHours, List<Timing> chain, List<Timing> all) {
    public Set<Long> criticalIds() {
      Set<Long> ids = new LinkedHashSet<>();
      for (Timing t : all) {
        if (t.slack() <= EPSILON) {
          ids.add(t.id());
        }
      }
      return ids;
    }
  }

  public record Wave(int index, List<Long> taskIds, double hours) {}

  /** Waves (each runnable at once after the earlier ones) and the list-scheduling makespan. */
  public record Schedule(List<Wave> waves, double makespanHours) {}

  /**
   * CPM over the tasks in scope: not-completed ones, or all with {@code includeCompleted}.
   *
   * @throws IllegalStateException when the ordering edges have a cycle
   */
  public static CriticalPath criticalPath(PlanGraph g, boolean includeCompleted) {
    return criticalPath(g, includeCompleted, null, 0);
  }

  /** CPM as if task {@code delayedId} took {@code delayHours} more. */
  public static CriticalPath criticalPath(PlanGraph g, boolean includeCompleted, Long delayedId, double delayHours) {
    boolean[] in = scope(g, includeCompleted);
    double[] hours = new double[g.size()];
    for (int i = 0; i < g.size(); i++) {
      hours[i] = g.nodes[i].hours() + (delayedId != null && g.nodes[i].id() == delayedId ? delayHours : 0);
    }
    int[] order = topologicalOrder(g, in);
    double[] es = new double[g.size()];
    double[] ef = new double[g.size()];
    double total = 0;
    int last = -1;
    for (int v : order) {
      double start = 0;
      for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
        int p = g.pred[k];
        if (in[p]) {
          start = Math.max(start, ef[p]);
        }
      }
      es[v] = start;
      ef[v] = start + hours[v];
      if (last < 0 || ef[v] > total + EPSILON || (Math.abs(ef[v] - total) <= EPSILON && g.nodes[v].id() < g.nodes[last].id())) {
        total = Math.max(total, ef[v]);
        last = v;
      }
    }
    double[] ls = new double[g.size()];
    for (int k = order.length - 1; k >= 0; k--) {
      int v = order[k];
      double finish = total;
      for (int j = g.succStart[v]; j < g.succStart[v + 1]; j++) {
        int s = g.succ[j];
        if (in[s]) {
          finish = Math.min(finish, ls[s]);
        }
      }
      ls[v] = finish - hours[v];
    }
    List<Timing> all = new ArrayList<>(order.length);
    for (int v : order) {
      all.add(new Timing(g.nodes[v].id(), hours[v], es[v], ef[v], ls[v], Math.max(0, ls[v] - es[v])));
    }
    List<Timing> chain = new ArrayList<>();
    for (int v = last; v >= 0; ) {
      chain.add(new Timing(g.nodes[v].id(), hours[v], es[v], ef[v], ls[v], Math.max(0, ls[v] - es[v])));
      int next = -1;
      for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
        int p = g.pred[k];
        if (in[p] && Math.abs(ef[p] - es[v]) <= EPSILON && (next < 0 || g.nodes[p].id() < g.nodes[next].id())) {
          next = p;
        }
      }
      v = es[v] <= EPSILON ? -1 : next;
    }
    java.util.Collections.reverse(chain);
    return new CriticalPath(total, chain, all);
  }

  /**
   * Not-started tasks whose ordering prerequisites are all completed, by priority, then least
   * slack (over the not-completed tasks), then id.
   */
  public static List<Long> ready(PlanGraph g) {
    double[] slack = slack(g);
    List<Integer> ready = new ArrayList<>();
    for (int v = 0; v < g.size(); v++) {
      if (g.nodes[v].status() != Status.NOT_STARTED) {
        continue;
      }
      boolean free = true;
      for (int k = g.predStart[v]; k < g.predStart[v + 1] && free; k++) {
        free = g.nodes[g.pred[k]].status() == Status.COMPLETED;
      }
      if (free) {
        ready.add(v);
      }
    }
    ready.sort(order(g, slack));
    return ready.stream().map(v -> g.nodes[v].id()).toList();
  }

  /**
   * The not-completed tasks in waves of at most {@code limit}: a wave holds tasks whose
   * prerequisites are completed or in earlier waves, chosen by priority, then least slack, then
   * id; its hours are its longest task's. The makespan is that of list scheduling on
   * {@code limit} workers, each task starting as soon as a worker and its prerequisites allow.
   */
  public static Schedule schedule(PlanGraph g, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    boolean[] in = scope(g, false);
    double[] slack = slack(g);
    Comparator<Integer> byOrder = order(g, slack);
    int[] waiting = new int[g.size()];
    List<Integer> available = new ArrayList<>();
    for (int v = 0; v < g.size(); v++) {
      if (!in[v]) {
        continue;
      }
      for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
        if (in[g.pred[k]]) {
          waiting[v]++;
        }
      }
      if (waiting[v] == 0) {
        available.add(v);
      }
    }
    List<Wave> waves = new ArrayList<>();
    int[] remaining = Arrays.copyOf(waiting, waiting.length);
    PriorityQueue<Integer> pool = new PriorityQueue<>(byOrder);
    pool.addAll(available);
    while (!pool.isEmpty()) {
      List<Long> ids = new ArrayList<>();
      List<Integer> taken = new ArrayList<>();
      double hours = 0;
      while (!pool.isEmpty() && taken.size() < limit) {
        int v = pool.poll();
        taken.add(v);
        ids.add(g.nodes[v].id());
        hours = Math.max(hours, g.nodes[v].hours());
      }
      for (int v : taken) {
        for (int k = g.succStart[v]; k < g.succStart[v + 1]; k++) {
          int s = g.succ[k];
          if (in[s] && --remaining[s] == 0) {
            pool.add(s);
          }
        }
      }
      waves.add(new Wave(waves.size() + 1, ids, hours));
    }
    return new Schedule(waves, listScheduleMakespan(g, in, waiting, limit, byOrder));
  }

  /** Event-driven list scheduling (Graham): a free worker always takes the best available task. */
  private static double listScheduleMakespan(PlanGraph g, boolean[] in, int[] waiting, int workers,
      Comparator<Integer> byOrder) {
    int[] remaining = Arrays.copyOf(waiting, waiting.length);
    PriorityQueue<Integer> available = new PriorityQueue<>(byOrder);
    for (int v = 0; v < g.size(); v++) {
      if (in[v] && remaining[v] == 0) {
        available.add(v);
      }
    }
    double[] finish = new double[g.size()];
    PriorityQueue<Integer> running = new PriorityQueue<>(Comparator.<Integer>comparingDouble(v -> finish[v])
        .thenComparingInt(v -> v));
    double now = 0;
    double makespan = 0;
    while (!available.isEmpty() || !running.isEmpty()) {
      while (running.size() < workers && !available.isEmpty()) {
        int v = available.poll();
        finish[v] = now + g.nodes[v].hours();
        makespan = Math.max(makespan, finish[v]);
        running.add(v);
      }
      int done = running.poll();
      now = finish[done];
      for (int k = g.succStart[done]; k < g.succStart[done + 1]; k++) {
        int s = g.succ[k];
        if (in[s] && --remaining[s] == 0) {
          available.add(s);
        }
      }
    }
    return makespan;
  }

  /** Total CPM slack of every task (0 outside the not-completed scope). */
  private static double[] slack(PlanGraph g) {
    CriticalPath cpm = criticalPath(g, false);
    double[] slack = new double[g.size()];
    for (Timing t : cpm.all()) {
      slack[g.index.get(t.id())] = t.slack();
    }
    return slack;
  }

  private static Comparator<Integer> order(PlanGraph g, double[] slack) {
    return Comparator.<Integer>comparingInt(v -> g.nodes[v].priorityRank())
        .thenComparingDouble(v -> slack[v])
        .thenComparingLong(v -> g.nodes[v].id());
  }

  private static boolean[] scope(PlanGraph g, boolean includeCompleted) {
    boolean[] in = new boolean[g.size()];
    for (int v = 0; v < g.size(); v++) {
      in[v] = includeCompleted || g.nodes[v].status() != Status.COMPLETED;
    }
    return in;
  }

  /** Kahn's algorithm over the tasks in scope. */
  private static int[] topologicalOrder(PlanGraph g, boolean[] in) {
    int n = g.size();
    int[] indegree = new int[n];
    int count = 0;
    for (int v = 0; v < n; v++) {
      if (!in[v]) {
        continue;
      }
      count++;
      for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
        if (in[g.pred[k]]) {
          indegree[v]++;
        }
      }
    }
    int[] order = new int[count];
    int head = 0;
    int tail = 0;
    for (int v = 0; v < n; v++) {
      if (in[v] && indegree[v] == 0) {
        order[tail++] = v;
      }
    }
    while (head < tail) {
      int v = order[head++];
      for (int k = g.succStart[v]; k < g.succStart[v + 1]; k++) {
        int s = g.succ[k];
        if (in[s] && --indegree[s] == 0) {
          order[tail++] = s;
        }
      }
    }
    if (tail != count) {
      throw new IllegalStateException("the ordering dependencies have a cycle: "
          + g.findCycle().map(CycleFinder::describe).orElse("?"));
    }
    return order;
  }
}
