package tracker.client;


import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import tracker.core.NumberField;
import tracker.domain.CommentType;
import tracker.domain.Complexity;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.tasks.TaskQuery;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The client's task commands: list, show, add, edit, status, comment, dependencies, history. */
public final class TaskCommands {

  private TaskCommands() {}

  @Command(name = "tasks", mixinStandardHelpOptions = true, description = "List tasks, filtered and sorted.")
  public static final class ListTasks extends ClientCommand {
    @Option(names = "--status", description = "not_started, in_progress, completed or blocked") String status;
    @Option(names = "--phase", description = "1 to 4") Integer phase;
    @Option(names = "--component", description = "component area") String component;
    @Option(names = "--priority", description = "Critical, High, Medium or Low") String priority;
    @Option(names = "--q", description = "text in the title or description") String q;
    @Option(names = "--assignee", description = "a name, me (your token's identity) or none") String assignee;
    @Option(names = "--label", description = "tasks with this label") String label;
    @Option(names = "--sort", description = "id, priority, phase, title, created_at, updated_at; -name for descending")
    String sort;
    @Option(names = "--limit", description = "at most this many (default 50, at most 500)") Integer limit;
    @Option(names = "--offset", description = "skip this many") Integer offset;

    @Override
    int run() {
      usage().oneOf("--status", TaskStatus.class, status).range("--phase", NumberField.PHASE, phase)
          .oneOf("--priority", Priority.class, priority).sort("--sort", sort, TaskQuery.SORTABLE.keySet())
          .range("--limit", limit, 1, TaskQuery.MAX_LIMIT).range("--offset", offset, 0, Integer.MAX_VALUE);
      Server.Answer answer = server.get("/api/tasks" + Server.query("status", status, "phase", phase,
          "component_area", component, "priority", priority, "q", q, "sort", sort, "limit", limit, "offset", offset,
          "assignee", assignee, "label", label));
      if (!printedAsJson(answer)) {
        JsonView page = answer.json();
        Table table = new Table(TASK_COLUMNS);
        page.get("items").forEach(t -> table.row(taskRow(t)));
        table.print(server.out());
        println(page.get("items").size() + " of " + page.get("total").asLong() + " tasks");
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one task with its dependencies.")
  public static final class Show extends ClientCommand {
    @Parameters(paramLabel = "ID") long id;

    @Override
    int run() {
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
        t.get("dependencies").forEach(d -> println("  depends on #" + d.get("depends_on_task_id").asLong() + " ("
            + text(d, "dependency_type") + ", " + text(d, "status") + ") " + text(d, "title")));
        t.get("dependents").forEach(d -> println("  needed by  #" + d.get("task_id").asLong() + " ("
            + text(d, "dependency_type") + ", " + text(d, "status") + ") " + text(d, "title")));
        t.get("subtask_ids").forEach(s -> println("  subtask    #" + s.asLong()));
        JsonView readiness = server.get("/api/tasks/" + id + "/readiness").json();
        if (readiness.get("ready").asBoolean()) {
          println("  ready to start");
        }
        readiness.get("reasons").forEach(r -> println("  not ready: " + text(r, "message")));
      }
      return 0;
    }
  }

  /** The writable fields of a task as options; on add the required ones must be given. */
  abstract static class Fields extends ClientCommand {
    @Option(names = "--title") String title;
    @Option(names = "--component", description = "component area") String component;
    @Option(names = "--phase", description = "1 to 4") Integer phase;
    @Option(names = "--source", description = "source document") String source;
    @Option(names = "--description") String description;
    @Option(names = "--priority", description = "Critical, High, Medium or Low") String priority;
    @Option(names = "--complexity", description = "Simple, Medium, Complex or Expert") String complexity;
    @Option(names = "--hours", description = "estimate in hours, 0.1 to 200") Double hours;
    @Option(names = "--criteria", description = "success criteria") String criteria;
    @Option(names = "--parent", description = "id of the parent task") Long parent;
    @Option(names = "--assignee", description = "an identity's name") String assignee;
    @Option(names = "--optimistic", description = "the fewest hours it could take (a forecast's range)")
    Double optimistic;
    @Option(names = "--pessimistic", description = "the most hours it could take (a forecast's range)")
    Double pessimistic;
    @Option(names = "--labels", split = ",", paramLabel = "LABEL", description = "labels, separated by commas")
    java.util.List<String> labels;

    Map<String, Object> fields() {
      usage().range("--phase", NumberField.PHASE, phase).oneOf("--priority", Priority.class, priority)
          .oneOf("--complexity", Complexity.class, complexity).range("--hours", NumberField.HOURS, hours)
          .range("--optimistic", NumberField.OPTIMISTIC_HOURS, optimistic)
          .range("--pessimistic", NumberField.PESSIMISTIC_HOURS, pessimistic);
      return Server.body("title", title, "component_area", component, "phase", phase, "source_document", source,
          "description", description, "priority", priority, "complexity", complexity, "time_estimate_hours", hours,
          "success_criteria", criteria, "parent_task_id", parent, "assignee", assignee, "labels", labels,
          "optimistic_hours", optimistic, "pessimistic_hours", pessimistic);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create a task (with its dependencies), or a whole plan from a file.")
  public static final class Add extends Fields {
    @Option(names = "--depends-on", split = ",", paramLabel = "ID",
        description = "tasks it waits for, comma-separated; created with it in one request")
    List<Long> dependsOn;
    @Option(names = "--dep-type", paramLabel = "TYPE", description = "blocks (default), requires or enhances")
    String dependencyType;
    @Option(names = "--from-file", paramLabel = "FILE",
        description = "a plan as JSON ({\"tasks\": [...]} or a list of tasks, as POST /api/tasks/bulk takes:"
            + " ref, parent_ref and depends_on name tasks within it), - for standard input; all or nothing")
    String fromFile;

    @Override
    int run() {
      usage().oneOf("--dep-type", DependencyType.class, dependencyType);
      if (fromFile != null) {
        if (!fields().isEmpty() || dependsOn != null) {
          throw new picocli.CommandLine.ParameterException(server.spec.commandLine(),
              "--from-file takes the tasks from the file: give no field options with it");
        }
        return addPlan();
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

    private int addPlan() {
      String text;
      try {
        text = fromFile.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            : java.nio.file.Files.readString(java.nio.file.Path.of(fromFile));
      } catch (java.io.IOException e) {
        throw new picocli.CommandLine.ParameterException(server.spec.commandLine(),
            "--from-file " + fromFile + " cannot be read: " + e.getMessage());
      }
      JsonView plan;
      try {
        plan = JsonView.parse(text);
      } catch (java.io.IOException e) {
        throw new picocli.CommandLine.ParameterException(server.spec.commandLine(),
            "--from-file " + fromFile + " is not JSON: " + e.getMessage());
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

  @Command(name = "edit", mixinStandardHelpOptions = true, description = "Change fields of a task.")
  public static final class Edit extends Fields {
    @Parameters(paramLabel = "ID") long id;

    @Override
    int run() {
      Map<String, Object> fields = fields();
      if (fields.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(server.spec.commandLine(),
            "name at least one field to change, e.g. --title or --phase");
      }
      Server.Answer answer = server.patch("/api/tasks/" + id, fields);
      if (!printedAsJson(answer)) {
        println("Task #" + id + " changed: " + String.join(", ", fields.keySet()));
      }
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Set a task's status, with an optional progress record and comment.")
  public static final class Status extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Parameters(index = "1", paramLabel = "STATUS", description = "not_started, in_progress, completed or blocked")
    String status;
    @Option(names = "--progress", description = "progress in percent, 0 to 100") Integer progress;
    @Option(names = "--note", description = "a note with the progress record") String note;
    @Option(names = "--comment", description = "a comment to add") String comment;
    @Option(names = "--type", description = "the comment's type: note, decision, blocker or solution") String type;
    @Option(names = "--by", description = "who made the change (default: the server's X-Actor)") String by;
    @Option(names = "--claim-token", paramLabel = "TOKEN",
        description = "as the claimant: refused once another claim replaced yours") Long claimToken;

    @Override
    int run() {
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

  @Command(name = "comment", mixinStandardHelpOptions = true, description = "Comment on a task.")
  public static final class Comment extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Parameters(index = "1", paramLabel = "TEXT") String text;
    @Option(names = "--type", description = "note (default), decision, blocker or solution") String type;
    @Option(names = "--claim-token", paramLabel = "TOKEN",
        description = "as the claimant: refused once another claim replaced yours") Long claimToken;

    @Override
    int run() {
      usage().oneOf("--type", CommentType.class, type).range("--claim-token", NumberField.CLAIM_TOKEN, claimToken);
      Server.Answer answer = server.post("/api/tasks/" + id + "/comments",
          Server.body("comment", text, "comment_type", type, "claim_token", claimToken));
      if (!printedAsJson(answer)) {
        println("Comment #" + answer.json().get("id").asLong() + " added to task #" + id);
      }
      return 0;
    }
  }

  @Command(name = "dep", mixinStandardHelpOptions = true, description = "Add or remove a dependency.",
      subcommands = {DependencyAdd.class, DependencyRemove.class})
  public static final class Dependency implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say dep add or dep rm");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Make ID depend on DEPENDS_ON.")
  public static final class DependencyAdd extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Parameters(index = "1", paramLabel = "DEPENDS_ON") long dependsOn;
    @Option(names = "--type", description = "blocks (default), requires or enhances") String type;

    @Override
    int run() {
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

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove the dependency of ID on DEPENDS_ON.")
  public static final class DependencyRemove extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Parameters(index = "1", paramLabel = "DEPENDS_ON") long dependsOn;

    @Override
    int run() {
      server.delete("/api/tasks/" + id + "/dependencies/" + dependsOn);
      if (!server.json()) {
        println("Task #" + id + " no longer depends on #" + dependsOn);
      }
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Who changed a task, what and when.")
  public static final class History extends ClientCommand {
    @Parameters(paramLabel = "ID") long id;

    @Override
    int run() {
      Server.Answer answer = server.get("/api/tasks/" + id + "/history");
      if (!printedAsJson(answer)) {
        Table table = new Table(">ID", "AT", "ACTOR", "ACTION", "CHANGES");
        answer.json().forEach(e -> {
          StringBuilder changes = new StringBuilder();
          e.get("changes").forEachField((field, change) -> changes.append(changes.isEmpty() ? "" : "; ")
              .append(field).append(": ").append(change.get("from").isNull() ? ""
                  : change.get("from").asText() + " → ").append(change.get("to").asText()));
          table.row(e.get("id").asLong(), text(e, "at"), text(e, "actor"), text(e, "action"), changes);
        });
        table.print(server.out());
      }
      return 0;
    }
  }
}
