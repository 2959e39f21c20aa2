package tracker.client;


import static tracker.client.Param.option;
import static tracker.client.Param.positional;

import java.util.List;
import java.util.Map;
import tracker.client.Param.Kind;
import tracker.core.NumberField;
import tracker.domain.CommentType;
import tracker.domain.Complexity;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.tasks.TaskQuery;

/** The client's task commands: list, show, add, edit, status, comment, dependencies, history. */
final class TaskCommands {

  private TaskCommands() {}

  // options a listing filters by and a task is written with
  private static final Param PHASE = option("--phase", Kind.WHOLE, "1 to 4");
  private static final Param COMPONENT = option("--component", Kind.TEXT, "component area");
  private static final Param PRIORITY = option("--priority", Kind.TEXT, "Critical, High, Medium or Low");

  static final class ListTasks extends ClientCommand {
    ListTasks() {
      super("tasks", "List tasks, filtered and sorted.",
          option("--status", Kind.TEXT, "not_started, in_progress, completed or blocked"),
          PHASE, COMPONENT, PRIORITY,
          option("--q", Kind.TEXT, "text in the title or description").labelled("TEXT"),
          option("--assignee", Kind.TEXT, "a name, me (your token's identity) or none"),
          option("--label", Kind.TEXT, "tasks with this label"),
          option("--sort", Kind.TEXT, "id, priority, phase, title, created_at, updated_at; -name for descending"),
          option("--limit", Kind.WHOLE, "at most this many (default 50, at most " + TaskQuery.MAX_LIMIT + ")"),
          option("--offset", Kind.WHOLE, "skip this many"));
    }

    @Override
    int run() {
      String status = args.text("--status");
      Integer phase = args.whole("--phase");
      String component = args.text("--component");
      String priority = args.text("--priority");
      String q = args.text("--q");
      String assignee = args.text("--assignee");
      String label = args.text("--label");
      String sort = args.text("--sort");
      Integer limit = args.whole("--limit");
      Integer offset = args.whole("--offset");
      usage().oneOf("--status", TaskStatus.class, status).range("--phase", NumberField.PHASE, phase)
          .oneOf("--priority", Priority.class, priority).sort("--sort", sort, TaskQuery.SORTABLE.keySet())
          .range("--limit", limit, 1, TaskQuery.MAX_LIMIT).range("--offset", offset, 0, Integer.MAX_VALUE);
      Server.Answer answer = server.get("/api/tasks" + Server.query("status", status, "phase", phase,
          "component_area", component, "priority", priority, "q", q, "sort", sort, "limit", limit, "offset", offset,
          "assignee", assignee, "label", label));
      if (!printedAsJson(answer)) {
        JsonView page = answer.json();
        Table table = new Table(TASK_COLUMNS);
        for (JsonView t : page.get("items")) {
          table.row(taskRow(t));
        }
        table.print(server.out());
        println(page.get("items").size() + " of " + page.get("total").asLong() + " tasks");
      }
      return 0;
    }
  }

  static final class Show extends ClientCommand {
    Show() {
      super("show", "Show one task with its dependencies.", positional("ID", Kind.ID, "the task"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      Server.Answer answer = server.get("/api/tasks/" + id);
      if (!printedAsJson(answer)) {
        JsonView t = answer.json();
        println("#" + id + " " + text(t, "title"));
        for (String field : new String[] {"status", "progress_percentage", "phase", "component_area", "priority",
            "complexity", "time_estimate_hours", "source_document", "parent_task_id", "claimed_by", "lease_expires_at",
            "blocked_since", "description", "success_criteria", "version", "updated_at"}) {
          if (!text(t, field).isEmpty()) {
            println(String.format("  %-20s %s", field.replace('_', ' '), text(t, field)));
          }
        }
        for (JsonView d : t.get("dependencies")) {
          println("  depends on #" + d.get("depends_on_task_id").asLong() + " (" + text(d, "dependency_type") + ", "
              + text(d, "status") + ") " + text(d, "title"));
        }
        for (JsonView d : t.get("dependents")) {
          println("  needed by  #" + d.get("task_id").asLong() + " (" + text(d, "dependency_type") + ", "
              + text(d, "status") + ") " + text(d, "title"));
        }
        for (JsonView s : t.get("subtask_ids")) {
          println("  subtask    #" + s.asLong());
        }
        JsonView readiness = server.get("/api/tasks/" + id + "/readiness").json();
        if (readiness.get("ready").asBoolean()) {
          println("  ready to start");
        }
        for (JsonView r : readiness.get("reasons")) {
          println("  not ready: " + text(r, "message"));
        }
      }
      return 0;
    }
  }

  /** The writable fields of a task as options; on add the required ones must be given. */
  abstract static class Fields extends ClientCommand {
    private static final Param[] FIELDS = {
        option("--title", Kind.TEXT, "the task's title"),
        COMPONENT, PHASE,
        option("--source", Kind.TEXT, "source document"),
        option("--description", Kind.TEXT, "what is to be done"),
        PRIORITY,
        option("--complexity", Kind.TEXT, "Simple, Medium, Complex or Expert"),
        option("--hours", Kind.DECIMAL, "estimate in hours, 0.1 to 200"),
        option("--criteria", Kind.TEXT, "success criteria"),
        option("--parent", Kind.ID, "id of the parent task").labelled("ID"),
        option("--assignee", Kind.TEXT, "an identity's name"),
        option("--optimistic", Kind.DECIMAL, "the fewest hours it could take (a forecast's range)").labelled("HOURS"),
        option("--pessimistic", Kind.DECIMAL, "the most hours it could take (a forecast's range)").labelled("HOURS"),
        option("--labels", Kind.TEXTS, "labels, separated by commas").labelled("LABEL")};

    /** The fields, then a command's own parameters. */
    Fields(String name, String description, Param... own) {
      super(name, description, concat(own, FIELDS));
    }

    private static Param[] concat(Param[] first, Param[] second) {
      Param[] all = java.util.Arrays.copyOf(first, first.length + second.length);
      System.arraycopy(second, 0, all, first.length, second.length);
      return all;
    }

    Map<String, Object> fields() {
      Integer phase = args.whole("--phase");
      String priority = args.text("--priority");
      String complexity = args.text("--complexity");
      Double hours = args.decimal("--hours");
      Double optimistic = args.decimal("--optimistic");
      Double pessimistic = args.decimal("--pessimistic");
      usage().range("--phase", NumberField.PHASE, phase).oneOf("--priority", Priority.class, priority)
          .oneOf("--complexity", Complexity.class, complexity).range("--hours", NumberField.HOURS, hours)
          .range("--optimistic", NumberField.OPTIMISTIC_HOURS, optimistic)
          .range("--pessimistic", NumberField.PESSIMISTIC_HOURS, pessimistic);
      return Server.body("title", args.text("--title"), "component_area", args.text("--component"), "phase", phase,
          "source_document", args.text("--source"), "description", args.text("--description"), "priority", priority,
          "complexity", complexity, "time_estimate_hours", hours, "success_criteria", args.text("--criteria"),
          "parent_task_id", args.id("--parent"), "assignee", args.text("--assignee"), "labels", args.list("--labels"),
          "optimistic_hours", optimistic, "pessimistic_hours", pessimistic);
    }
  }

  static final class Add extends Fields {
    Add() {
      super("add", "Create a task (with its dependencies), or a whole plan from a file.",
          option("--depends-on", Kind.IDS, "tasks it waits for, comma-separated; created with it in one request")
              .labelled("ID"),
          option("--dep-type", Kind.TEXT, "blocks (default), requires or enhances").labelled("TYPE"),
          option("--from-file", Kind.TEXT, "a plan as JSON ({\"tasks\": [...]} or a list of tasks, as POST"
              + " /api/tasks/bulk takes: ref, parent_ref and depends_on name tasks within it), - for standard input;"
              + " all or nothing").labelled("FILE"));
    }

    @Override
    int run() {
      List<Long> dependsOn = args.list("--depends-on");
      String dependencyType = args.text("--dep-type");
      String fromFile = args.text("--from-file");
      usage().oneOf("--dep-type", DependencyType.class, dependencyType);
      if (fromFile != null) {
        if (!fields().isEmpty() || dependsOn != null) {
          throw new UsageError("--from-file takes the tasks from the file: give no field options with it");
        }
        return addPlan(fromFile);
      }
      Server.Answer answer;
      if (dependsOn == null || dependsOn.isEmpty()) {
        answer = server.post("/api/tasks", fields());
      } else {
        Map<String, Object> task = new java.util.LinkedHashMap<>(fields());
        task.put("depends_on", dependsOn.stream()
            .map(id -> Server.body("task_id", id, "dependency_type", dependencyType)).toList());
        Server.Answer created = server.post("/api/tasks/bulk", Map.of("tasks", List.of(task)));
        answer = new Server.Answer(created.status(), created.json().get(0).toString());
      }
      if (!printedAsJson(answer)) {
        println("Created task #" + answer.json().get("id").asLong() + ": " + text(answer.json(), "title"));
      }
      return 0;
    }

    private int addPlan(String fromFile) {
      String text;
      try {
        text = fromFile.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            : java.nio.file.Files.readString(java.nio.file.Path.of(fromFile));
      } catch (java.io.IOException e) {
        throw new UsageError("--from-file " + fromFile + " cannot be read: " + e.getMessage());
      }
      JsonView plan;
      try {
        plan = JsonView.parse(text);
      } catch (java.io.IOException e) {
        throw new UsageError("--from-file " + fromFile + " is not JSON: " + e.getMessage());
      }
      Object body = plan.isList() ? Map.of("tasks", plan.value()) : plan.value();
      Server.Answer answer = server.post("/api/tasks/bulk", body);
      if (!printedAsJson(answer)) {
        println("Created " + answer.json().size() + " tasks: #" + answer.json().get(0).get("id").asLong() + " to #"
            + answer.json().get(answer.json().size() - 1).get("id").asLong());
      }
      return 0;
    }
  }

  static final class Edit extends Fields {
    Edit() {
      super("edit", "Change fields of a task.", positional("ID", Kind.ID, "the task"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      Map<String, Object> fields = fields();
      if (fields.isEmpty()) {
        throw new UsageError("name at least one field to change, e.g. --title or --phase");
      }
      Server.Answer answer = server.patch("/api/tasks/" + id, fields);
      if (!printedAsJson(answer)) {
        println("Task #" + id + " changed: " + String.join(", ", fields.keySet()));
      }
      return 0;
    }
  }

  static final class Status extends ClientCommand {
    Status() {
      super("status", "Set a task's status, with an optional progress record and comment.",
          positional("ID", Kind.ID, "the task"),
          positional("STATUS", Kind.TEXT, "not_started, in_progress, completed or blocked"),
          option("--progress", Kind.WHOLE, "progress in percent, 0 to 100").labelled("N"),
          option("--note", Kind.TEXT, "a note with the progress record").labelled("TEXT"),
          option("--comment", Kind.TEXT, "a comment to add").labelled("TEXT"),
          option("--type", Kind.TEXT, "the comment's type: note, decision, blocker or solution"),
          option("--by", Kind.TEXT, "who made the change (default: the server's X-Actor)").labelled("NAME"),
          CLAIM_TOKEN);
    }

    @Override
    int run() {
      long id = args.id("ID");
      String status = args.text("STATUS");
      Integer progress = args.whole("--progress");
      String note = args.text("--note");
      String comment = args.text("--comment");
      String type = args.text("--type");
      String by = args.text("--by");
      Long claimToken = args.id("--claim-token");
      usage().oneOf("STATUS", TaskStatus.class, status).range("--progress", NumberField.PROGRESS, progress)
          .oneOf("--type", CommentType.class, type).range("--claim-token", NumberField.CLAIM_TOKEN, claimToken);
      Server.Answer answer = server.post("/api/tasks/" + id + "/status", Server.body("status", status,
          "progress_percentage", progress, "notes", note, "comment", comment, "comment_type", type, "updated_by", by,
          "claim_token", claimToken));
      if (!printedAsJson(answer)) {
        JsonView t = answer.json();
        println("Task #" + id + " is " + text(t, "status") + " (" + t.get("progress_percentage").asInt() + "%)");
      }
      return 0;
    }
  }

  /** The claim a write is made under, refused once another claim replaced it. */
  private static final Param CLAIM_TOKEN = option("--claim-token", Kind.ID,
      "as the claimant: refused once another claim replaced yours").labelled("TOKEN");

  static final class Comment extends ClientCommand {
    Comment() {
      super("comment", "Comment on a task.", positional("ID", Kind.ID, "the task"),
          positional("TEXT", Kind.TEXT, "the comment"),
          option("--type", Kind.TEXT, "note (default), decision, blocker or solution"), CLAIM_TOKEN);
    }

    @Override
    int run() {
      long id = args.id("ID");
      String text = args.text("TEXT");
      String type = args.text("--type");
      Long claimToken = args.id("--claim-token");
      usage().oneOf("--type", CommentType.class, type).range("--claim-token", NumberField.CLAIM_TOKEN, claimToken);
      Server.Answer answer = server.post("/api/tasks/" + id + "/comments",
          Server.body("comment", text, "comment_type", type, "claim_token", claimToken));
      if (!printedAsJson(answer)) {
        println("Comment #" + answer.json().get("id").asLong() + " added to task #" + id);
      }
      return 0;
    }
  }

  static final class DependencyAdd extends ClientCommand {
    DependencyAdd() {
      super("dep add", "Make ID depend on DEPENDS_ON.", positional("ID", Kind.ID, "the task that waits"),
          positional("DEPENDS_ON", Kind.ID, "the task it waits for"),
          option("--type", Kind.TEXT, "blocks (default), requires or enhances"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      long dependsOn = args.id("DEPENDS_ON");
      String type = args.text("--type");
      usage().oneOf("--type", DependencyType.class, type);
      Server.Answer answer = server.post("/api/tasks/" + id + "/dependencies",
          Server.body("depends_on_task_id", dependsOn, "dependency_type", type));
      if (!printedAsJson(answer)) {
        println("Task #" + id + " depends on #" + dependsOn + " (" + text(answer.json(), "dependency_type") + ")"
            + (answer.status() == 200 ? ", as it already did" : ""));
      }
      return 0;
    }
  }

  static final class DependencyRemove extends ClientCommand {
    DependencyRemove() {
      super("dep rm", "Remove the dependency of ID on DEPENDS_ON.", positional("ID", Kind.ID, "the task that waits"),
          positional("DEPENDS_ON", Kind.ID, "the task it waits for"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      long dependsOn = args.id("DEPENDS_ON");
      server.delete("/api/tasks/" + id + "/dependencies/" + dependsOn);
      if (!server.json()) {
        println("Task #" + id + " no longer depends on #" + dependsOn);
      }
      return 0;
    }
  }

  static final class History extends ClientCommand {
    History() {
      super("history", "Who changed a task, what and when.", positional("ID", Kind.ID, "the task"));
    }

    @Override
    int run() {
      long id = args.id("ID");
      Server.Answer answer = server.get("/api/tasks/" + id + "/history");
      if (!printedAsJson(answer)) {
        Table table = new Table(">ID", "AT", "ACTOR", "ACTION", "CHANGES");
        for (JsonView e : answer.json()) {
          StringBuilder changes = new StringBuilder();
          for (String field : e.get("changes").fieldNames()) {
            JsonView change = e.get("changes").get(field);
            changes.append(changes.isEmpty() ? "" : "; ").append(field).append(": ")
                .append(change.get("from").isNull() ? "" : change.get("from").asText() + " → ")
                .append(change.get("to").asText());
          }
          table.row(e.get("id").asLong(), text(e, "at"), text(e, "actor"), text(e, "action"), changes);
        }
        table.print(server.out());
      }
      return 0;
    }
  }
}
