package tracker.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.ebean.Database;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import tracker.core.Actor;
import tracker.core.Numbers;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.Scenario;
import tracker.graph.Forecast;
import tracker.graph.PlanGraph;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.PlanGraph.Node;
import tracker.plan.ForecastService.Basis;
import tracker.plan.ForecastService.Figure;
import tracker.plan.ForecastService.Remaining;

/**
 * What-if drafts: a named set of changes to the plan (a task delayed, a range changed, a
 * dependency added or removed, another parallelism) that changes nothing live, forecast side by
 * side with the live plan under the same runs and seed (common random numbers, so a difference
 * is the change's, not the dice's).
 */
public final class ScenarioService {

  public static final String DELAY = "delay";
  public static final String ESTIMATE = "estimate";
  public static final String ADD_DEPENDENCY = "add_dependency";
  public static final String REMOVE_DEPENDENCY = "remove_dependency";
  public static final List<String> TYPES = List.of(DELAY, ESTIMATE, ADD_DEPENDENCY, REMOVE_DEPENDENCY);
  public static final int MOST_CHANGES = 50;
  /** Scenarios compared at once (each is a whole forecast). */
  public static final int MOST_COMPARED = 10;
  /** A task critical in at least this share of a forecast's runs counts as critical there. */
  static final double CRITICAL_SHARE = 0.5;

  /** One change of a scenario; which fields it takes depends on its type. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Change(String type, Long taskId, Double delayHours, Double optimisticHours, Double timeEstimateHours,
      Double pessimisticHours, Long dependsOnTaskId) {

    /** For people: "delay #3 by 8 h". */
    public String describe() {
      return switch (type) {
        case DELAY -> "#" + taskId + (delayHours >= 0 ? " takes " + Numbers.hoursText(delayHours) + " h longer"
            : " takes " + Numbers.hoursText(-delayHours) + " h less");
        case ESTIMATE -> "#" + taskId + " estimated at " + (optimisticHours == null ? "" : Numbers.hoursText(optimisticHours)
            + " / ") + (timeEstimateHours == null ? "its likely hours" : Numbers.hoursText(timeEstimateHours))
            + (pessimisticHours == null ? "" : " / " + Numbers.hoursText(pessimisticHours)) + " h";
        case ADD_DEPENDENCY -> "#" + taskId + " waits for #" + dependsOnTaskId;
        default -> "#" + taskId + " no longer waits for #" + dependsOnTaskId;
      };
    }
  }

  public record ScenarioDraft(String name,
      @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.SET) Integer maxParallel,
      List<Change> changes) {}

  public record ScenarioView(long id, String name, Integer maxParallel, List<Change> changes, String createdBy,
      Instant createdAt) {}

  /** A change the live plan no longer allows (its task completed or deleted, a dependency gone or cyclic). */
  public record Skipped(int change, String reason) {}

  /** One side of a comparison: the live plan (no scenario id) or a scenario, forecast alike. */
  public record Outcome(Long scenarioId, String name, List<Change> changes, int maxParallel, double deterministicHours,
      LocalDate deterministicDate, double p50Hours, LocalDate p50Date, double p85Hours, LocalDate p85Date,
      Double targetProbability, List<Figure> critical, List<Figure> becameCritical, List<Figure> noLongerCritical,
      List<Skipped> skipped) {}

  public record Comparison(int runs, long seed, LocalDate target, Outcome live, List<Outcome> scenarios) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final String SCENARIOS = "scenarios";

  private final Database db;
  private final Transactions tx;
  private final ForecastService forecast;

  public ScenarioService(Database db, Transactions tx, ForecastService forecast) {
    this.db = db;
    this.tx = tx;
    this.forecast = forecast;
  }

  public List<ScenarioView> list() {
    return db.find(Scenario.class).orderBy("id").findList().stream().map(ScenarioService::view).toList();
  }

  public ScenarioView get(long id) {
    return view(find(id));
  }

  private Scenario find(long id) {
    Scenario scenario = db.find(Scenario.class, id);
    if (scenario == null) {
      throw TrackerException.notFound("Scenario", id);
    }
    return scenario;
  }

  /** A new draft; 422 naming each bad field (a cycle among its dependencies too), 409 for a taken name. */
  public ScenarioView create(ScenarioDraft draft) {
    Rules rules = new Rules();
    String name = rules.required(TextField.SCENARIO_NAME, draft.name());
    rules.range("max_parallel", draft.maxParallel(), 1, 50);
    List<Change> changes = draft.changes() == null ? List.of() : draft.changes();
    if (changes.size() > MOST_CHANGES) {
      rules.add("changes", "at most " + MOST_CHANGES + " changes, not " + changes.size());
    } else if (changes.isEmpty() && draft.maxParallel() == null) {
      rules.add("changes", "a scenario changes something: give changes, max_parallel or both");
    }
    rules.check();
    Basis live = forecast.live();
    for (int i = 0; i < changes.size(); i++) {
      check(rules.under("changes[" + i + "]."), changes.get(i), live);
    }
    rules.check();
    Applied applied = apply(live, changes);
    if (!applied.skipped().isEmpty()) {
      applied.skipped().forEach(s -> rules.add("changes[" + s.change() + "]", s.reason()));
      rules.check();
    }
    String stored;
    try {
      stored = JSON.writeValueAsString(changes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return tx.write(() -> {
      tx.serialize(SCENARIOS); // names unique ignoring case: a rule over all rows
      String key = tracker.core.Names.sameKey(name);
      db.find(Scenario.class).findList().stream().filter(other -> tracker.core.Names.sameKey(other.getName()).equals(key)).findFirst()
          .ifPresent(same -> {
            throw TrackerException.conflict("name", "there is already a scenario named " + same.getName());
          });
      Scenario scenario = new Scenario();
      scenario.setName(name.strip());
      scenario.setMaxParallel(draft.maxParallel());
      scenario.setChanges(stored);
      scenario.setCreatedBy(Actor.current());
      db.save(scenario);
      return view(scenario);
    });
  }

  public void delete(long id) {
    tx.write(() -> {
      db.delete(find(id));
    });
  }

  /** A change's own fields: its type, its task, the values its type takes and no others. */
  private static void check(Rules rules, Change change, Basis live) {
    if (change.type() == null || !TYPES.contains(change.type())) {
      rules.add("type", "must be one of " + String.join(", ", TYPES)
          + (change.type() == null ? "" : ", not " + Rules.quote(change.type())));
      return;
    }
    if (change.taskId() == null) {
      rules.add("task_id", "is required");
    } else if (live.graph().node(change.taskId()) == null) {
      rules.add("task_id", "there is no task " + change.taskId());
    }
    boolean dependency = change.type().equals(ADD_DEPENDENCY) || change.type().equals(REMOVE_DEPENDENCY);
    only(rules, "delay_hours", change.delayHours(), change.type().equals(DELAY));
    only(rules, "depends_on_task_id", change.dependsOnTaskId(), dependency);
    boolean estimate = change.type().equals(ESTIMATE);
    only(rules, "optimistic_hours", change.optimisticHours(), estimate);
    only(rules, "time_estimate_hours", change.timeEstimateHours(), estimate);
    only(rules, "pessimistic_hours", change.pessimisticHours(), estimate);
    switch (change.type()) {
      case DELAY -> {
        if (change.delayHours() == null) {
          rules.add("delay_hours", "is required");
        } else if (change.delayHours() == 0) {
          rules.add("delay_hours", "must not be 0: a delay of no hours changes nothing");
        }
        rules.range(NumberField.DELAY_HOURS, change.delayHours());
      }
      case ESTIMATE -> {
        if (change.optimisticHours() == null && change.timeEstimateHours() == null && change.pessimisticHours() == null) {
          rules.add("time_estimate_hours", "give at least one of optimistic_hours, time_estimate_hours, pessimistic_hours");
        }
        rules.range(NumberField.OPTIMISTIC_HOURS, change.optimisticHours());
        rules.range(NumberField.HOURS, change.timeEstimateHours());
        rules.range(NumberField.PESSIMISTIC_HOURS, change.pessimisticHours());
      }
      default -> {
        if (change.dependsOnTaskId() == null) {
          rules.add("depends_on_task_id", "is required");
        } else if (live.graph().node(change.dependsOnTaskId()) == null) {
          rules.add("depends_on_task_id", "there is no task " + change.dependsOnTaskId());
        } else if (change.dependsOnTaskId().equals(change.taskId())) {
          rules.add("depends_on_task_id", "a task cannot wait for itself");
        }
      }
    }
  }

  private static void only(Rules rules, String field, Object value, boolean allowed) {
    if (value != null && !allowed) {
      rules.add(field, "does not go with this change's type");
    }
  }

  /** The live plan with a scenario's changes, and the changes it could not take. */
  record Applied(Basis basis, List<Skipped> skipped) {}

  /**
   * Applies the changes in order to a copy of the live plan: a delay adds hours to all three
   * points of the remaining work, an estimate replaces the points it names, a dependency is
   * added (unless it would close a cycle) or removed. What no longer applies is skipped, named.
   */
  static Applied apply(Basis live, List<Change> changes) {
    Map<Long, Node> nodes = new HashMap<>();
    live.graph().nodes().forEach(n -> nodes.put(n.id(), n));
    Map<Long, Remaining> remaining = new HashMap<>(live.remaining());
    Set<Edge> edges = new LinkedHashSet<>(live.graph().edges());
    List<Skipped> skipped = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      String problem = applyOne(change, nodes, remaining, edges);
      if (problem != null) {
        skipped.add(new Skipped(i, problem));
      }
    }
    return new Applied(new Basis(new PlanGraph(List.copyOf(nodes.values()), List.copyOf(edges)), remaining), skipped);
  }

  private static String applyOne(Change change, Map<Long, Node> nodes, Map<Long, Remaining> remaining, Set<Edge> edges) {
    long id = change.taskId();
    if (!nodes.containsKey(id)) {
      return "task " + id + " no longer exists";
    }
    switch (change.type()) {
      case DELAY, ESTIMATE -> {
        Remaining task = remaining.get(id);
        if (task == null) {
          return "task " + id + " is completed: its hours no longer count";
        }
        Remaining changed;
        if (change.type().equals(DELAY)) {
          changed = task.delayed(change.delayHours());
        } else {
          double likely = change.timeEstimateHours() != null ? change.timeEstimateHours() : task.likely();
          Double optimistic = change.optimisticHours() != null ? change.optimisticHours() : task.optimistic();
          Double pessimistic = change.pessimisticHours() != null ? change.pessimisticHours() : task.pessimistic();
          if (optimistic != null && optimistic > likely || pessimistic != null && pessimistic < likely) {
            return "the range of task " + id + " would be out of order (optimistic " + hours(optimistic) + ", likely "
                + hours(likely) + ", pessimistic " + hours(pessimistic) + ")";
          }
          changed = task.withPoints(likely, optimistic, pessimistic);
        }
        remaining.put(id, changed);
        Node n = nodes.get(id);
        nodes.put(id, new Node(id, changed.likely() + changed.delay(), n.status(), n.priorityRank(), n.componentArea(),
            n.parentId()));
        return null;
      }
      default -> {
        long other = change.dependsOnTaskId();
        if (!nodes.containsKey(other)) {
          return "task " + other + " no longer exists";
        }
        Edge edge = new Edge(id, other);
        if (change.type().equals(REMOVE_DEPENDENCY)) {
          return edges.remove(edge) ? null : "task " + id + " does not wait for task " + other
              + " (no blocks or requires dependency)";
        }
        if (edges.contains(edge)) {
          return "task " + id + " already waits for task " + other;
        }
        List<Long> path = path(edges, id, other);
        if (path != null) {
          return "would close a cycle: " + String.join(" → ", path.stream().map(t -> "#" + t).toList()) + " → #"
              + id;
        }
        edges.add(edge);
        return null;
      }
    }
  }

  private static String hours(Double value) {
    return value == null ? "by complexity" : Numbers.hoursText(value);
  }

  /**
   * The tasks from {@code from} to {@code to} along "is waited for by" (prerequisite to
   * dependent), or null: if {@code to} already waits on {@code from}, making {@code from} wait on
   * {@code to} closes a cycle.
   */
  private static List<Long> path(Set<Edge> edges, long from, long to) {
    Map<Long, List<Long>> dependents = new HashMap<>();
    edges.forEach(e -> dependents.computeIfAbsent(e.prerequisite(), k -> new ArrayList<>()).add(e.task()));
    Map<Long, Long> cameFrom = new HashMap<>();
    ArrayDeque<Long> queue = new ArrayDeque<>(List.of(from));
    Set<Long> seen = new HashSet<>(List.of(from));
    while (!queue.isEmpty()) {
      long at = queue.poll();
      if (at == to) {
        List<Long> path = new ArrayList<>();
        for (Long step = to; step != null; step = cameFrom.get(step)) {
          path.add(0, step);
        }
        return path;
      }
      for (long next : dependents.getOrDefault(at, List.of())) {
        if (seen.add(next)) {
          cameFrom.put(next, at);
          queue.add(next);
        }
      }
    }
    return null;
  }

  /**
   * {@code GET /api/scenarios/compare}: the live plan and the scenarios named in {@code idsParam}
   * (comma-separated; without it the first {@link #MOST_COMPARED}), each forecast with the same
   * runs, seed and target.
   */
  public Comparison compare(String idsParam, String runsParam, String parallelParam, String targetParam,
      String seedParam) {
    return kept(scenarios(idsParam), runsParam, parallelParam, targetParam, seedParam);
  }

  /**
   * The scenarios named in {@code idsParam} (without it the first {@link #MOST_COMPARED}) against
   * the live plan, at most {@code mostRuns} runs each (fewer on big plans).
   */
  public Comparison overview(String idsParam, int mostRuns) {
    List<Scenario> scenarios = scenarios(idsParam);
    return kept(scenarios, String.valueOf(overviewRuns(scenarios, mostRuns)), null, null, null);
  }

  /**
   * As {@link #overview}, when it is at hand: kept since the last change, or small enough to compute
   * within a page's answer ({@link #QUICK_DRAWS}); else empty, and a page loads it after itself.
   */
  public java.util.Optional<Comparison> quickOverview(String idsParam, int mostRuns) {
    List<Scenario> scenarios = scenarios(idsParam);
    int runs = overviewRuns(scenarios, mostRuns);
    Key key = key(scenarios, String.valueOf(runs), null, null, null);
    CompletableFuture<Comparison> known;
    synchronized (comparisons) {
      known = comparisons.get(key);
    }
    boolean quick = (long) runs * forecast.live().graph().size() * (scenarios.size() + 1) <= QUICK_DRAWS;
    if (known != null && known.isDone() && !known.isCompletedExceptionally() || quick) {
      return java.util.Optional.of(kept(scenarios, String.valueOf(runs), null, null, null));
    }
    return java.util.Optional.empty();
  }

  /** Draws (tasks × runs over every column) a page computes before it answers: about a tenth of a second. */
  static final long QUICK_DRAWS = 1_000_000;

  private int overviewRuns(List<Scenario> scenarios, int mostRuns) {
    return Math.min(mostRuns, ForecastService.defaultRuns(forecast.live().graph().size() * (scenarios.size() + 1)));
  }

  /** What a comparison depends on: the database's state, the scenarios' contents, the day and the parameters. */
  private record Key(tracker.activity.ChangeStamp stamp, LocalDate today, List<String> scenarios, String runs,
      String parallel, String target, String seed) {}

  /** The comparisons of the latest state, shared by every viewer and refresh until something changes. */
  private final Map<Key, CompletableFuture<Comparison>> comparisons = new java.util.LinkedHashMap<>();
  private static final int KEPT_COMPARISONS = 8;

  private Key key(List<Scenario> scenarios, String runsParam, String parallelParam, String targetParam,
      String seedParam) {
    return new Key(forecast.stamp(), LocalDate.now(java.time.ZoneOffset.UTC), scenarios.stream()
        .map(s -> s.getId() + ":" + s.getMaxParallel() + ":" + s.getChanges()).toList(), runsParam, parallelParam,
        targetParam, seedParam);
  }

  /** The comparison, computed once per key: a request that asks while it is computed waits for it. */
  private Comparison kept(List<Scenario> scenarios, String runsParam, String parallelParam, String targetParam,
      String seedParam) {
    Key key = key(scenarios, runsParam, parallelParam, targetParam, seedParam);
    CompletableFuture<Comparison> mine = new CompletableFuture<>();
    CompletableFuture<Comparison> known;
    synchronized (comparisons) {
      comparisons.keySet().removeIf(other -> !other.stamp().equals(key.stamp()) || !other.today().equals(key.today()));
      known = comparisons.putIfAbsent(key, mine);
      if (known == null && comparisons.size() > KEPT_COMPARISONS) {
        comparisons.remove(comparisons.keySet().iterator().next());
      }
    }
    if (known != null) {
      try {
        return known.join();
      } catch (java.util.concurrent.CompletionException failed) {
        if (failed.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw failed;
      }
    }
    try {
      Comparison comparison = compare(scenarios, forecast.live(), runsParam, parallelParam, targetParam, seedParam);
      mine.complete(comparison);
      return comparison;
    } catch (RuntimeException failed) {
      synchronized (comparisons) {
        comparisons.remove(key, mine);
      }
      mine.completeExceptionally(failed);
      throw failed;
    }
  }

  private Comparison compare(List<Scenario> scenarios, Basis live, String runsParam, String parallelParam,
      String targetParam, String seedParam) {
    ForecastService.Params params = forecast.params(runsParam, parallelParam, targetParam, seedParam, null,
        live.graph().size() * (scenarios.size() + 1));
    ForecastService.Run liveRun = forecast.run(live, params, Set.of());
    Set<Long> liveCritical = critical(liveRun);
    Outcome liveOutcome = outcome(null, "Live plan", List.of(), liveRun, liveCritical, liveCritical, List.of(), live);
    List<Outcome> outcomes = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      List<Change> changes = changesOf(scenario);
      Applied applied = apply(live, changes);
      ForecastService.Params own = scenario.getMaxParallel() == null ? params : new ForecastService.Params(
          params.runs(), scenario.getMaxParallel(), params.seed(), params.target(), params.learn());
      ForecastService.Run run = forecast.run(applied.basis(), own, Set.of());
      outcomes.add(outcome(scenario.getId(), scenario.getName(), changes, run, critical(run), liveCritical, applied.skipped(),
          applied.basis()));
    }
    return new Comparison(params.runs(), params.seed(), params.target(), liveOutcome, outcomes);
  }

  private List<Scenario> scenarios(String idsParam) {
    if (idsParam == null || idsParam.isBlank()) {
      return db.find(Scenario.class).orderBy("id").setMaxRows(MOST_COMPARED).findList();
    }
    Set<Long> ids = new TreeSet<>();
    for (String part : idsParam.split(",", -1)) {
      Long id = Numbers.whole(part.strip());
      if (id == null || id < 1) {
        throw TrackerException.badRequest("ids must be scenario ids separated by commas",
            List.of(new tracker.core.FieldError("ids", "must be scenario ids separated by commas, not "
                + Rules.quote(idsParam))));
      }
      ids.add(id);
    }
    if (ids.size() > MOST_COMPARED) {
      throw TrackerException.badRequest("at most " + MOST_COMPARED + " scenarios at once",
          List.of(new tracker.core.FieldError("ids", "at most " + MOST_COMPARED + " scenarios at once")));
    }
    List<Scenario> found = new ArrayList<>();
    for (long id : ids) {
      found.add(find(id));
    }
    return found;
  }

  private static Set<Long> critical(ForecastService.Run run) {
    Set<Long> ids = new LinkedHashSet<>();
    run.result().tasks().stream().filter(f -> f.criticality() >= CRITICAL_SHARE).forEach(f -> ids.add(f.id()));
    return ids;
  }

  private static Outcome outcome(Long id, String name, List<Change> changes, ForecastService.Run run, Set<Long> critical,
      Set<Long> liveCritical, List<Skipped> skipped, Basis basis) {
    ForecastService.ForecastView view = run.view();
    Map<Long, Double> share = new HashMap<>();
    run.result().tasks().forEach(f -> share.put(f.id(), f.criticality()));
    Set<Long> became = new LinkedHashSet<>(critical);
    became.removeAll(liveCritical);
    Set<Long> left = new LinkedHashSet<>(liveCritical);
    left.removeAll(critical);
    ForecastService.Point p50 = view.percentiles().get(1);
    ForecastService.Point p85 = view.percentiles().get(2);
    return new Outcome(id, name, changes, view.maxParallel(), view.deterministicHours(), view.deterministicDate(), p50.hours(),
        p50.date(), p85.hours(), p85.date(), view.target() == null ? null : view.target().probability(),
        figures(critical, share, basis), figures(became, share, basis), figures(left, share, basis), skipped);
  }

  private static List<Figure> figures(Set<Long> ids, Map<Long, Double> share, Basis basis) {
    return ids.stream().filter(basis.remaining()::containsKey)
        .map(t -> new Figure(t, basis.remaining().get(t).title(), Math.round(share.getOrDefault(t, 0.0) * 1000) / 1000.0))
        .sorted(java.util.Comparator.comparingDouble(Figure::value).reversed().thenComparingLong(Figure::taskId))
        .limit(20).toList();
  }

  private static List<Change> changesOf(Scenario scenario) {
    try {
      return JSON.readValue(scenario.getChanges(), new TypeReference<List<Change>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("scenario " + scenario.getId() + " holds changes that do not read", e);
    }
  }

  private static ScenarioView view(Scenario scenario) {
    return new ScenarioView(scenario.getId(), scenario.getName(), scenario.getMaxParallel(), changesOf(scenario),
        scenario.getCreatedBy(), scenario.getCreatedAt());
  }
}
