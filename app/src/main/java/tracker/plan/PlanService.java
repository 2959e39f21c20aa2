package tracker.plan;

import io.ebean.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.DatabaseKind;
import tracker.db.Transactions;
import tracker.domain.query.QTask;
import tracker.graph.PlanGraph;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.Planner;
import tracker.graph.PlanGraph.Node;
import tracker.graph.PlanGraph.Status;
import tracker.plan.PlanRecords.ChainTask;
import tracker.plan.PlanRecords.CriticalPathView;
import tracker.plan.PlanRecords.PlanView;
import tracker.plan.PlanRecords.TimelineBar;
import tracker.plan.PlanRecords.TimelineView;
import tracker.plan.PlanRecords.WaveView;
import tracker.activity.ActivityLog;
import tracker.activity.ChangeStamp;
import tracker.tasks.TaskService;
import tracker.tasks.TaskView;

/** Planning over the stored plan: critical path, ready queue, atomic claims with leases, waves. */
public class PlanService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlanService.class);
  public static final int DEFAULT_PARALLEL = 5;
  static final int DEFAULT_READY_LIMIT = 100;
  static final int MAX_READY_LIMIT = 10_000;

  private final Database db;
  private final Transactions tx;
  private final DatabaseKind kind;
  private final TaskService tasks;
  private final ActivityLog activity;
  private ScheduledExecutorService sweeper;
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

  public PlanService(Database db, Transactions tx, DatabaseKind kind, TaskService tasks, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.kind = kind;
    this.tasks = tasks;
    this.activity = activity;
  }

  /** A graph and the stamp it was read under. */
  private record CachedGraph(ChangeStamp stamp, PlanGraph graph) {}

  private volatile CachedGraph cached;

  /**
   * The ordering graph of the whole plan. Reading 100k tasks and 300k edges takes far longer
   * than planning over them, so the graph is kept until a write is committed: by this process,
   * or by another one on the same database (every change appends activity, so its newest id
   * moves). Inside a transaction it is always read afresh, so the caller sees its own changes.
   */
  public PlanGraph graph() {
    return graph(false);
  }

  private PlanGraph graph(boolean staleWillDo) {
    CachedGraph current = cached;
    if (current != null && staleWillDo) {
      return current.graph(); // even inside a transaction (a keyed claim): the claim checks the real state
    }
    if (db.currentTransaction() != null) {
      return load();
    }
    ChangeStamp stamp = activity.stamp();
    if (current != null && current.stamp().equals(stamp)) {
      return current.graph();
    }
    PlanGraph graph = load();
    cached = new CachedGraph(stamp, graph);
    return graph;
  }

  private PlanGraph load() {
    return tx.jdbc(c -> {
      List<Node> nodes = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "select id, time_estimate_hours, status, priority, component_area, parent_task_id from tasks");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          nodes.add(new Node(rs.getLong(1), rs.getDouble(2), Status.valueOf(rs.getString(3).toUpperCase()),
              priorityRank(rs.getString(4)), rs.getString(5), rs.getObject(6) == null ? null : rs.getLong(6)));
        }
      }
      List<Edge> edges = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "select task_id, depends_on_task_id from task_dependencies where dependency_type <> 'enhances'");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          edges.add(new Edge(rs.getLong(1), rs.getLong(2)));
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
    db.sqlQuery("select task_id, depends_on_task_id from task_dependencies where dependency_type <> 'enhances'"
            + " and task_id in (:ids) and depends_on_task_id in (:ids)")
        .setParameter("ids", ids)
        .findEachRow((rs, row) -> edges.add(new Edge(rs.getLong(1), rs.getLong(2))));
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
    Map<Long, String> titles = titles(path.chain().stream().map(Planner.Timing::id).toList());
    return path.chain().stream()
        .map(t -> new ChainTask(t.id(), titles.get(t.id()), t.hours(), round2(t.earliestStart()),
            round2(t.earliestFinish())))
        .toList();
  }

  private Map<Long, String> titles(List<Long> ids) {
    Map<Long, String> titles = new HashMap<>();
    if (!ids.isEmpty()) {
      new QTask(db).select(QTask.Alias.title).id.in(ids).findList()
          .forEach(t -> titles.put(t.getId(), t.getTitle()));
    }
    return titles;
  }

  /** Tasks that can start now, by priority, then least slack, then id. */
  public List<TaskView> ready(String componentArea, Integer limit) {
    Rules rules = new Rules();
    rules.range("limit", limit, 1, MAX_READY_LIMIT);
    rules.text(TextField.COMPONENT_AREA, componentArea);
    rules.checkAsBadRequest("Invalid query parameters");
    expireLeases();
    return tasks.views(readyIds(graph(), componentArea, limit == null ? DEFAULT_READY_LIMIT : limit));
  }

  private static List<Long> readyIds(PlanGraph g, String componentArea, int limit) {
    return readyQueue(g, componentArea).stream().limit(limit).map(Planner.ReadyTask::id).toList();
  }

  /** The ready queue in claim order, with the rule that placed each task; optionally of one component area. */
  public List<Planner.ReadyTask> readyQueue(String componentArea) {
    return readyQueue(graph(), componentArea);
  }

  private static List<Planner.ReadyTask> readyQueue(PlanGraph g, String componentArea) {
    return Planner.readyQueue(g).stream()
        .filter(t -> componentArea == null || componentArea.equals(g.node(t.id()).componentArea()))
        .toList();
  }

  /**
   * Atomically takes the first ready task for a worker: sets it in_progress and records
   * "Claimed by <worker>". Empty when nothing is ready. Each attempt is one guarded UPDATE, so
   * two claimers never get the same task: the loser moves on to the next candidate.
   */
  public Optional<TaskView> claim(String worker, String componentArea, Integer requestedLease) {
    Rules rules = new Rules();
    rules.required(TextField.WORKER, worker);
    rules.text(TextField.COMPONENT_AREA, componentArea);
    rules.range(NumberField.LEASE_SECONDS, requestedLease);
    if (requestedLease != null && requestedLease > leases.maxSeconds()) {
      rules.add(NumberField.LEASE_SECONDS.field(), "must be at most " + leases.maxSeconds()
          + " (this server's longest lease), not " + requestedLease);
    }
    rules.check();
    Integer leaseSeconds = requestedLease != null ? requestedLease : leases.defaultSeconds();
    expireLeases();
    // Candidates may come from a graph a few claims old: the guarded UPDATE checks the real
    // state. When they are all gone, the next round reads a fresh graph.
    for (int round = 0; round < 3; round++) {
      List<Long> candidates = readyIds(graph(round == 0), componentArea, 64);
      if (candidates.isEmpty() && round > 0) {
        return Optional.empty();
      }
      if (kind == DatabaseKind.POSTGRESQL) {
        Optional<TaskView> claimed = tx.write(() -> lockFirstClaimable(candidates)
            .flatMap(id -> tryClaim(id, worker, leaseSeconds)));
        if (claimed.isPresent()) {
          return claimed;
        }
        continue;
      }
      for (long id : candidates) {
        Optional<TaskView> claimed = tx.write(() -> tryClaim(id, worker, leaseSeconds));
        if (claimed.isPresent()) {
          return claimed;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * PostgreSQL: locks the first candidate that is still claimable, skipping rows another
   * claimer holds, so concurrent claimers (on any instance) spread over the queue instead of
   * queueing on one row.
   */
  private Optional<Long> lockFirstClaimable(List<Long> candidates) {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return tx.jdbc(c -> {
      try (PreparedStatement s = c.prepareStatement("select t.id from tasks t where t.id = any(?)"
          + " and t.status = 'not_started' and not exists (select 1 from task_dependencies d"
          + " join tasks p on p.id = d.depends_on_task_id where d.task_id = t.id"
          + " and d.dependency_type <> 'enhances' and p.status <> 'completed')"
          + " order by array_position(?, t.id) limit 1 for update of t skip locked")) {
        java.sql.Array ids = c.createArrayOf("bigint", candidates.toArray());
        s.setArray(1, ids);
        s.setArray(2, ids);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
      }
    });
  }

  private Optional<TaskView> tryClaim(long id, String worker, Integer leaseSeconds) {
    return tasks.transitions().claim(id, worker, leaseSeconds);
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
  static final String EXPIRED_LEASES = "select id, claimed_by from tasks where lease_expires_at < ?";

  /** Returns every task whose lease ran out to the ready queue, with a progress note saying so. */
  public int expireLeases() {
    Instant now = Instant.now();
    List<Object[]> expired = new ArrayList<>();
    db.sqlQuery(EXPIRED_LEASES)
        .setParameter(now)
        .findEachRow((rs, row) -> expired.add(new Object[] {rs.getLong(1), rs.getString(2)}));
    int returned = 0;
    for (Object[] row : expired) {
      returned += tasks.transitions().expireLease((Long) row[0], (String) row[1], now) ? 1 : 0;
    }
    return returned;
  }

  /**
   * Returns expired leases to the ready queue every second, for as long as this service runs;
   * a server starts it (a one-off command such as an import needs no sweeper). Ready and claim
   * also expire leases themselves, so a sweep never decides what they answer.
   */
  public synchronized void startLeaseSweeper() {
    if (sweeper != null) {
      return;
    }
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "lease-sweeper");
      thread.setDaemon(true);
      return thread;
    });
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, 1, 1, TimeUnit.SECONDS);
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

  /** The plan's timeline for people: at most {@code maxBars} bars, earliest first, and the waves. */
  public TimelineView timeline(Integer maxParallel, int maxBars) {
    int parallel = maxParallel == null ? DEFAULT_PARALLEL : maxParallel;
    PlanView waves = plan(parallel);
    Planner.CriticalPath path = Planner.criticalPath(graph(), false);
    List<Planner.Timing> shown = path.all().stream()
        .sorted(java.util.Comparator.comparingDouble(Planner.Timing::earliestStart).thenComparingLong(Planner.Timing::id))
        .limit(maxBars).toList();
    Map<Long, String> titles = titles(shown.stream().map(Planner.Timing::id).toList());
    List<TimelineBar> bars = shown.stream()
        .map(t -> new TimelineBar(t.id(), titles.get(t.id()), round2(t.earliestStart()), t.hours(), round2(t.slack()),
            t.critical()))
        .toList();
    return new TimelineView(round2(path.totalHours()), parallel, waves.makespanHours(), path.all().size(), bars,
        waves.waves());
  }

  static double round2(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  @Override
  public synchronized void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
      try {
        // a sweep under way finishes before the caller closes the database under it
        if (!sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("The lease sweep did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
