package tracker.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tracker.graph.PlanGraph.Status;

/**
 * Planning over a {@link PlanGraph}: the critical path by CPM, the ready set, and waves and a
 * makespan under a parallelism limit by list scheduling. Pure and linear in tasks + edges,
 * apart from the scheduling order (a sort / priority queue).
 */
public final class Planner {

  static final double EPSILON = 1e-9;

  private Planner() {}

  /** CPM figures of one task. Slack 0 means the task is critical. */
  public record Timing(long id, double hours, double earliestStart, double earliestFinish, double latestStart,
      double slack) {
    public boolean critical() {
      return slack <= EPSILON;
    }
  }

  /** The longest chain by hours, in chain order, with every scheduled task's timing. */
  public record CriticalPath(double totalHours, List<Timing> chain, List<Timing> all) {
    public Set<Long> criticalIds() {
      Set<Long> ids = new LinkedHashSet<>();
      for (Timing t : all) {
        if (t.critical()) {
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
   * @throws CyclicPlanException when the ordering edges have a cycle
   */
  public static CriticalPath criticalPath(PlanGraph g, boolean includeCompleted) {
    return criticalPath(g, includeCompleted, null, 0);
  }

  /** CPM as if task {@code delayedId} took {@code delayHours} more. */
  public static CriticalPath criticalPath(PlanGraph g, boolean includeCompleted, Long delayedId, double delayHours) {
    Cpm cpm = cpm(g, includeCompleted, delayedId, delayHours);
    List<Timing> all = new ArrayList<>(cpm.order().length);
    for (int v : cpm.order()) {
      all.add(cpm.timing(g, v));
    }
    List<Timing> chain = new ArrayList<>();
    for (int v = cpm.last(); v >= 0; ) {
      chain.add(cpm.timing(g, v));
      int next = -1;
      for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
        int p = g.pred[k];
        if (cpm.in()[p] && Math.abs(cpm.ef()[p] - cpm.es()[v]) <= EPSILON
            && (next < 0 || g.nodes[p].id() < g.nodes[next].id())) {
          next = p;
        }
      }
      v = cpm.es()[v] <= EPSILON ? -1 : next;
    }
    java.util.Collections.reverse(chain);
    return new CriticalPath(cpm.total(), chain, all);
  }

  /** The CPM passes as arrays by task position; {@code last} ends a longest chain. */
  private record Cpm(boolean[] in, int[] order, double[] hours, double[] es, double[] ef, double[] ls,
      double total, int last) {
    Timing timing(PlanGraph g, int v) {
      return new Timing(g.nodes[v].id(), hours[v], es[v], ef[v], ls[v], Math.max(0, ls[v] - es[v]));
    }
  }

  private static Cpm cpm(PlanGraph g, boolean includeCompleted, Long delayedId, double delayHours) {
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
    return new Cpm(in, order, hours, es, ef, ls, total, last);
  }

  /**
   * A task that can be worked on now, with what placed it: {@code rule} is {@code critical} for a
   * task on the critical path, else the first key that sets it after the task before it
   * ({@code slack}, {@code priority} or {@code id}).
   */
  public record ReadyTask(long id, double slack, int priorityRank, String rule) {
    public boolean critical() {
      return slack <= EPSILON;
    }
  }

  /**
   * The tasks a worker may take now, best first: not started, not a container (a task with
   * open subtasks is done through them), every ordering prerequisite completed, and those of every
   * ancestor too. Critical first, then least slack, then priority, then id: the order that
   * shortens the plan most; claims take them in this order.
   */
  public static List<ReadyTask> readyQueue(PlanGraph g) {
    double[] slack = slack(g);
    boolean[] free = prerequisitesDone(g);
    List<Integer> ready = new ArrayList<>();
    for (int v = 0; v < g.size(); v++) {
      if (g.nodes[v].status() == Status.NOT_STARTED && g.subtasks[v] == 0 && free[v] && ancestorsFree(g, free, v)) {
        ready.add(v);
      }
    }
    long[] packed = new long[ready.size()];
    for (int i = 0; i < packed.length; i++) {
      int v = ready.get(i);
      packed[i] = (slackKey(slack[v]) << 24) | ((long) g.nodes[v].priorityRank() << 22) | v;
    }
    Arrays.sort(packed);
    List<ReadyTask> queue = new ArrayList<>(packed.length);
    long previous = -1;
    for (long key : packed) {
      int v = (int) (key & ((1 << 22) - 1));
      String rule = slack[v] <= EPSILON ? "critical"
          : previous < 0 || (previous >>> 24) != (key >>> 24) ? "slack"
          : (previous >>> 22) != (key >>> 22) ? "priority" : "id";
      queue.add(new ReadyTask(g.nodes[v].id(), slack[v], g.nodes[v].priorityRank(), rule));
      previous = key;
    }
    return queue;
  }

  /** Whether each task's own ordering prerequisites are all completed. */
  private static boolean[] prerequisitesDone(PlanGraph g) {
    boolean[] done = new boolean[g.size()];
    for (int v = 0; v < g.size(); v++) {
      boolean free = true;
      for (int k = g.predStart[v]; k < g.predStart[v + 1] && free; k++) {
        free = g.nodes[g.pred[k]].status() == Status.COMPLETED;
      }
      done[v] = free;
    }
    return done;
  }

  /** Whether every ancestor of {@code v} has its prerequisites done (a subtask waits for its parent's). */
  private static boolean ancestorsFree(PlanGraph g, boolean[] free, int v) {
    int steps = 0;
    for (int a = g.parent[v]; a >= 0 && steps <= g.size(); a = g.parent[a], steps++) {
      if (!free[a]) {
        return false;
      }
    }
    return true;
  }

  /** Slack in thousandths of an hour, capped to fit 39 bits of a sort key. */
  private static long slackKey(double slack) {
    return Math.min((long) Math.rint(slack * 1000), (1L << 39) - 1);
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
    Prepared prepared = prepare(g);
    boolean[] in = prepared.in();
    int[] rank = prepared.rank();
    int[] waiting = prepared.waiting();
    IntHeap pool = new IntHeap();
    IntHeap blocked = new IntHeap();
    for (int v = 0; v < g.size(); v++) {
      if (!in[v]) {
        continue;
      }
      if (waiting[v] == 0) {
        if (g.nodes[v].status() == PlanGraph.Status.BLOCKED) {
          blocked.add(rank[v]); // cannot start now: not in the first wave
        } else {
          pool.add(rank[v]);
        }
      }
    }
    if (pool.isEmpty()) {
      pool = blocked; // nothing else can run: the blocked tasks are what comes first
      blocked = new IntHeap();
    }
    List<Wave> waves = new ArrayList<>();
    int[] remaining = Arrays.copyOf(waiting, waiting.length);
    int[] byRank = prepared.byRank();
    int[] taken = new int[limit];
    while (!pool.isEmpty()) {
      int count = 0;
      double hours = 0;
      while (!pool.isEmpty() && count < limit) {
        int v = byRank[pool.poll()];
        taken[count++] = v;
        hours = Math.max(hours, g.nodes[v].hours());
      }
      Long[] ids = new Long[count];
      for (int i = 0; i < count; i++) {
        int v = taken[i];
        ids[i] = g.nodes[v].id();
        for (int k = g.succStart[v]; k < g.succStart[v + 1]; k++) {
          int s = g.succ[k];
          if (in[s] && --remaining[s] == 0) {
            pool.add(rank[s]);
          }
        }
      }
      waves.add(new Wave(waves.size() + 1, List.of(ids), hours));
      while (!blocked.isEmpty()) {
        pool.add(blocked.poll());
      }
    }
    double[] hours = new double[g.size()];
    for (int v = 0; v < hours.length; v++) {
      hours[v] = g.nodes[v].hours();
    }
    return new Schedule(waves, prepared.makespan(limit, hours, null, null));
  }

  /**
   * What list scheduling needs of a plan, worked out once for many runs (the forecast's): the
   * tasks in scope, how many prerequisites each waits for, and the order a free worker takes
   * them in (priority, least slack, id) as ranks; the heaps hold ranks, so comparing is cheap.
   */
  record Prepared(PlanGraph g, boolean[] in, int[] waiting, int[] rank, int[] byRank) {

    /**
     * Event-driven list scheduling (Graham) with these {@code hours}: a free worker always takes
     * the best available task. The running tasks (at most {@code workers}, a few) are kept in
     * plain arrays and scanned for the next to finish, which is cheaper than a heap at that size.
     * Fills {@code finishAt} and {@code startedAfter} (the task whose finish let each one start,
     * -1 for the first ones) when given.
     */
    double makespan(int workers, double[] hours, double[] finishAt, int[] startedAfter) {
      return listSchedule(g, in, waiting, workers, rank, byRank, hours, finishAt, startedAfter);
    }
  }

  static Prepared prepare(PlanGraph g) {
    boolean[] in = scope(g, false);
    int[] rank = rank(g, slack(g));
    int[] waiting = new int[g.size()];
    for (int v = 0; v < g.size(); v++) {
      if (in[v]) {
        for (int k = g.predStart[v]; k < g.predStart[v + 1]; k++) {
          if (in[g.pred[k]]) {
            waiting[v]++;
          }
        }
      }
    }
    int[] byRank = new int[rank.length];
    for (int v = 0; v < rank.length; v++) {
      byRank[rank[v]] = v;
    }
    return new Prepared(g, in, waiting, rank, byRank);
  }

  private static double listSchedule(PlanGraph g, boolean[] in, int[] waiting, int workers, int[] rank,
      int[] byRank, double[] hours, double[] finishAt, int[] startedAfter) {
    int[] remaining = Arrays.copyOf(waiting, waiting.length);
    RankSet available = new RankSet(rank.length);
    IntHeap blocked = new IntHeap(); // as in the waves: a blocked task cannot start at once
    for (int v = 0; v < g.size(); v++) {
      if (in[v] && remaining[v] == 0) {
        if (g.nodes[v].status() == PlanGraph.Status.BLOCKED) {
          blocked.add(rank[v]);
        } else {
          available.add(rank[v]);
        }
      }
    }
    if (available.isEmpty()) {
      while (!blocked.isEmpty()) {
        available.add(blocked.poll()); // nothing else can run: the blocked tasks are what comes first
      }
    }
    int[] running = new int[workers];
    double[] finish = new double[workers];
    int busy = 0;
    double now = 0;
    double makespan = 0;
    int done = -1;
    while (!available.isEmpty() || busy > 0) {
      while (busy < workers && !available.isEmpty()) {
        int v = byRank[available.poll()];
        running[busy] = v;
        finish[busy] = now + hours[v];
        makespan = Math.max(makespan, finish[busy]);
        if (finishAt != null) {
          finishAt[v] = finish[busy];
          startedAfter[v] = done;
        }
        busy++;
      }
      int next = 0; // the earliest to finish; on a tie the lower position, as the waves do
      for (int w = 1; w < busy; w++) {
        if (finish[w] < finish[next] || (finish[w] == finish[next] && running[w] < running[next])) {
          next = w;
        }
      }
      done = running[next];
      now = finish[next];
      while (!blocked.isEmpty()) {
        available.add(blocked.poll()); // from the first finish on, like the waves after the first
      }
      busy--;
      running[next] = running[busy];
      finish[next] = finish[busy];
      for (int k = g.succStart[done]; k < g.succStart[done + 1]; k++) {
        int s = g.succ[k];
        if (in[s] && --remaining[s] == 0) {
          available.add(rank[s]);
        }
      }
    }
    return makespan;
  }

  /** Total CPM slack of every task (0 outside the not-completed scope). */
  private static double[] slack(PlanGraph g) {
    Cpm cpm = cpm(g, false, null, 0);
    double[] slack = new double[g.size()];
    for (int v : cpm.order()) {
      slack[v] = Math.max(0, cpm.ls()[v] - cpm.es()[v]);
    }
    return slack;
  }

  /** Each task's place in the scheduling order: priority, then least slack, then id. */
  private static int[] rank(PlanGraph g, double[] slack) {
    int[] all = new int[g.size()];
    for (int v = 0; v < all.length; v++) {
      all[v] = v;
    }
    int[] rank = new int[g.size()];
    int[] ordered = sorted(g, slack, all);
    for (int r = 0; r < ordered.length; r++) {
      rank[ordered[r]] = r;
    }
    return rank;
  }

  /**
   * Task positions sorted by priority, then least slack, then id, with one primitive sort: each
   * position is packed with its key into a non-negative long (priority 2 bits, slack in
   * thousandths of an hour 39 bits, position 22 bits; positions follow ids, see PlanGraph).
   */
  private static int[] sorted(PlanGraph g, double[] slack, int[] positions) {
    long[] packed = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      int v = positions[i];
      packed[i] = ((long) g.nodes[v].priorityRank() << 61) | (slackKey(slack[v]) << 22) | v;
    }
    Arrays.sort(packed);
    int[] ordered = new int[positions.length];
    for (int i = 0; i < packed.length; i++) {
      ordered[i] = (int) (packed[i] & ((1 << 22) - 1));
    }
    return ordered;
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
      throw new CyclicPlanException(g.findCycle().orElse(List.of()));
    }
    return order;
  }
}
