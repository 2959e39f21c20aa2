package tracker.plan;

import io.ebean.Database;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.activity.ChangeStamp;
import tracker.core.Numbers;
import tracker.core.Rules;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.Complexity;
import tracker.domain.Setting;
import tracker.domain.Task;
import tracker.graph.Forecast;
import tracker.graph.Forecast.Estimate;
import tracker.graph.Forecast.TaskFigure;
import tracker.graph.PlanGraph;
import tracker.graph.WorkCalendar;

/**
 * When will it really be done: the plan's calendar (settings shared by every instance) and the
 * Monte Carlo forecast over the live plan, each remaining task ranged by its own optimistic and
 * pessimistic hours or, without them, by the spread of its complexity.
 */
public final class ForecastService {

  /** A range as factors of the likely hours. */
  public record Spread(double optimistic, double pessimistic) {}

  /** Without a task's own range: Simple 0.8–1.3×, Medium 0.7–1.6×, Complex 0.6–2×, Expert 0.5–2.5× its estimate. */
  public static final Map<Complexity, Spread> DEFAULT_SPREAD = new EnumMap<>(Map.of(
      Complexity.SIMPLE, new Spread(0.8, 1.3), Complexity.MEDIUM, new Spread(0.7, 1.6),
      Complexity.COMPLEX, new Spread(0.6, 2.0), Complexity.EXPERT, new Spread(0.5, 2.5)));

  public static final int DEFAULT_RUNS = 10_000;
  /** Without a runs parameter, big plans get fewer runs: at most this many task draws in all. */
  private static final long DEFAULT_DRAWS = 20_000_000;
  /** The most task draws a forecast (or a comparison, over all its columns) may ask for: a read must not hold the CPU for long. */
  private static final long MOST_DRAWS = 30_000_000;
  /** Forecasts use every core: one runs at a time, the next waits this long for it, then is told to come back. */
  private static final int WAIT_SECONDS = 10;
  private final java.util.concurrent.Semaphore simulating = new java.util.concurrent.Semaphore(1, true);
  public static final int DEFAULT_PARALLEL = 5;
  public static final int MIN_RUNS = 100;
  private static final int TOP = 20;
  private static final int BINS = 20;

  public record CalendarView(LocalDate startDate, double hoursPerDay, int daysPerWeek) {}

  /** A change of the calendar; a start date sent as null clears it (remaining work then starts today). */
  public record CalendarDraft(@com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.SET)
      String startDate, Double hoursPerDay, Integer daysPerWeek) {}

  public record Point(int percent, double hours, LocalDate date) {}

  public record Bin(double fromHours, double toHours, int runs) {}

  public record Figure(long taskId, String title, double value) {}

  public record Target(LocalDate date, double hours, double probability) {}

  public record ForecastView(int runs, long seed, int maxParallel, double deterministicHours, LocalDate deterministicDate,
      double meanHours, List<Point> percentiles, Target target, List<Bin> histogram, List<Figure> criticality,
      List<Figure> sensitivity, CalendarView calendar, int rangedTasks, int tasksRangedByComplexity,
      Learning learning, int blockedTasks, List<String> warnings) {}

  /** What the history taught: per component, actual working hours over estimated ones, from how many tasks. */
  public record Learning(int tasks, List<ComponentRatio> components) {}

  public record ComponentRatio(String componentArea, double ratio, int tasks) {}

  /** A learnt ratio is kept within these bounds: a few odd tasks must not make the plan 40 times longer. */
  static final double LEAST_RATIO = 0.25;
  /** A component's ratio is learnt from at least this many completed tasks: one odd task is not a history. */
  static final int LEAST_TASKS_LEARNT = 3;
  static final double MOST_RATIO = 4;

  private final Database db;
  private final Transactions tx;
  private final PlanService plan;

  public ForecastService(Database db, Transactions tx, PlanService plan) {
    this.db = db;
    this.tx = tx;
    this.plan = plan;
  }

  // ---- the calendar ----

  private static final String START = "calendar.start_date";
  private static final String HOURS_PER_DAY = "calendar.hours_per_day";
  private static final String DAYS_PER_WEEK = "calendar.days_per_week";

  /** The calendar; without a start date of its own the plan starts today. */
  public CalendarView calendar() {
    Map<String, String> values = new HashMap<>();
    db.find(Setting.class).where().startsWith("name", "calendar.").findList()
        .forEach(s -> values.put(s.getName(), s.getValue()));
    return new CalendarView(values.containsKey(START) ? LocalDate.parse(values.get(START)) : null,
        values.containsKey(HOURS_PER_DAY) ? Double.parseDouble(values.get(HOURS_PER_DAY)) : 8,
        values.containsKey(DAYS_PER_WEEK) ? Integer.parseInt(values.get(DAYS_PER_WEEK)) : 5);
  }

  /** Changes the calendar; the fields not sent stay. */
  public CalendarView setCalendar(CalendarDraft draft) {
    return setCalendar(draft, false);
  }

  /** As above; {@code clearStart}: the plan has no start date of its own any more. */
  public CalendarView setCalendar(CalendarDraft draft, boolean clearStart) {
    Rules rules = new Rules();
    LocalDate start = null;
    if (draft.startDate() != null) {
      try {
        start = tracker.core.Times.date(draft.startDate());
        if (start.getYear() < 2000 || start.getYear() > 9000) {
          rules.add("start_date", "must be in the years 2000 to 9000, not " + start);
        }
      } catch (DateTimeParseException e) {
        rules.add("start_date", "must be a date like 2027-01-31, not " + Rules.quote(draft.startDate()));
      }
    }
    rules.range("hours_per_day", draft.hoursPerDay(), 0.5, 24);
    rules.range("days_per_week", draft.daysPerWeek(), 1, 7);
    rules.check();
    LocalDate startDate = start;
    tx.write(() -> {
      if (clearStart && startDate == null) {
        db.find(Setting.class).where().eq("name", START).delete();
      }
      put(START, startDate == null ? null : startDate.toString());
      put(HOURS_PER_DAY, draft.hoursPerDay() == null ? null : String.valueOf(Numbers.hours(draft.hoursPerDay())));
      put(DAYS_PER_WEEK, draft.daysPerWeek() == null ? null : String.valueOf(draft.daysPerWeek()));
    });
    return calendar();
  }

  private void put(String name, String value) {
    if (value == null) {
      return;
    }
    Setting setting = db.find(Setting.class, name);
    if (setting == null) {
      setting = new Setting();
      setting.setName(name);
      setting.setValue(value);
      db.insert(setting);
    } else {
      setting.setValue(value);
      db.update(setting);
    }
  }

  /** Working time from the later of the plan's start and today: remaining work cannot start in the past. */
  public WorkCalendar workCalendar() {
    CalendarView view = calendar();
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    LocalDate start = view.startDate() == null || view.startDate().isBefore(today) ? today : view.startDate();
    return new WorkCalendar(start, view.hoursPerDay(), view.daysPerWeek());
  }

  // ---- the ranges by complexity ----

  private static final String SPREAD = "spread.";

  /** Each complexity's range, as factors of the likely hours (a task without a range of its own). */
  public record SpreadView(Spread simple, Spread medium, Spread complex, Spread expert) {

    Spread of(Complexity complexity) {
      return switch (complexity) {
        case SIMPLE -> simple;
        case COMPLEX -> complex;
        case EXPERT -> expert;
        default -> medium;
      };
    }
  }

  /** A change of one complexity's range; the factor not sent stays. */
  public record SpreadChange(Double optimistic, Double pessimistic) {}

  public record SpreadDraft(SpreadChange simple, SpreadChange medium, SpreadChange complex, SpreadChange expert) {}

  /** The spreads in use: those set on the server, else {@link #DEFAULT_SPREAD}. */
  public SpreadView spread() {
    Map<String, String> values = new HashMap<>();
    db.find(Setting.class).where().startsWith("name", SPREAD).findList()
        .forEach(setting -> values.put(setting.getName(), setting.getValue()));
    Map<Complexity, Spread> spread = new EnumMap<>(DEFAULT_SPREAD);
    values.forEach((name, value) -> {
      String[] factors = value.split(":");
      spread.put(Complexity.valueOf(name.substring(SPREAD.length()).toUpperCase(java.util.Locale.ROOT)),
          new Spread(Double.parseDouble(factors[0]), Double.parseDouble(factors[1])));
    });
    return new SpreadView(spread.get(Complexity.SIMPLE), spread.get(Complexity.MEDIUM), spread.get(Complexity.COMPLEX),
        spread.get(Complexity.EXPERT));
  }

  /** Changes some complexities' ranges: optimistic 0.05 to 1, pessimistic 1 to 10 times the likely hours. */
  public SpreadView setSpread(SpreadDraft draft) {
    SpreadView now = spread();
    Rules rules = new Rules();
    Map<Complexity, SpreadChange> changes = new EnumMap<>(Complexity.class);
    if (draft.simple() != null) {
      changes.put(Complexity.SIMPLE, draft.simple());
    }
    if (draft.medium() != null) {
      changes.put(Complexity.MEDIUM, draft.medium());
    }
    if (draft.complex() != null) {
      changes.put(Complexity.COMPLEX, draft.complex());
    }
    if (draft.expert() != null) {
      changes.put(Complexity.EXPERT, draft.expert());
    }
    Map<Complexity, Spread> next = new EnumMap<>(Complexity.class);
    changes.forEach((level, change) -> {
      String field = level.name().toLowerCase(java.util.Locale.ROOT) + ".";
      rules.range(field + "optimistic", change.optimistic(), 0.05, 1);
      rules.range(field + "pessimistic", change.pessimistic(), 1, 10);
      Spread old = now.of(level);
      next.put(level, new Spread(change.optimistic() != null ? change.optimistic() : old.optimistic(),
          change.pessimistic() != null ? change.pessimistic() : old.pessimistic()));
    });
    rules.check();
    tx.write(() -> next.forEach((level, spread) -> put(SPREAD + level.name().toLowerCase(java.util.Locale.ROOT),
        Numbers.hours(spread.optimistic()) + ":" + Numbers.hours(spread.pessimistic()))));
    return spread();
  }

  // ---- the forecast ----

  /** A forecast's parameters, checked. */
  record Params(int runs, int parallel, long seed, LocalDate target, boolean learn) {}

  /** {@code GET /api/forecast}'s parameters as given; malformed ones are a 400 naming each. */
  public ForecastView forecast(String runsParam, String parallelParam, String targetParam, String seedParam) {
    return forecast(runsParam, parallelParam, targetParam, seedParam, null);
  }

  /** As above; {@code learnParam} "true" scales the remaining estimates by what the history taught. */
  public ForecastView forecast(String runsParam, String parallelParam, String targetParam, String seedParam,
      String learnParam) {
    Basis live = live();
    return run(live, params(runsParam, parallelParam, targetParam, seedParam, learnParam, live.graph().size()),
        Set.of()).view();
  }

  Params params(String runsParam, String parallelParam, String targetParam, String seedParam, String learnParam,
      int tasks) {
    Rules rules = new Rules();
    boolean learn = "true".equals(learnParam);
    if (learnParam != null && !learn && !"false".equals(learnParam)) {
      rules.add("learn", "must be true or false");
    }
    int mostRuns = (int) Math.max(MIN_RUNS, Math.min(Forecast.MAX_RUNS, MOST_DRAWS / Math.max(1, tasks)));
    int runs = rules.whole("runs", runsParam, MIN_RUNS, mostRuns, defaultRuns(tasks));
    int parallel = rules.whole("max_parallel", parallelParam, 1, 50, DEFAULT_PARALLEL);
    long seed = seedParam == null ? 1 : wholeLong(rules, "seed", seedParam);
    LocalDate target = null;
    if (targetParam != null && !targetParam.isBlank()) {
      try {
        target = tracker.core.Times.date(targetParam);
      } catch (DateTimeParseException e) {
        rules.add("target", "must be a date like 2027-03-15, not " + Rules.quote(targetParam));
      }
    }
    rules.checkAsBadRequest("Invalid query parameters");
    return new Params(runs, parallel, seed, target, learn);
  }

  /** The plan a forecast runs over: its graph and each not-completed task's remaining work. */
  record Basis(PlanGraph graph, Map<Long, Remaining> remaining) {}

  private record KeptBasis(ChangeStamp stamp, Basis basis) {}

  private volatile KeptBasis kept;

  /** The live plan's basis, read again only when something was written since (the remaining work takes a while at 100k tasks). */
  Basis live() {
    ChangeStamp stamp = plan.stamp();
    KeptBasis known = kept;
    if (known != null && known.stamp().equals(stamp)) {
      return known.basis();
    }
    PlanGraph graph = plan.graph();
    Basis basis = new Basis(graph, remainingWork());
    kept = new KeptBasis(stamp, basis);
    return basis;
  }

  /** Where the database stands: what is computed from it stays current while this stays the same. */
  tracker.activity.ChangeStamp stamp() {
    return plan.stamp();
  }

  /** A forecast, with the simulation and the estimates behind it. */
  record Run(ForecastView view, Forecast.Result result, Estimate[] estimates) {}

  /** Simulates {@code basis} with {@code params}; the {@code tracked} tasks' finishes are kept for each run. */
  Run run(Basis basis, Params params, Set<Long> tracked) {
    PlanGraph graph = basis.graph();
    Map<Long, Remaining> remaining = basis.remaining();
    WorkCalendar calendar = workCalendar();
    Learning learning = params.learn() ? learnt(calendar) : null;
    Estimate[] estimates = estimates(basis, learning, spread());
    int ranged = (int) remaining.values().stream().filter(t -> t.optimistic() != null || t.pessimistic() != null)
        .count();
    int blocked = (int) remaining.values().stream().filter(t -> "blocked".equals(t.status())).count();
    Forecast.Result result = simulate(graph, estimates, params, tracked);
    List<Point> points = new ArrayList<>();
    for (int p : new int[] {10, 50, 85, 95}) {
      double hours = rounded(result.percentile(p / 100.0));
      points.add(new Point(p, hours, calendar.dateAfter(hours)));
    }
    LocalDate target = params.target();
    Target meeting = target == null ? null : new Target(target, calendar.hoursUntilEndOf(target),
        result.probabilityWithin(calendar.hoursUntilEndOf(target)));
    List<String> warnings = blocked == 0 ? List.of() : List.of(blocked + (blocked == 1 ? " task is" : " tasks are")
        + " blocked and forecast as if unblocked after the first task is done: the dates slip for as long as "
        + (blocked == 1 ? "it stays" : "they stay") + " blocked");
    ForecastView view = new ForecastView(params.runs(), params.seed(), params.parallel(),
        rounded(result.deterministic()), calendar.dateAfter(result.deterministic()), rounded(result.mean()), points,
        meeting, histogram(result.finishes()),
        figures(result.top(Comparator.comparingDouble(TaskFigure::criticality), TOP), remaining, true),
        figures(result.top(Comparator.comparingDouble(TaskFigure::sensitivity), TOP), remaining, false),
        calendar(), ranged, remaining.size() - ranged, learning, blocked, warnings);
    return new Run(view, result, estimates);
  }

  private Forecast.Result simulate(PlanGraph graph, Estimate[] estimates, Params params, Set<Long> tracked) {
    try {
      if (!simulating.tryAcquire(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        throw TrackerException.busy("another forecast is using the processors; try again in a few seconds", 5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TrackerException.busy("the server is stopping", 5);
    }
    try {
      return Forecast.simulate(graph, estimates, params.parallel(), params.runs(), params.seed(), tracked);
    } finally {
      simulating.release();
    }
  }

  /** Each task's remaining three points (completed tasks: none), scaled by what the history taught. */
  private static Estimate[] estimates(Basis basis, Learning learning, SpreadView spread) {
    Map<String, Double> ratios = new HashMap<>();
    if (learning != null) {
      learning.components().forEach(c -> ratios.put(c.componentArea(), c.ratio()));
    }
    PlanGraph graph = basis.graph();
    Estimate[] estimates = new Estimate[graph.size()];
    for (int v = 0; v < graph.size(); v++) {
      Remaining task = basis.remaining().get(graph.idAt(v));
      estimates[v] = task == null ? new Estimate(0, 0, 0) // completed: never sampled
          : estimate(task, spread).times(ratios.getOrDefault(task.componentArea(), 1.0));
    }
    return estimates;
  }

  /** One bar of the plan's Gantt: the deterministic schedule under the limit, and the P85 finish of the runs. */
  public record GanttBar(long id, String title, double startHours, double finishHours, double p85FinishHours,
      LocalDate startDate, LocalDate finishDate, LocalDate p85Date, boolean critical) {}

  /**
   * The forecast panel's figures (null when the page did not simulate) and the Gantt's bars (the
   * first {@code bars} to start), with the finish of the schedule without ranges.
   */
  public record PlanForecast(ForecastView forecast, double deterministicHours, LocalDate deterministicDate,
      List<GanttBar> bars, int scheduledTasks, WorkCalendar calendar, List<PlanGraph.Edge> arrows,
      boolean startsToday) {

    /** The row a task's bar is drawn in, or -1. */
    public int rowOf(long taskId) {
      for (int i = 0; i < bars.size(); i++) {
        if (bars.get(i).id() == taskId) {
          return i;
        }
      }
      return -1;
    }

    /** The working day {@code hours} of work from now ends on. */
    public LocalDate dateAfter(double hours) {
      return calendar.dateAfter(hours);
    }
  }

  /** Up to this many tasks a page draws the forecast with itself; a bigger plan's loads after the page. */
  public static final int PAGE_FORECAST_TASKS = 5_000;

  /** The Plan page's forecast: {@code runs} runs (fewer on big plans) under {@code maxParallel}. */
  public PlanForecast planForecast(Integer maxParallel, String target, int runs, int bars) {
    return plan(maxParallel, target, runs, bars, true);
  }

  /**
   * The Plan page's Gantt without a simulation (no P85 whiskers, no forecast): what a big plan's
   * page draws at once, its forecast loading after it.
   */
  public PlanForecast planSchedule(Integer maxParallel, int bars) {
    return plan(maxParallel, null, MIN_RUNS, bars, false);
  }

  private PlanForecast plan(Integer maxParallel, String target, int runs, int bars, boolean simulate) {
    Basis live = live();
    Params params = params(String.valueOf(Math.min(runs, defaultRuns(live.graph().size()))),
        maxParallel == null ? null : String.valueOf(maxParallel), target, null, null, live.graph().size());
    List<Forecast.Slot> slots = Forecast.schedule(live.graph(), estimates(live, null, spread()), params.parallel());
    List<Forecast.Slot> shown = slots.subList(0, Math.min(bars, slots.size()));
    Run run = simulate
        ? run(live, params, shown.stream().map(Forecast.Slot::id).collect(java.util.stream.Collectors.toSet()))
        : null;
    WorkCalendar calendar = workCalendar();
    double makespan = slots.stream().mapToDouble(Forecast.Slot::finish).max().orElse(0);
    List<GanttBar> gantt = shown.stream().map(slot -> {
      double p85 = run == null ? slot.finish() : Math.max(slot.finish(), run.result().finishOf(slot.id(), 0.85));
      return new GanttBar(slot.id(), live.remaining().get(slot.id()).title(), rounded(slot.start()),
          rounded(slot.finish()), rounded(p85), calendar.dateAfter(slot.start()), calendar.dateAfter(slot.finish()),
          calendar.dateAfter(p85), slot.critical());
    }).toList();
    java.util.Set<Long> shownIds = gantt.stream().map(GanttBar::id).collect(java.util.stream.Collectors.toSet());
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    return new PlanForecast(run == null ? null : run.view(), rounded(makespan), calendar.dateAfter(makespan), gantt,
        slots.size(), calendar, plan.orderingEdgesAmong(shownIds), !calendar.start().isAfter(today));
  }

  /**
   * Per component, the working hours completed tasks really took (from their first move to
   * in progress to their last completion, in the history) over the hours they were estimated at.
   */
  private Learning learnt(WorkCalendar calendar) {
    Map<Long, java.time.Instant> started = new HashMap<>();
    Map<Long, java.time.Instant> completed = new HashMap<>();
    Map<Long, String> areas = new HashMap<>();
    Map<Long, Double> estimated = new HashMap<>();
    db.sqlQuery("""
            select a.task_id, a.action, a.changes, a.created_at, t.component_area, t.time_estimate_hours
              from activity a join tasks t on t.id = a.task_id
             where t.status = 'completed' and a.entity = 'task'
               and a.action in ('status_changed', 'claimed', 'updated', 'completed_with_subtasks')
             order by a.id""")
        .findEachRow((rs, row) -> {
          long task = rs.getLong("task_id");
          String to = rs.getString("action").equals("claimed") ? "in_progress" : statusTo(rs.getString("changes"));
          java.time.Instant at = rs.getTimestamp("created_at").toInstant();
          if ("in_progress".equals(to)) {
            started.putIfAbsent(task, at);
          } else if ("completed".equals(to)) {
            completed.put(task, at);
          }
          areas.put(task, rs.getString("component_area"));
          estimated.put(task, rs.getDouble("time_estimate_hours"));
        });
    Map<String, double[]> sums = new java.util.TreeMap<>(); // actual, estimated, tasks
    for (Map.Entry<Long, java.time.Instant> start : started.entrySet()) {
      java.time.Instant end = completed.get(start.getKey());
      if (end == null || !end.isAfter(start.getValue())) {
        continue;
      }
      double[] sum = sums.computeIfAbsent(areas.get(start.getKey()), a -> new double[3]);
      sum[0] += calendar.workingHoursBetween(start.getValue(), end);
      sum[1] += estimated.get(start.getKey());
      sum[2]++;
    }
    List<ComponentRatio> ratios = new ArrayList<>();
    sums.forEach((area, sum) -> {
      if (sum[2] >= LEAST_TASKS_LEARNT) {
        ratios.add(new ComponentRatio(area,
            Math.round(Math.max(LEAST_RATIO, Math.min(MOST_RATIO, sum[0] / sum[1])) * 1000) / 1000.0, (int) sum[2]));
      }
    });
    return new Learning(ratios.stream().mapToInt(ComponentRatio::tasks).sum(), ratios);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static String statusTo(String changes) {
    try {
      return changes == null ? null : JSON.readTree(changes).path("status").path("to").asText(null);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  /** Hours as an answer shows them: to the hundredth. */
  private static double rounded(double hours) {
    return Math.round(hours * 100) / 100.0;
  }

  /** 10,000 runs, or fewer on a plan so big that they would take long (at least {@link #MIN_RUNS}). */
  public static int defaultRuns(int tasks) {
    return (int) Math.max(MIN_RUNS, Math.min(DEFAULT_RUNS, DEFAULT_DRAWS / Math.max(1, tasks)));
  }

  /** What is left of a task: its three points scaled by the share not yet done. */
  record Remaining(String title, String status, String componentArea, Complexity complexity, double likely,
      Double optimistic, Double pessimistic, int progress, double delay) {

    /** The same task with other points (a scenario's). */
    Remaining withPoints(double likely, Double optimistic, Double pessimistic) {
      return new Remaining(title, status, componentArea, complexity, likely, optimistic, pessimistic, progress, delay);
    }

    /** The same task taking {@code hours} more (a scenario's delay; less when negative). */
    Remaining delayed(double hours) {
      return new Remaining(title, status, componentArea, complexity, likely, optimistic, pessimistic, progress,
          delay + hours);
    }
  }

  private Map<Long, Remaining> remainingWork() {
    Map<Long, Remaining> tasks = new HashMap<>();
    db.sqlQuery("""
            select t.id, t.title, t.complexity, t.time_estimate_hours, t.optimistic_hours, t.pessimistic_hours,
                   %s as progress_percentage,
                   t.component_area, t.status
              from tasks t where t.status <> 'completed'""".formatted(Task.progressOf("t")))
        .findEachRow((rs, row) -> {
          double low = rs.getDouble("optimistic_hours");
          Double optimistic = rs.wasNull() ? null : low; // wasNull speaks of the column read just before
          double high = rs.getDouble("pessimistic_hours");
          Double pessimistic = rs.wasNull() ? null : high;
          tasks.put(rs.getLong("id"), new Remaining(rs.getString("title"), rs.getString("status"),
              rs.getString("component_area"),
              tracker.domain.ContractValue.parse(Complexity.class, rs.getString("complexity")).orElse(Complexity.MEDIUM),
              rs.getDouble("time_estimate_hours"), optimistic, pessimistic, rs.getInt("progress_percentage"), 0));
        });
    return tasks;
  }

  private static Estimate estimate(Remaining task, SpreadView spread) {
    Spread factors = spread.of(task.complexity());
    double likely = task.likely();
    double optimistic = Math.min(likely, task.optimistic() != null ? task.optimistic() : likely * factors.optimistic());
    double pessimistic = Math.max(likely,
        task.pessimistic() != null ? task.pessimistic() : likely * factors.pessimistic());
    Estimate left = new Estimate(optimistic, likely, pessimistic).times(Math.max(0, 100 - task.progress()) / 100.0);
    double delay = task.delay(); // hours more (or fewer) of whatever is left, never below none
    return delay == 0 ? left : new Estimate(Math.max(0, left.optimistic() + delay), Math.max(0, left.likely() + delay),
        Math.max(0, left.pessimistic() + delay));
  }

  private static List<Bin> histogram(double[] sorted) {
    double low = sorted[0];
    double high = sorted[sorted.length - 1];
    if (high - low < 1e-9) {
      return List.of(new Bin(low, high, sorted.length));
    }
    double width = (high - low) / BINS;
    int[] counts = new int[BINS];
    for (double finish : sorted) {
      counts[Math.min(BINS - 1, (int) ((finish - low) / width))]++;
    }
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < BINS; i++) {
      bins.add(new Bin(low + i * width, i == BINS - 1 ? high : low + (i + 1) * width, counts[i]));
    }
    return bins;
  }

  private static List<Figure> figures(List<TaskFigure> top, Map<Long, Remaining> tasks, boolean criticality) {
    // a task done since the plan was read is no longer remaining: it drew nothing and is left out
    return top.stream().filter(f -> tasks.containsKey(f.id())).map(f -> new Figure(f.id(), tasks.get(f.id()).title(),
        Math.round((criticality ? f.criticality() : f.sensitivity()) * 1000) / 1000.0)).toList();
  }

  /** Any whole number a long holds (a seed may be 19 digits long). */
  private static long wholeLong(Rules rules, String name, String value) {
    try {
      if (value.matches("-?[0-9]{1,19}")) {
        return Long.parseLong(value);
      }
    } catch (NumberFormatException tooBig) {
      // refused below
    }
    rules.add(name, "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    return 0;
  }

}
