package tracker.client;


import static tracker.client.Param.option;
import static tracker.client.Param.positional;

import java.util.List;
import tracker.client.Param.Kind;
import tracker.core.NumberField;
import tracker.plan.PlanService;

/** The client's planning commands: stats, ready, claim, heartbeat, critical-path, plan. */
final class PlanCommands {

  private PlanCommands() {}

  static final class Stats extends ClientCommand {
    Stats() {
      super("stats", "The plan's statistics.");
    }

    @Override
    int run() {
      Server.Answer answer = server.get("/api/stats");
      if (!printedAsJson(answer)) {
        JsonView s = answer.json();
        println(s.get("total_tasks").asLong() + " tasks: " + s.get("completed_tasks").asLong() + " completed, "
            + s.get("in_progress_tasks").asLong() + " in progress, " + s.get("blocked_tasks").asLong() + " blocked ("
            + text(s, "completion_percentage") + "% done)");
        println(text(s, "completed_hours") + " of " + text(s, "total_estimated_hours") + " hours done ("
            + text(s, "progress_percentage") + "%)");
        Table phases = new Table("PHASE", ">TASKS");
        for (JsonView p : s.get("phase_breakdown")) {
          phases.row(p.get("phase").asInt(), p.get("count").asLong());
        }
        phases.print(server.out());
        Table areas = new Table("COMPONENT", ">TASKS");
        for (JsonView a : s.get("component_breakdown")) {
          areas.row(text(a, "area"), a.get("count").asLong());
        }
        areas.print(server.out());
      }
      return 0;
    }
  }

  static final class Ready extends ClientCommand {
    Ready() {
      super("ready", "Tasks that can start now, best first.",
          option("--component", Kind.TEXT, "only this component area"),
          option("--limit", Kind.WHOLE, "at most this many (1 to " + PlanService.MAX_READY_LIMIT + ")"));
    }

    @Override
    int run() {
      String component = args.text("--component");
      Integer limit = args.whole("--limit");
      usage().range("--limit", limit, 1, PlanService.MAX_READY_LIMIT);
      Server.Answer answer = server.get("/api/ready" + Server.query("component_area", component, "limit", limit));
      if (!printedAsJson(answer)) {
        Table table = new Table(TASK_COLUMNS);
        for (JsonView t : answer.json()) {
          table.row(taskRow(t));
        }
        table.print(server.out());
      }
      return 0;
    }
  }

  static final class Claim extends ClientCommand {
    Claim() {
      super("claim", "Claim the best ready task for a worker; exits 4 when nothing is ready.",
          option("--worker", Kind.TEXT, "who claims").mandatory(),
          option("--lease", Kind.WHOLE, "return the task to the queue unless a heartbeat comes within this time")
              .labelled("SECONDS"),
          option("--component", Kind.TEXT, "only from this component area"),
          option("--label", Kind.TEXTS, "only tasks with one of these labels, separated by commas")
              .labelled("LABEL"));
    }

    @Override
    int run() {
      String worker = args.text("--worker");
      Integer lease = args.whole("--lease");
      String component = args.text("--component");
      List<String> labels = args.list("--label");
      usage().range("--lease", NumberField.LEASE_SECONDS, lease);
      Server.Answer answer = server.post("/api/claim",
          Server.body("worker", worker, "lease_seconds", lease, "component_area", component, "labels", labels));
      if (answer.status() == 204) {
        throw new ClientFailure(ClientFailure.NOTHING_READY, "nothing is ready to claim");
      }
      if (!printedAsJson(answer)) {
        JsonView t = answer.json();
        println(t.get("id").asLong() + "\t" + text(t, "title") + "\t" + text(t, "claim_token"));
      }
      return 0;
    }
  }

  static final class Heartbeat extends ClientCommand {
    Heartbeat() {
      super("heartbeat", "Extend the lease a worker holds.", positional("ID", Kind.ID, "the task"),
          option("--worker", Kind.TEXT, "who holds it").mandatory(),
          option("--claim-token", Kind.ID,
              "the claim's token (third column of claim): refused once another claim replaced it").labelled("TOKEN"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      String worker = args.text("--worker");
      Long claimToken = args.id("--claim-token");
      usage().range("--claim-token", NumberField.CLAIM_TOKEN, claimToken);
      Server.Answer answer = server.post("/api/tasks/" + id + "/heartbeat",
          Server.body("worker", worker, "claim_token", claimToken));
      if (!printedAsJson(answer)) {
        println("Task #" + id + " held by " + worker + " until " + text(answer.json(), "lease_expires_at"));
      }
      return 0;
    }
  }

  static final class CriticalPath extends ClientCommand {
    CriticalPath() {
      super("critical-path", "The longest chain of remaining work by hours.");
    }

    @Override
    int run() {
      Server.Answer answer = server.get("/api/critical-path");
      if (!printedAsJson(answer)) {
        JsonView path = answer.json();
        Table table = new Table(">ID", ">START", ">HOURS", "TITLE");
        for (JsonView t : path.get("tasks")) {
          table.row(t.get("id").asLong(), text(t, "earliest_start_hours"), text(t, "time_estimate_hours"),
              text(t, "title"));
        }
        table.print(server.out());
        println("total " + text(path, "total_hours") + " h");
      }
      return 0;
    }
  }

  static final class Plan extends ClientCommand {
    Plan() {
      super("plan", "The remaining work in waves.",
          option("--max-parallel", Kind.WHOLE, "tasks at once, 1 to 50 (default 5)").labelled("N"));
    }

    @Override
    int run() {
      Integer maxParallel = args.whole("--max-parallel");
      usage().range("--max-parallel", NumberField.MAX_PARALLEL, maxParallel);
      Server.Answer answer = server.get("/api/plan" + Server.query("max_parallel_tasks", maxParallel));
      if (!printedAsJson(answer)) {
        JsonView plan = answer.json();
        Table table = new Table(">WAVE", ">HOURS", "TASKS");
        for (JsonView w : plan.get("waves")) {
          StringBuilder ids = new StringBuilder();
          for (JsonView id : w.get("task_ids")) {
            ids.append(ids.isEmpty() ? "" : " ").append('#').append(id.asLong());
          }
          table.row(w.get("index").asInt(), text(w, "hours"), ids);
        }
        table.print(server.out());
        println("makespan " + text(plan, "makespan_hours") + " h");
      }
      return 0;
    }
  }

  static final class ForecastCommand extends ClientCommand {
    ForecastCommand() {
      super("forecast", "When will it be done: P10/P50/P85/P95 finish dates by Monte Carlo, the chance of a target"
              + " date, and the tasks that decide the date.",
          option("--max-parallel", Kind.WHOLE, "tasks at once, 1 to 50 (default 5)").labelled("N"),
          option("--runs", Kind.WHOLE, "runs, 100 to 100000 (default 10000)").labelled("N"),
          option("--target", Kind.DATE, "the chance of finishing by this date").labelled("DATE"),
          option("--seed", Kind.SEED, "the same seed gives the same forecast (default 1)").labelled("S"),
          option("--learn", Kind.FLAG, "scale the estimates by what the history taught, per component"));
    }

    @Override
    int run() {
      Integer maxParallel = args.whole("--max-parallel");
      Integer runs = args.whole("--runs");
      String target = args.text("--target");
      Long seed = args.seed("--seed");
      boolean learn = args.flag("--learn");
      usage().range("--max-parallel", NumberField.MAX_PARALLEL, maxParallel).range("--runs", runs, 100, 100_000);
      Server.Answer answer = server.get("/api/forecast" + Server.query("max_parallel", maxParallel, "runs", runs,
          "target", target, "seed", seed, "learn", learn ? "true" : null));
      if (!printedAsJson(answer)) {
        JsonView forecast = answer.json();
        Table table = new Table(">P", ">HOURS", "DATE");
        for (JsonView p : forecast.get("percentiles")) {
          table.row("P" + p.get("percent").asInt(), String.format(java.util.Locale.ROOT, "%.1f",
              p.get("hours").asDouble()), p.get("date").asText());
        }
        table.print(server.out());
        println(String.format(java.util.Locale.ROOT, "without ranges %.1f h, %s",
            forecast.get("deterministic_hours").asDouble(), forecast.get("deterministic_date").asText()));
        if (!forecast.get("learning").isNull()) {
          println("learnt from " + forecast.get("learning").get("tasks").asInt() + " completed tasks");
        }
        if (!forecast.get("target").isNull()) {
          JsonView t = forecast.get("target");
          println(String.format("%.0f %% chance of finishing by %s", t.get("probability").asDouble() * 100,
              t.get("date").asText()));
        }
        StringBuilder deciding = new StringBuilder();
        for (JsonView c : forecast.get("criticality")) {
          if (deciding.length() < 200) {
            deciding.append(deciding.isEmpty() ? "" : ", ").append('#').append(c.get("task_id").asLong())
                .append(String.format(" %.0f %%", c.get("value").asDouble() * 100));
          }
        }
        println("most often critical: " + deciding);
      }
      return 0;
    }
  }
}
