package tracker.plan;

import io.ebean.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tracker.activity.ActivityLog;
import tracker.activity.ChangeStamp;
import tracker.core.Labels;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.DatabaseKind;
import tracker.db.NamedSql;
import tracker.db.Transactions;
import tracker.domain.query.QTask;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.PlanGraph.Node;
import tracker.graph.PlanGraph.Status;
import tracker.graph.PlanGraph;
import tracker.graph.Planner;
import tracker.plan.PlanRecords.ChainTask;
import tracker.plan.PlanRecords.CriticalPathView;
import tracker.plan.PlanRecords.PlanView;
import tracker.plan.PlanRecords.TimelineView;
import tracker.plan.PlanRecords.WaveView;
import tracker.tasks.TaskListing;
import tracker.tasks.TaskService;
import tracker.tasks.TaskView;

/** Planning over the stored plan: critical path, ready queue, atomic claims with leases, waves. */
public class PlanService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlanService.class);
  public static final int DEFAULT_PARALLEL = 5;
  static final int DEFAULT_READY_LIMIT = 100;
  public static final int MAX_READY_LIMIT = 10_000;

  private final Database db;
  private final Transactions tx;
  private final DatabaseKind kind;
  private final TaskService tasks;
  private final TaskListing listing;
  private final ActivityLog activity;
  private ScheduledExecutorService background;
  private volatile boolean sweeping;
  private boolean stopped;
  private volatile LeasePolicy leases = LeasePolicy.DEFAULT;

  /**
   * How long claims hold a task: {@code defaultSeconds} for a claim that names no length (null: no
   * lease, the claim holds until the task leaves in progress), at most {@code maxSeconds}.
   */
  public record LeasePolicy(Integer defaultSeconds, int maxSeconds) {
    public static final LeasePolicy DEFAULT = new LeasePolicy(null, NumberField.LEASE_SECONDS.maxWhole());

    public LeasePolicy {
      int limit = NumberField.LEASE_SECONDS.maxWhole();
      if (maxSeconds < 1 || maxSeconds > limit) {
        throw new IllegalArgumentException("the longest lease must be between 1 and " + limit + " seconds, not "
            + maxSeconds);
      }
      if (defaultSeconds != null && (defaultSeconds < 1 || defaultSeconds > maxSeconds)) {
        throw new IllegalArgumentException("the default lease must be between 1 and the longest lease ("
            + maxSeconds + ") seconds, not " + defaultSeconds);
      }
    }
  }

  /** Sets the server's lease lengths (see {@link LeasePolicy}). */
  public void setLeasePolicy(LeasePolicy policy) {
    this.leases = policy;
  }

  public LeasePolicy leasePolicy() {
    return leases;
  }

  public PlanService(Database db, Transactions tx, DatabaseKind kind, TaskService tasks, TaskListing listing,
      ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.kind = kind;
    this.tasks = tasks;
    this.listing = listing;
    this.activity = activity;
  }

  /**
   * The ready queue in claim order, and the same split by component area (a claim often names
   * one: without the split it stepped over every other area's tasks, tens of thousands a claim).
   * While a queue is kept, a task's area never changes (a change of area reads the plan anew) and
   * tasks only leave it (a patch that returns a task to not started or completes one orders a new
   * queue), so the taken tasks at the head of a lane are stepped over once, by the first reader.
   */
  private static final class ReadyQueue {
    final List<Planner.ReadyTask> all;
    /** Where each task of {@link #all} sits in the plan graph (the same in every graph patched from it). */
    private final int[] positions;
    private final PlanGraph graph;
    private volatile Lane whole;
    private final Map<String, Lane> byArea = new ConcurrentHashMap<>();

    /**
     * Split by component area as it is made, by the request that orders the queue while claims
     * take from the previous one: made lazily, under a lock, the split of 60k ready tasks held up
     * every claimer at once (a claim's p99 of 200 ms).
     */
    ReadyQueue(List<Planner.ReadyTask> all, PlanGraph graph) {
      this.all = all;
      this.graph = graph;
      this.positions = all.stream().mapToInt(t -> graph.positionOf(t.id())).toArray();
      this.whole = new Lane(IntStream.range(0, all.size()).toArray());
      Map<String, IntStream.Builder> lanes = new HashMap<>();
      for (int k = 0; k < positions.length; k++) {
        String area = graph.nodeAt(positions[k]).componentArea();
        lanes.computeIfAbsent(area == null ? "" : area, a -> IntStream.builder()).add(k); // a key may not be null
      }
      lanes.forEach((area, ks) -> byArea.put(area, new Lane(ks.build().toArray())));
    }

    Lane lane(String componentArea) {
      return componentArea == null ? whole : byArea.getOrDefault(componentArea, Lane.EMPTY);
    }

    /** Replaces a lane by the same without the tasks {@code graph} says are taken, unless another did. */
    void compact(String componentArea, Lane lane, PlanGraph graph) {
      Lane compacted = new Lane(Arrays.stream(lane.ks, lane.head.get(), lane.ks.length)
          .filter(k -> waiting(graph, k)).toArray());
      if (componentArea == null) {
        synchronized (this) {
          if (whole == lane) {
            whole = compacted;
          }
        }
      } else {
        byArea.replace(componentArea, lane, compacted);
      }
    }

    boolean waiting(PlanGraph graph, int k) {
      return graph.nodeAt(positions[k]).status() == Status.NOT_STARTED;
    }
  }

  /** Tasks of the ready queue, as places in {@link ReadyQueue#all}, and how many at its head are taken. */
  private static final class Lane {
    static final Lane EMPTY = new Lane(new int[0]);
    final int[] ks;
    final AtomicInteger head = new AtomicInteger();

    Lane(int[] ks) {
      this.ks = ks;
    }
  }

  /**
   * The plan as last read: the graph, the stamp it is current under, when it was read whole, and
   * its ready queue (computed on first use, then kept while only statuses move). After a change
   * that reorders the queue (a completion), the order before it is kept too: while one request
   * orders the new queue, claims take from the old one instead of waiting (its tasks are in
   * this graph's places, and the claim's guarded UPDATE checks each is still ready).
   */
  private static final class CachedPlan {
    final ChangeStamp stamp;
    final PlanGraph graph;
    final long readAtMillis;
    private volatile ReadyQueue queue;
    private final ReadyQueue previous;
    /** This process's order changes counted when the plan was last found current, and when (see {@link #keptForClaims}). */
    private volatile long orderChanges = -1;
    private final AtomicLong checkedAtNanos = new AtomicLong(System.nanoTime() - CLAIMS_TRUST_NANOS);
    private final java.util.concurrent.locks.ReentrantLock ordering = new java.util.concurrent.locks.ReentrantLock();

    CachedPlan(ChangeStamp stamp, PlanGraph graph, long readAtMillis, ReadyQueue queue, ReadyQueue previous) {
      this.stamp = stamp;
      this.graph = graph;
      this.readAtMillis = readAtMillis;
      this.queue = queue;
      this.previous = previous;
    }

    /** Notes that the plan was found current under the stamp, with {@code orderChanges} counted before it was read. */
    CachedPlan verified(long orderChanges) {
      this.orderChanges = orderChanges;
      this.checkedAtNanos.set(System.nanoTime());
      return this;
    }

    /** The queue in use or, when it must be ordered anew, the order it had before (a claim makes do with it). */
    ReadyQueue queueOrPrevious() {
      ReadyQueue known = queue;
      return known != null ? known : previous;
    }

    /**
     * The ready queue as last ordered; it may still hold tasks that were claimed, started or
     * blocked since (the patches leave the order alone), which readers skip by their status.
     * Ordered once per plan however many requests ask at once.
     */
    ReadyQueue queue() {
      return queue(false);
    }

    /** With {@code previousWillDo}, the previous order while another request orders this plan's queue. */
    private ReadyQueue queue(boolean previousWillDo) {
      ReadyQueue known = queue;
      if (known != null) {
        return known;
      }
      return oneAtATime(ordering, previousWillDo ? previous : null, () -> {
        ReadyQueue ordered = queue; // ordered while this request waited, perhaps
        if (ordered == null) {
          ordered = new ReadyQueue(Planner.readyQueue(graph), graph);
          queue = ordered;
        }
        return ordered;
      });
    }

    /** The queue's tasks still waiting, of one component area (null: all), in order. */
    List<Planner.ReadyTask> waiting(String componentArea) {
      ReadyQueue known = queue();
      Lane lane = known.lane(componentArea);
      List<Planner.ReadyTask> waiting = new ArrayList<>();
      for (int i = lane.head.get(); i < lane.ks.length; i++) {
        if (known.waiting(graph, lane.ks[i])) {
          waiting.add(known.all.get(lane.ks[i]));
        }
      }
      return waiting;
    }

    /**
     * The first {@code limit} tasks of the queue still waiting, in order, leaving out those
     * {@code takenSince} says were taken after this plan was read: reads only as far as it needs
     * (a claim asks for 64 of tens of thousands), moves the lane's head past the taken tasks it
     * starts with, and drops the taken ones further in once it had to step over many.
     */
    List<Long> firstWaiting(String componentArea, int limit, LongPredicate takenSince, boolean previousWillDo) {
      ReadyQueue known = queue(previousWillDo);
      Lane lane = known.lane(componentArea);
      List<Long> found = new ArrayList<>(Math.min(limit, 64));
      int i = lane.head.get();
      while (i < lane.ks.length && !known.waiting(graph, lane.ks[i])) {
        i++;
      }
      lane.head.accumulateAndGet(i, Math::max);
      int stepped = 0;
      for (; i < lane.ks.length && found.size() < limit; i++) {
        int k = lane.ks[i];
        if (!known.waiting(graph, k)) {
          stepped++;
        } else if (!takenSince.test(known.all.get(k).id())) {
          found.add(known.all.get(k).id());
        }
      }
      if (stepped > STEPPED_OVER) {
        known.compact(componentArea, lane, graph);
      }
      return found;
    }
  }

  /** The history entries that change only task statuses (or nothing the plan reads). */
  static final Set<String> STATUS_ONLY = Set.of("claimed", "heartbeat", "lease_expired", "stale_write_refused",
      "status_changed", "progress_added", "comment_added", "completed_with_subtasks", "reopened_by_subtask",
      "task_status_changed", "log_added");
  /** How often a claimer that lost all its candidates to concurrent claimers looks again. */
  static final int CLAIM_ROUNDS = 8;
  /** Taken tasks past a lane's head a reader may step over before they are dropped (CachedPlan.firstWaiting). */
  static final int STEPPED_OVER = 256;
  /** Commits after which a claim brings the kept plan up to date (see {@link #keptForClaims}). */
  static final int CLAIMS_TRUST_COMMITS = 500;
  /** Entries a plan of any size is patched for (see {@link #mostPatched}). */
  static final int MOST_PATCHED = 500;

  /**
   * More entries than this since the plan was read, and it is read whole again: a patch costs an
   * activity row and a status per entry, a whole read a task row and its edges per task, plus
   * ordering the queue anew. A swarm's claims and status changes between two looks are thousands
   * of entries; reading 84k tasks whole for them took 250 ms of a core every 350 ms, and the
   * claimer that did it waited as long (SwarmBenchmark's claim p99).
   */
  static int mostPatched(PlanGraph graph) {
    return Math.max(MOST_PATCHED, graph.size() / 4);
  }
  /**
   * A patched plan is read whole again after this long, as a backstop only: history ids are
   * committed in id order (SQLite's single writer; on PostgreSQL the lock every entry takes, see
   * TwoInstancesTest), so the patches miss no entry. Each whole read costs 100k tasks' worth of
   * garbage, which every 5 s under writes grew the heap past a gigabyte (FootprintBenchmarkIT);
   * on PostgreSQL, every 5 s, it took a claim's share of two cores (84k tasks: claims
   * 610-700/s, p99 130-180 ms before; 790-860/s, p99 about 100 ms after).
   */
  static final long WHOLE_READ_MILLIS = 600_000;

  private volatile CachedPlan cached;
  /**
   * One request at a time brings the kept plan up to date; the others wait for it without a
   * connection, so a burst of claimers after many changes reads the plan once instead of each
   * holding a pooled connection for a whole read (32 claimers exhausted the pool: 500s).
   */
  private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();

  /**
   * The ordering graph of the whole plan. Reading 100k tasks and 300k edges takes far longer
   * than planning over them, so the plan is kept until a write is committed, by this process or
   * by another one on the same database (every change appends activity, so its newest id moves).
   * When the new entries only moved statuses (claims, heartbeats, completions: the hot path of a
   * swarm), the kept graph is patched with the statuses read for those tasks instead of being
   * read again, and the ready queue is kept unless a task entered or left the queue's scope.
   * Inside a transaction the plan is read afresh, so the caller sees its own changes.
   */
  public PlanGraph graph() {
    return current(false).graph;
  }

  private CachedPlan current(boolean staleWillDo) {
    return current(staleWillDo, false);
  }

  /**
   * The kept plan, brought up to the newest change unless {@code staleWillDo}; with
   * {@code refreshingWillDo}, the plan as kept when another request is bringing it up to date
   * right now (a claim, which checks the real state as it takes a task, need not queue behind
   * that: the few tasks taken meanwhile cost it a guarded UPDATE that matches no row each).
   */
  private CachedPlan current(boolean staleWillDo, boolean refreshingWillDo) {
    CachedPlan known = cached;
    if (known != null && staleWillDo) {
      return known; // even inside a transaction (a keyed claim): the claim checks the real state
    }
    if (db.currentTransaction() != null) {
      return new CachedPlan(null, load(), System.currentTimeMillis(), null, null);
    }
    long orderChanges = activity.orderChanges(); // before the stamp, so a change it counts shows in the stamp
    ChangeStamp stamp = activity.stamp();
    if (known != null && known.stamp.equals(stamp)) {
      return known.verified(orderChanges);
    }
    return oneAtATime(refreshing, refreshingWillDo ? known : null, () -> {
      CachedPlan kept = cached; // another request may have brought it up to date while this one waited
      long counted = activity.orderChanges();
      ChangeStamp newest = activity.stamp();
      return (kept != null && kept.stamp.equals(newest) ? kept : refreshed(kept, newest)).verified(counted);
    });
  }

  /**
   * How long a claim takes its candidates from the kept plan without asking the database whether
   * another process changed it: this process's own changes are counted as they commit
   * ({@link ActivityLog#orderChanges}), and claims need not see another instance's completion
   * within this time (they never take a task that is not ready: the claim's statement checks).
   */
  static final long CLAIMS_TRUST_NANOS = 100_000_000L;

  /**
   * The same on PostgreSQL, shorter: instances take from the head of the same queue, and each
   * learns the others' claims only when it checks. With 100 ms, two instances' claims found both
   * candidates they looked at first taken in 98 % of claims (and looked again, wider); with 20 ms
   * and {@link #SPREAD_NANOS}, in 54-68 % (SwarmBenchmark, counted per claim). The check is a read
   * of the newest history id and of the entries since, 50 times a second at most.
   */
  static final long SHARED_CLAIMS_TRUST_NANOS = 20_000_000L;

  /**
   * The kept plan, when a claim may take candidates from it as it is: since it was found current,
   * this process committed nothing that changes which tasks are ready or their order, only claims
   * and the like, in fewer than {@link #CLAIMS_TRUST_COMMITS} commits (the claims skip the tasks
   * this process took since, see {@link #takenSince}); and it was found current a moment ago, or another claim is
   * checking it right now. Null when this claim must bring it up to date. A claim no longer reads
   * the change stamp and patches the plan after every other claim: that was a fifth of its time.
   */
  private CachedPlan keptForClaims() {
    CachedPlan known = cached;
    if (known == null || known.stamp == null || known.orderChanges != activity.orderChanges()
        || tx.commits() - known.stamp.localCommits() >= CLAIMS_TRUST_COMMITS) {
      return null;
    }
    long checked = known.checkedAtNanos.get();
    long now = System.nanoTime();
    long trusted = kind.hasSingleWriter() ? CLAIMS_TRUST_NANOS : SHARED_CLAIMS_TRUST_NANOS;
    boolean current = now - checked < trusted || !known.checkedAtNanos.compareAndSet(checked, now);
    return current ? known : null;
  }

  /**
   * Does {@code work} holding {@code lock}; while another request holds it, answers
   * {@code meanwhile} instead of waiting, unless that is null.
   */
  private static <T> T oneAtATime(java.util.concurrent.locks.ReentrantLock lock, T meanwhile,
      java.util.function.Supplier<T> work) {
    if (!lock.tryLock()) {
      if (meanwhile != null) {
        return meanwhile;
      }
      lock.lock();
    }
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private CachedPlan refreshed(CachedPlan known, ChangeStamp stamp) {
    CachedPlan next = known == null || System.currentTimeMillis() - known.readAtMillis > WHOLE_READ_MILLIS
        ? null : patched(known, stamp);
    if (next == null) {
      long readAt = System.currentTimeMillis();
      PlanGraph graph = load();
      // the same tasks read again: claims may take from the order before while the new one is made
      ReadyQueue previous = known != null && known.graph.samePlacesAs(graph) ? known.queueOrPrevious() : null;
      next = new CachedPlan(stamp, graph, readAt, null, previous);
    }
    cached = next;
    return next;
  }

  /** The kept plan brought up to {@code stamp} by status changes alone; null when that is not enough. */
  private CachedPlan patched(CachedPlan known, ChangeStamp stamp) {
    int most = mostPatched(known.graph);
    List<ActivityLog.Touch> touched = activity.touchedBetween(known.stamp.newestActivity(), stamp.newestActivity(),
        most + 1);
    if (touched.size() > most) {
      return null;
    }
    Set<Long> ids = new java.util.HashSet<>();
    for (ActivityLog.Touch touch : touched) {
      if (!STATUS_ONLY.contains(touch.action())) {
        return null;
      }
      if (touch.taskId() != null) {
        ids.add(touch.taskId());
      }
    }
    Map<Long, Status> now = statuses(ids);
    Map<Long, Status> changed = new HashMap<>();
    for (long id : ids) {
      Node node = known.graph.node(id);
      if (node == null || !now.containsKey(id)) {
        return null; // a task this plan does not know, or one gone
      }
      if (node.status() != now.get(id)) {
        changed.put(id, now.get(id));
      }
    }
    if (changed.isEmpty()) {
      return new CachedPlan(stamp, known.graph, known.readAtMillis, known.queue, known.previous);
    }
    PlanGraph graph = known.graph.withStatuses(changed);
    // a claim, a block or a start only takes tasks out of the queue; a completion or a return to
    // not started changes which tasks are ready and the slack of the rest
    boolean reorders = changed.entrySet().stream().anyMatch(e -> e.getValue() == Status.COMPLETED
        || e.getValue() == Status.NOT_STARTED || known.graph.node(e.getKey()).status() == Status.COMPLETED);
    // the rest keep their order: readers skip the tasks that left the queue (CachedPlan.queue)
    return reorders ? new CachedPlan(stamp, graph, known.readAtMillis, null, known.queueOrPrevious())
        : new CachedPlan(stamp, graph, known.readAtMillis, known.queue, known.previous);
  }

  /** Ids bound in one statement: well under every database's limit on parameters. */
  static final int STATUSES_AT_ONCE = 500;

  private Map<Long, Status> statuses(Set<Long> ids) {
    Map<Long, Status> statuses = new HashMap<>();
    List<Long> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += STATUSES_AT_ONCE) {
      db.sqlQuery("select id, status from tasks where id in (:ids)")
          .setParameter("ids", all.subList(from, Math.min(all.size(), from + STATUSES_AT_ONCE)))
          .findEachRow((rs, row) -> statuses.put(rs.getLong("id"), Status.valueOf(rs.getString("status").toUpperCase())));
    }
    return statuses;
  }

  private PlanGraph load() {
    return tx.jdbc(c -> {
      List<Node> nodes = new ArrayList<>();
      // one String per area, not one per task read: a plan has a few areas and 100k tasks
      Map<String, String> areas = new HashMap<>();
      // in id order, so ties in the schedules break alike on every database
      try (PreparedStatement s = c.prepareStatement("""
              select id, time_estimate_hours, status, priority, component_area, parent_task_id
                from tasks order by id""");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long parent = rs.getLong("parent_task_id");
          Long parentId = rs.wasNull() ? null : parent;
          nodes.add(new Node(rs.getLong("id"), rs.getDouble("time_estimate_hours"),
              Status.valueOf(rs.getString("status").toUpperCase()), priorityRank(rs.getString("priority")),
              areas.computeIfAbsent(rs.getString("component_area"), area -> area), parentId));
        }
      }
      List<Edge> edges = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
              "select task_id, depends_on_task_id from task_dependencies where dependency_type <> 'enhances'");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          edges.add(new Edge(rs.getLong("task_id"), rs.getLong("depends_on_task_id")));
        }
      }
      return new PlanGraph(nodes, edges);
    });
  }

  /** The ordering edges whose both ends are among {@code ids}. */
  public List<Edge> orderingEdgesAmong(Set<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Edge> edges = new ArrayList<>();
    db.sqlQuery("""
            select task_id, depends_on_task_id from task_dependencies
             where dependency_type <> 'enhances' and task_id in (:ids) and depends_on_task_id in (:ids)""")
        .setParameter("ids", ids)
        .findEachRow((rs, row) -> edges.add(new Edge(rs.getLong("task_id"), rs.getLong("depends_on_task_id"))));
    return edges;
  }

  private static int priorityRank(String priority) {
    return switch (priority) {
      case "Critical" -> 0;
      case "High" -> 1;
      case "Medium" -> 2;
      default -> 3;
    };
  }

  /**
   * The longest chain of not-completed tasks by hours ({@code includeCompleted}: of all tasks). With
   * a delay, the answer is as if that task took {@code delayHours} more; nothing is changed.
   */
  public CriticalPathView criticalPath(boolean includeCompleted, Long delayTaskId, Double delayHours) {
    Rules rules = new Rules();
    if ((delayTaskId == null) != (delayHours == null)) {
      rules.add(delayTaskId == null ? "delay_task" : "delay_hours", "delay_task and delay_hours go together");
    }
    rules.range(NumberField.DELAY_HOURS, delayHours);
    rules.checkAsBadRequest("Invalid query parameters");
    PlanGraph g = graph();
    if (delayTaskId != null && g.node(delayTaskId) == null) {
      throw TrackerException.notFound("Task", delayTaskId);
    }
    Planner.CriticalPath path = Planner.criticalPath(g, includeCompleted);
    if (delayTaskId == null) {
      return new CriticalPathView(round2(path.totalHours()), chain(path), null, null, null, null);
    }
    Planner.CriticalPath delayed = Planner.criticalPath(g, includeCompleted, delayTaskId, delayHours);
    Set<Long> newlyCritical = new LinkedHashSet<>(delayed.criticalIds());
    newlyCritical.removeAll(path.criticalIds());
    return new CriticalPathView(round2(delayed.totalHours()), chain(delayed), round2(path.totalHours()),
        delayTaskId, delayHours, List.copyOf(newlyCritical));
  }

  private List<ChainTask> chain(Planner.CriticalPath path) {
    Map<Long, String> titles = listing.titles(path.chain().stream().map(Planner.Timing::id).toList());
    return path.chain().stream()
        .map(t -> new ChainTask(t.id(), titles.get(t.id()), t.hours(), round2(t.earliestStart()),
            round2(t.earliestFinish())))
        .toList();
  }

  /** Tasks that can start now, by priority, then least slack, then id. */
  public List<TaskView> ready(String componentArea, Integer limit) {
    Rules rules = new Rules();
    rules.range("limit", limit, 1, MAX_READY_LIMIT);
    rules.text(TextField.COMPONENT_AREA, componentArea);
    rules.checkAsBadRequest("Invalid query parameters");
    expireLeases();
    CachedPlan plan = current(false);
    return tasks.views(plan.firstWaiting(componentArea, limit == null ? DEFAULT_READY_LIMIT : limit,
        id -> takenSince(plan, id), false));
  }

  /** The first {@code limit} of {@code ready} (in their order) that carry one of {@code labels}. */
  private List<Long> labelled(List<Long> ready, List<String> labels, int limit) {
    if (ready.isEmpty()) {
      return ready;
    }
    io.ebean.ExpressionList<tracker.domain.Task> where = new tracker.domain.query.QTask(db).select("id")
        .status.eq(tracker.domain.TaskStatus.NOT_STARTED).getExpressionList().or();
    labels.forEach(label -> where.raw(kind.holds("labels"), Labels.needle(label)));
    java.util.Set<Long> carrying = new java.util.HashSet<>(where.endOr().findIds());
    return ready.stream().filter(carrying::contains).limit(limit).toList();
  }

  /** The ready queue in claim order, with the rule that placed each task; optionally of one component area. */
  public List<Planner.ReadyTask> readyQueue(String componentArea) {
    return readyQueue(current(false), componentArea);
  }

  private static List<Planner.ReadyTask> readyQueue(CachedPlan plan, String componentArea) {
    return plan.waiting(componentArea);
  }

  /**
   * Atomically takes the first ready task for a worker: sets it in_progress and records
   * "Claimed by <worker>". Empty when nothing is ready. Each attempt is one guarded UPDATE, so
   * two claimers never get the same task: the loser moves on to the next candidate.
   */
  public Optional<TaskView> claim(String worker, String componentArea, Integer requestedLease) {
    return claim(worker, componentArea, null, requestedLease);
  }

  /** As above, of the tasks that carry at least one of {@code labels} (null or empty: any task). */
  public Optional<TaskView> claim(String worker, String componentArea, List<String> labels, Integer requestedLease) {
    Rules rules = new Rules();
    rules.required(TextField.WORKER, worker);
    rules.text(TextField.COMPONENT_AREA, componentArea);
    List<String> wanted = Labels.checked(rules, "labels", labels);
    rules.range(NumberField.LEASE_SECONDS, requestedLease);
    if (requestedLease != null && requestedLease > leases.maxSeconds()) {
      rules.add(NumberField.LEASE_SECONDS.field(), "must be at most " + leases.maxSeconds()
          + " (this server's longest lease), not " + requestedLease);
    }
    rules.check();
    Integer leaseSeconds = requestedLease != null ? requestedLease : leases.defaultSeconds();
    if (!sweeping) {
      expireLeases(); // no sweeper keeps leases current in this process (a test, a one-off command)
    }
    // Candidates come from the plan as of the newest change (patched cheaply after claims and
    // completions; inside a keyed request's transaction, the plan as last kept); the guarded
    // UPDATE checks the real state, and a claimer that lost every candidate to others looks again
    // (the writers committed together before it may have taken all of them): it answers "nothing
    // ready" only when the plan as of the newest change has nothing, or after many such losses.
    for (int round = 0; round < CLAIM_ROUNDS; round++) {
      CachedPlan kept = round == 0 ? keptForClaims() : null;
      CachedPlan plan = kept != null ? kept : current(db.currentTransaction() != null && round == 0, round == 0);
      LongPredicate takenSince = id -> takenSince(plan, id);
      // the first look may take the previous order while another request orders the new one; a
      // look again waits for the new order, whose newly ready tasks the previous one lacks
      boolean previousWillDo = round == 0;
      // first those no other claim of this process holds or looks at (PostgreSQL), then any
      List<Long> unreserved = candidates(plan, componentArea, wanted,
          id -> takenSince.test(id) || reservedByClaims.contains(id), previousWillDo);
      List<Long> candidates = unreserved.isEmpty() && !reservedByClaims.isEmpty()
          ? candidates(plan, componentArea, wanted, takenSince, previousWillDo) : unreserved;
      if (candidates.isEmpty()) {
        if (round > 0) {
          return Optional.empty();
        }
        continue; // an order that may be behind had none: look again in the newest
      }
      if (!kind.hasSingleWriter()) {
        Optional<TaskView> claimed = claimFirstUnlocked(candidates, takenSince, worker, leaseSeconds,
            componentArea + "\n" + wanted);
        if (claimed.isPresent()) {
          return claimed;
        }
        continue;
      }
      // SQLite: one write transaction tries the candidates in order (a taken one is an UPDATE that
      // matches no row), so concurrent claimers queue once for the single writer, not once per
      // candidate they lose
      Optional<TaskView> claimed = tx.write(() -> claimFirstFree(plan, candidates, worker, leaseSeconds));
      if (claimed.isPresent()) {
        return noteCommitted(claimed);
      }
    }
    return Optional.empty();
  }

  /** The first 64 tasks waiting in {@code plan}'s order that {@code leftOut} does not leave out, of those labelled. */
  private List<Long> candidates(CachedPlan plan, String componentArea, List<String> labels, LongPredicate leftOut,
      boolean previousWillDo) {
    return labels.isEmpty()
        ? plan.firstWaiting(componentArea, 64, leftOut, previousWillDo)
        : labelled(plan.firstWaiting(componentArea, Integer.MAX_VALUE, leftOut, previousWillDo), labels, 64);
  }

  /**
   * Inside the single writer: the first candidate still free. Those this process took since its
   * plan was read are left out at once (the claims committed in the same group took them a moment
   * ago). The first of the rest is nearly always free, so it is claimed straight away (one
   * statement); should it not be, the others are checked by primary key a few at a time.
   */
  private Optional<TaskView> claimFirstFree(CachedPlan plan, List<Long> candidates, String worker,
      Integer leaseSeconds) {
    List<Long> untaken = candidates.stream().filter(id -> !takenSince(plan, id)).toList();
    if (untaken.isEmpty()) {
      return Optional.empty();
    }
    Optional<TaskView> first = tryClaim(untaken.get(0), worker, leaseSeconds);
    if (first.isPresent()) {
      return first;
    }
    untaken = untaken.subList(1, untaken.size());
    for (int from = 0; from < untaken.size(); from += CHECKED_AT_ONCE) {
      for (long id : stillNotStarted(untaken.subList(from, Math.min(untaken.size(), from + CHECKED_AT_ONCE)))) {
        Optional<TaskView> taken = tryClaim(id, worker, leaseSeconds);
        if (taken.isPresent()) {
          return taken;
        }
      }
    }
    return Optional.empty();
  }

  /** How many candidates a claim checks by primary key in one statement. */
  static final int CHECKED_AT_ONCE = 8;

  /**
   * The tasks this process's claims took lately, each with the count of this process's commits
   * when it was taken: a plan read before that count moved past it does not know of the claim yet.
   */
  private final Map<Long, Long> takenLately = new ConcurrentHashMap<>();
  private final AtomicInteger takenSinceSweep = new AtomicInteger();

  private boolean takenSince(CachedPlan plan, long id) {
    Long at = takenLately.get(id);
    return at != null && plan.stamp != null && at >= plan.stamp.localCommits();
  }

  /**
   * Notes a task a claim took, inside its transaction (for the claims committed in the same
   * group) and again once {@link #noteCommitted committed}; drops the notes every kept plan knows.
   */
  private void noteTaken(long id) {
    takenLately.put(id, tx.commits());
    if (takenSinceSweep.incrementAndGet() % 256 == 0) {
      CachedPlan kept = cached;
      if (kept != null && kept.stamp != null) {
        takenLately.values().removeIf(at -> at < kept.stamp.localCommits());
      }
    }
  }

  /**
   * Candidates a claim of this process is looking at or holds locked until its transaction ends
   * (PostgreSQL). Claimers of one process all read the same kept order: without this they all
   * asked for the same first rows at once, all but one skipped them (SKIP LOCKED), and most
   * looked again further down; each look checks every candidate it is given.
   */
  private final Set<Long> reservedByClaims = ConcurrentHashMap.newKeySet();

  /**
   * When a claim last found both candidates it reserved taken by another instance (PostgreSQL).
   * For {@link #SPREAD_NANOS} after that, claims reserve candidates from a random place in their
   * list rather than its head: every instance orders the same queue, and each knows the others'
   * claims only once its plan is patched, so their claimers asked for the same first rows and
   * nearly every claim of two instances needed a second, wider look (SwarmBenchmark). The places
   * are as many as the other claims under way on the same queue take, which take the first tasks
   * of the queue together anyway; a claimer alone on its queue takes the head.
   */
  private volatile long pairsTakenAtNanos = System.nanoTime() - SPREAD_NANOS;
  static final long SPREAD_NANOS = 500_000_000L;
  /** Claims under way by the queue they take from (component area and labels): see {@link Reservation#reserve}. */
  private final Map<String, Integer> claimsUnderWay = new ConcurrentHashMap<>();

  /** How many candidates a claim on PostgreSQL reserves and looks at in one statement. */
  static final int RESERVED_AT_ONCE = 2;

  /**
   * PostgreSQL: in one transaction, locks the first candidate still claimable and claims it. The
   * claim reserves a few candidates no other claim of this process has reserved and looks at
   * those alone; when another instance took them meanwhile, it looks at all the others no claim
   * reserved at once, or at all of them when others reserved every one (rows another claim holds
   * are skipped). It keeps only the one it locked reserved. Looking at reserved rows whenever
   * the unreserved ones were taken made two instances' claimers take each other's reservations
   * (85-159 claims/s instead of 460-810).
   */
  private Optional<TaskView> claimFirstUnlocked(List<Long> candidates, LongPredicate takenSince, String worker,
      Integer leaseSeconds, String queue) {
    Reservation reservation = new Reservation();
    int alongside = claimsUnderWay.merge(queue, 1, Integer::sum) - 1;
    try {
      return noteCommitted(tx.write(() -> {
        reservation.release(); // a write tried again starts afresh
        boolean spread = System.nanoTime() - pairsTakenAtNanos < SPREAD_NANOS;
        reservation.reserve(candidates, takenSince, spread ? alongside : 0);
        Optional<Long> locked = lockFirstClaimable(reservation.ids);
        if (locked.isEmpty() && !reservation.ids.isEmpty()) {
          pairsTakenAtNanos = System.nanoTime(); // taken by another instance (this one's claims reserved them)
        }
        if (locked.isEmpty()) {
          reservation.release();
          List<Long> rest = candidates.stream().filter(id -> !takenSince.test(id)).toList();
          List<Long> unreserved = rest.stream().filter(id -> !reservedByClaims.contains(id)).toList();
          // when others reserved every one: their looks take one of their few each at most
          locked = lockFirstClaimable(unreserved.isEmpty() ? rest : unreserved);
        }
        locked.ifPresent(reservation::keepOnly);
        return locked.flatMap(id -> tryClaim(id, worker, leaseSeconds));
      }));
    } finally {
      claimsUnderWay.compute(queue, (key, count) -> count == 1 ? null : count - 1);
      reservation.release();
    }
  }

  /** The candidates one claim has reserved in {@link #reservedByClaims}. */
  private final class Reservation {
    private final List<Long> ids = new ArrayList<>(RESERVED_AT_ONCE);

    /** Reserves a few candidates no other claim has reserved and this process did not take: the first, or from a random one of {@code RESERVED_AT_ONCE * alongside + 1} places. */
    void reserve(List<Long> candidates, LongPredicate takenSince, int alongside) {
      // from a random one of as many places as the other claims on the same queue take: a
      // claimer alone on its queue still takes the head
      int places = Math.min(candidates.size(), RESERVED_AT_ONCE * alongside + 1);
      int start = places > 1 ? ThreadLocalRandom.current().nextInt(places) : 0;
      for (int i = 0; i < candidates.size() && ids.size() < RESERVED_AT_ONCE; i++) {
        long id = candidates.get((start + i) % candidates.size());
        if (reservedByClaims.add(id)) {
          // taken while this claim waited for a connection? (a claim notes its task before it lets go)
          if (takenSince.test(id)) {
            reservedByClaims.remove(id);
          } else {
            ids.add(id);
          }
        }
      }
    }

    /** Lets go of every reserved candidate but {@code id}, which it reserves if it had not. */
    void keepOnly(long id) {
      boolean had = ids.contains(id);
      ids.stream().filter(other -> other != id).forEach(reservedByClaims::remove);
      ids.clear();
      if (had || reservedByClaims.add(id)) {
        ids.add(id);
      }
    }

    void release() {
      reservedByClaims.removeAll(ids);
      ids.clear();
    }
  }

  /**
   * PostgreSQL: locks the first candidate that is still claimable, skipping rows another
   * claimer holds, so concurrent claimers (on any instance) spread over the queue instead of
   * queueing on one row.
   */
  private static final NamedSql FIRST_CLAIMABLE = NamedSql.of("""
      select t.id from tasks t
       where t.id = any(:ids) and t.status = 'not_started'
         and not exists (select 1 from task_dependencies d join tasks p on p.id = d.depends_on_task_id
                          where d.task_id = t.id and d.dependency_type <> 'enhances' and p.status <> 'completed')
       order by array_position(:ids, t.id) limit 1
         for update of t skip locked""");

  /** The first of {@code candidates} still claimable, locked; empty when there is none. */
  private Optional<Long> lockFirstClaimable(List<Long> candidates) {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return tx.jdbc(c -> {
      try (NamedSql.Bound s = FIRST_CLAIMABLE.prepare(c).set("ids", c.createArrayOf("bigint", candidates.toArray()));
          ResultSet rs = s.query()) {
        return rs.next() ? Optional.of(rs.getLong("id")) : Optional.<Long>empty();
      }
    });
  }

  /**
   * The candidates still not started, in their order: one indexed read inside the single writer
   * (so nothing changes under it) instead of a failed claim attempt per task that other claimers
   * took since the kept plan was read (32 claimers on one plan tried each other's tasks first).
   */
  private List<Long> stillNotStarted(List<Long> candidates) {
    if (candidates.isEmpty()) {
      return candidates;
    }
    // by primary key: a condition on status here would let SQLite scan every task not started
    Map<Long, Status> now = statuses(new java.util.HashSet<>(candidates));
    return candidates.stream().filter(id -> now.get(id) == Status.NOT_STARTED).toList();
  }

  /**
   * Notes the task of a claim that committed again, with the count of commits now: the count it
   * was noted with inside the transaction may be many commits old by the commit (other writers
   * committed while it waited), and a plan read in between would offer the task again.
   */
  private Optional<TaskView> noteCommitted(Optional<TaskView> claimed) {
    claimed.ifPresent(task -> noteTaken(task.id()));
    return claimed;
  }

  private Optional<TaskView> tryClaim(long id, String worker, Integer leaseSeconds) {
    Optional<TaskView> taken = tasks.transitions().claim(id, worker, leaseSeconds);
    taken.ifPresent(task -> noteTaken(id));
    return taken;
  }

  /** Extends the lease of a task the worker holds; 409 when the worker does not hold it. */
  public TaskView heartbeat(long id, String worker, Long claimToken) {
    Rules rules = new Rules();
    rules.required(TextField.WORKER, worker);
    rules.range(NumberField.CLAIM_TOKEN, claimToken);
    rules.check();
    return tasks.transitions().heartbeat(id, worker, claimToken);
  }

  /**
   * The tasks whose lease ran out before the given time, sought in ix_tasks_lease_expires_at. Only
   * an in-progress task holds a lease (leaving in_progress clears it) and the update that returns
   * a task checks its status again; a status condition here would make SQLite read every
   * in-progress task through the status index instead.
   */
  static final String EXPIRED_LEASES = "select id, claimed_by from tasks where lease_expires_at < :now";

  /** Returns every task whose lease ran out to the ready queue, with a progress note saying so. */
  public int expireLeases() {
    Instant now = Instant.now();
    List<Object[]> expired = new ArrayList<>();
    db.sqlQuery(EXPIRED_LEASES)
        .setParameter("now", now)
        .findEachRow((rs, row) -> expired.add(new Object[] {rs.getLong("id"), rs.getString("claimed_by")}));
    int returned = 0;
    for (Object[] row : expired) {
      returned += tasks.transitions().expireLease((Long) row[0], (String) row[1], now) ? 1 : 0;
    }
    return returned;
  }

  /**
   * Returns expired leases to the ready queue every second, for as long as this service runs;
   * a server starts it (a one-off command such as an import needs no sweeper). The ready list
   * expires leases itself; a claim leaves it to the sweep (a lease is back in the queue within a
   * second of running out) so that claiming stays one statement.
   */
  public synchronized void startLeaseSweeper() {
    if (!sweeping && !stopped) {
      sweeping = true;
      background().scheduleWithFixedDelay(this::sweepQuietly, 1, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads the plan on the background thread, so that the first dashboard or ready queue after a
   * start does not wait for it (about a second on 100k tasks); a request that comes first reads
   * it itself. A stop waits for the read before the database closes under it.
   */
  public synchronized void readInTheBackground() {
    if (stopped) {
      return; // stopped before it began: the plan is read on demand, if ever
    }
    background().execute(() -> {
      try {
        graph();
      } catch (RuntimeException e) {
        LOG.warn("Reading the plan in the background failed; the first request reads it", e);
      }
    });
  }

  /** The one thread of this service's background work, made at its first use; call holding this service's lock. */
  private ScheduledExecutorService background() {
    if (background == null) {
      background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "plan-background");
        thread.setDaemon(true);
        return thread;
      });
    }
    return background;
  }

  private void sweepQuietly() {
    try {
      expireLeases();
    } catch (RuntimeException e) {
      LOG.warn("Returning expired leases failed; will try again", e);
    }
  }

  /** A preview of the not-completed tasks in waves of at most {@code maxParallel}; nothing is saved. */
  public PlanView plan(Integer maxParallel) {
    Rules rules = new Rules();
    rules.range(NumberField.MAX_PARALLEL, maxParallel);
    rules.checkAsBadRequest("Invalid query parameters");
    Planner.Schedule schedule = Planner.schedule(graph(), maxParallel == null ? DEFAULT_PARALLEL : maxParallel);
    return new PlanView(schedule.waves().stream()
        .map(w -> new WaveView(w.index(), w.taskIds(), round2(w.hours()))).toList(),
        round2(schedule.makespanHours()));
  }

  /** The plan's figures for people: the critical path, and the waves under the limit. */
  public TimelineView timeline(Integer maxParallel) {
    int parallel = maxParallel == null ? DEFAULT_PARALLEL : maxParallel;
    PlanView waves = plan(parallel);
    PlanGraph graph = graph();
    Planner.CriticalPath path = Planner.criticalPath(graph, false);
    return new TimelineView(round2(path.totalHours()), parallel, waves.makespanHours(), path.all().size(),
        waves.waves(), graph.size());
  }

  /** Where the database stands: data read under an unchanged stamp is still current. */
  public ChangeStamp stamp() {
    return activity.stamp();
  }

  static double round2(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  @Override
  public synchronized void close() {
    stopped = true;
    if (background != null) {
      background.shutdownNow();
      try {
        // a sweep or read under way finishes before the caller closes the database under it
        if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("The plan's background work did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
