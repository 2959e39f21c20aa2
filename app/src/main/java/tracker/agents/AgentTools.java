package tracker.agents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tracker.core.Actor;
import tracker.domain.Role;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.TaskStatus;
import tracker.graph.Planner;
import tracker.plan.PlanRecords.CriticalPathView;
import tracker.plan.PlanRecords.PlanView;
import tracker.plan.ForecastService;
import tracker.plan.PlanService;
import tracker.tasks.TaskDetail;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskReadiness;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskService;
import tracker.tasks.TaskStatistics;
import tracker.tasks.TaskStats;
import tracker.tasks.TaskView;

/**
 * What a coding agent does with the plan, as coarse tools with compact answers (ids, titles,
 * status; history only when asked): the MCP server's tools, over the same services as the API.
 * Each tool takes its arguments as JSON (already checked against its input schema) and answers a
 * value the caller serialises as the tool's structured content.
 */
public final class AgentTools {

  /** The source document of a task an agent adds without naming one. */
  static final String AGENT_SOURCE = "agent";
  static final int DEFAULT_READY_LIST = 20;

  private final TaskService tasks;
  private final TaskStatistics statistics;
  private final PlanService plan;
  private final ForecastService forecast;
  private final Transactions tx;
  private final ObjectMapper json;

  public AgentTools(TaskService tasks, TaskStatistics statistics, PlanService plan, ForecastService forecast,
      Transactions tx, ObjectMapper json) {
    this.forecast = forecast;
    this.tasks = tasks;
    this.statistics = statistics;
    this.plan = plan;
    this.tx = tx;
    this.json = json;
  }

  /** A task in a few fields; description and success criteria only where an agent starts work. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Brief(long id, String title, TaskStatus status, String componentArea, String priority, double hours,
      int progress, Long parentTaskId, String claimedBy, Long claimToken, Instant leaseExpiresAt, String description,
      String successCriteria) {

    static Brief of(TaskView t, boolean withText) {
      boolean held = t.claimedBy() != null;
      return new Brief(t.id(), t.title(), t.status(), t.componentArea(), t.priority().value(), t.timeEstimateHours(),
          t.progressPercentage(), t.parentTaskId(), t.claimedBy(), held ? t.claimToken() : null,
          held ? t.leaseExpiresAt() : null, withText ? t.description() : null, withText ? t.successCriteria() : null);
    }
  }

  /**
   * The tools' own names for the API fields their arguments become, by tool: a refusal names
   * what the agent sent (a finish_task's "progress", not "progress_percentage").
   */
  static final Map<String, Map<String, String>> ARGUMENT_NAMES = Map.of(
      "finish_task", Map.of("progress_percentage", "progress", "notes", "note"),
      "report_blocker", Map.of("comment", "reason"),
      "resolve_blocker", Map.of("comment", "solution"),
      "add_task", Map.of("time_estimate_hours", "hours", "depends_on_task_id", "depends_on"),
      "plan_summary", Map.of("max_parallel_tasks", "max_parallel"));

  /** Runs a tool by name. */
  public Object call(String name, JsonNode args) {
    if (McpEndpoint.CHANGING_TOOLS.contains(name)) {
      Actor.require(Role.WORKER); // the same role the API's routes for these changes need
    }
    return switch (name) {
      case "next_task" -> nextTask(args);
      case "heartbeat" -> heartbeat(args);
      case "finish_task" -> finishTask(args);
      case "report_blocker" -> reportBlocker(args);
      case "resolve_blocker" -> resolveBlocker(args);
      case "show_task" -> showTask(args);
      case "list_ready" -> listReady(args);
      case "add_task" -> addTask(args);
      case "add_dependency" -> addDependency(args);
      case "plan_summary" -> planSummary(args);
      default -> throw TrackerException.badRequest("there is no tool " + name, List.of());
    };
  }

  record NextTask(String worker, String componentArea, Integer leaseSeconds, List<String> labels) {}

  private Map<String, Object> nextTask(JsonNode args) {
    NextTask in = read(args, NextTask.class);
    Optional<TaskView> claimed = plan.claim(in.worker(), in.componentArea(), in.labels(), in.leaseSeconds());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", claimed.map(t -> Brief.of(t, true)).orElse(null));
    return out;
  }

  record Heartbeat(long taskId, String worker, Long claimToken) {}

  private Map<String, Object> heartbeat(JsonNode args) {
    Heartbeat in = read(args, Heartbeat.class);
    TaskView task = plan.heartbeat(in.taskId(), in.worker(), in.claimToken());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_id", task.id());
    out.put("lease_expires_at", task.leaseExpiresAt());
    return out;
  }

  record Finish(long taskId, String worker, Long claimToken, String status, Integer progress, String note) {}

  private Map<String, Object> finishTask(JsonNode args) {
    Finish in = read(args, Finish.class);
    String status = in.status() == null ? TaskStatus.COMPLETED.value() : in.status();
    TaskView task = tasks.updateStatus(in.taskId(), new StatusChange(status, in.progress(), in.note(), null, null,
        in.worker(), null, in.claimToken()), in.worker());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", Brief.of(task, false));
    out.put("now_ready", task.status() == TaskStatus.COMPLETED ? tasks.readyDependents(task.id()) : List.of());
    return out;
  }

  record Blocker(long taskId, String worker, Long claimToken, String reason, String solution) {}

  private Map<String, Object> reportBlocker(JsonNode args) {
    Blocker in = read(args, Blocker.class);
    TaskView task = tasks.updateStatus(in.taskId(), new StatusChange(TaskStatus.BLOCKED.value(), null, null,
        in.reason(), "blocker", in.worker(), null, in.claimToken()), in.worker());
    return Map.of("task", Brief.of(task, false));
  }

  private Map<String, Object> resolveBlocker(JsonNode args) {
    Blocker in = read(args, Blocker.class);
    tasks.addComment(in.taskId(), new CommentDraft(in.solution(), "solution", in.claimToken()), in.worker());
    return Map.of("task", Brief.of(tasks.get(in.taskId()), false));
  }

  record Show(long taskId, Boolean history) {}

  private Map<String, Object> showTask(JsonNode args) {
    Show in = read(args, Show.class);
    TaskDetail detail = tasks.detail(in.taskId());
    TaskReadiness.Readiness readiness = tasks.readiness(in.taskId());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", Brief.of(detail.task(), true));
    out.put("dependencies", detail.dependencies().stream()
        .map(d -> List.of(d.dependsOnTaskId(), d.title(), d.dependencyType().value(), d.status().value())).toList());
    out.put("dependents", detail.dependents().stream()
        .map(d -> List.of(d.taskId(), d.title(), d.dependencyType().value(), d.status().value())).toList());
    out.put("subtasks", detail.subtaskIds());
    out.put("ready", readiness.ready());
    out.put("not_ready_because", readiness.reasons().stream().map(TaskReadiness.Reason::message).toList());
    if (Boolean.TRUE.equals(in.history())) {
      out.put("progress", tasks.progress(in.taskId()));
      out.put("comments", tasks.comments(in.taskId()));
    }
    return out;
  }

  record ListReady(String componentArea, Integer limit) {}

  private Map<String, Object> listReady(JsonNode args) {
    ListReady in = read(args, ListReady.class);
    if (in.limit() != null && (in.limit() < 1 || in.limit() > 200)) {
      throw TrackerException.invalid("limit", "must be between 1 and 200, not " + in.limit());
    }
    List<Planner.ReadyTask> queue = plan.readyQueue(in.componentArea());
    List<Planner.ReadyTask> shown = queue.subList(0, Math.min(queue.size(),
        in.limit() == null ? DEFAULT_READY_LIST : in.limit()));
    Map<Long, TaskView> views = new LinkedHashMap<>();
    tasks.views(shown.stream().map(Planner.ReadyTask::id).toList()).forEach(v -> views.put(v.id(), v));
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Planner.ReadyTask ready : shown) {
      TaskView view = views.get(ready.id());
      if (view != null) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", view.id());
        entry.put("title", view.title());
        entry.put("component_area", view.componentArea());
        entry.put("priority", view.priority().value());
        entry.put("hours", view.timeEstimateHours());
        entry.put("slack_hours", Math.round(ready.slack() * 100) / 100.0);
        entry.put("placed_by", ready.rule());
        listed.add(entry);
      }
    }
    return Map.of("tasks", listed, "total", queue.size());
  }

  record AddTask(String title, String componentArea, String description, String successCriteria, Integer phase,
      String priority, String complexity, Double hours, Long parentTaskId, List<Long> dependsOn,
      String dependencyType, Double optimisticHours, Double pessimisticHours) {}

  private Map<String, Object> addTask(JsonNode args) {
    AddTask in = read(args, AddTask.class);
    TaskView created = tx.write(() -> {
      TaskView task = tasks.create(new TaskDraft(in.title(), in.description(), in.componentArea(),
          in.phase() == null ? 1 : in.phase(), in.priority(), in.complexity(), null, AGENT_SOURCE,
          in.successCriteria(), in.hours(), in.parentTaskId(), null, null, in.optimisticHours(),
          in.pessimisticHours()));
      for (Long prerequisite : in.dependsOn() == null ? List.<Long>of() : in.dependsOn()) {
        tasks.addDependency(task.id(), prerequisite, in.dependencyType());
      }
      return task;
    });
    return Map.of("task", Brief.of(created, false));
  }

  record AddDependency(long taskId, Long dependsOnTaskId, String dependencyType) {}

  private Map<String, Object> addDependency(JsonNode args) {
    AddDependency in = read(args, AddDependency.class);
    return Map.of("created", tasks.addDependency(in.taskId(), in.dependsOnTaskId(), in.dependencyType()).created());
  }

  record Summary(Integer maxParallel) {}

  private Map<String, Object> planSummary(JsonNode args) {
    Summary in = read(args, Summary.class);
    TaskStats stats = statistics.stats();
    CriticalPathView path = plan.criticalPath(false, null, null);
    PlanView waves = plan.plan(in.maxParallel());
    Map<String, Object> byStatus = new LinkedHashMap<>();
    byStatus.put("total", stats.totalTasks());
    byStatus.put("completed", stats.completedTasks());
    byStatus.put("in_progress", stats.inProgressTasks());
    byStatus.put("blocked", stats.blockedTasks());
    byStatus.put("not_started", stats.totalTasks() - stats.completedTasks() - stats.inProgressTasks()
        - stats.blockedTasks());
    Map<String, Object> critical = new LinkedHashMap<>();
    critical.put("hours", path.totalHours());
    critical.put("task_ids", path.tasks().stream().map(t -> t.id()).limit(20).toList());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("by_status", byStatus);
    out.put("critical_path", critical);
    out.put("waves", waves.waves().size());
    out.put("finish_hours", waves.makespanHours());
    out.put("ready", plan.readyQueue(null).size());
    ForecastService.ForecastView range = forecast.forecast(String.valueOf(Math.min(2_000,
        ForecastService.defaultRuns(plan.graph().size()))), String.valueOf(in.maxParallel() == null
        ? ForecastService.DEFAULT_PARALLEL : in.maxParallel()), null, null);
    Map<String, Object> dates = new LinkedHashMap<>();
    dates.put("p50_hours", range.percentiles().get(1).hours());
    dates.put("p50_date", range.percentiles().get(1).date().toString());
    dates.put("p85_hours", range.percentiles().get(2).hours());
    dates.put("p85_date", range.percentiles().get(2).date().toString());
    out.put("forecast", dates);
    return out;
  }

  private <T> T read(JsonNode args, Class<T> type) {
    return tracker.web.Api.fromTree(args == null ? json.createObjectNode() : args, type);
  }
}
