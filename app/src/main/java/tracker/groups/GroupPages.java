package tracker.groups;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.groups.JtelistpageGenerated;
import gg.jte.generated.precompiled.groups.JtelistGenerated;
import gg.jte.generated.precompiled.groups.JteconfirmpageGenerated;
import gg.jte.generated.precompiled.groups.JtelogGenerated;
import gg.jte.generated.precompiled.groups.JtelogformGenerated;
import gg.jte.generated.precompiled.groups.JtepageGenerated;
import gg.jte.generated.precompiled.groups.JtepanelGenerated;
import tracker.groups.GroupRecords.LogDraft;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The execution-group pages: the list, one group with its status, tasks and live log. */
public final class GroupPages {

  private final GroupService groups;

  public GroupPages(GroupService groups) {
    this.groups = groups;
  }

  /** Groups shown per page. */
  static final String PAGE_SIZE = "50";

  /** {@code GET /groups?offset=N}: the groups in the order they were made (a plan's waves in order), a page at a time. */
  public void list(Context ctx) {
    GroupService.GroupPage page = groups.page(null, PAGE_SIZE, ctx.queryParam("offset"), true);
    Integer made = Form.ofQuery(ctx).integer("made");
    Pages.render(ctx, Pages.partial(ctx) ? (out, intercept) -> JtelistGenerated.render(out, intercept, page)
        : (out, intercept) -> JtelistpageGenerated.render(out, intercept, page, made));
  }

  /**
   * One pending group per wave of the plan, once confirmed (htmx asks first; without script a
   * page asks), then the list saying what was made.
   */
  public void fromPlan(Context ctx) {
    Form form = Form.of(ctx);
    Integer maxParallel = form.integer("max_parallel_tasks");
    form.check();
    if (!"true".equals(form.text("confirmed"))) {
      groups.checkFromPlan(maxParallel, form.text("name_prefix"));
      Pages.render(ctx, (out, intercept) -> JteconfirmpageGenerated.render(out, intercept, maxParallel,
          form.text("name_prefix")));
      return;
    }
    int made = groups.fromPlan(maxParallel, form.text("name_prefix")).size();
    Pages.redirect(ctx, "/groups?made=" + made);
  }

  public void page(Context ctx) {
    renderPage(ctx, Pages.id(ctx, "id"), FormState.EMPTY, FormState.EMPTY);
  }

  private void renderPage(Context ctx, long id, FormState panelState, FormState logState) {
    Pages.render(ctx, (out, intercept) -> JtepageGenerated.render(out, intercept, groups.get(id),
        groups.logs(id, null, null), panelState, logState));
  }

  public void panel(Context ctx) {
    renderPanel(ctx, Pages.id(ctx, "id"), FormState.EMPTY);
  }

  private void renderPanel(Context ctx, long id, FormState state) {
    Pages.render(ctx, (out, intercept) -> JtepanelGenerated.render(out, intercept, groups.get(id), state));
  }

  /** A group status transition; one that is not allowed is explained in the panel. */
  public void status(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    String status = form.text("status");
    FormState state = Pages.attempt(form, () -> groups.changeStatus(id, status));
    Pages.answer(ctx, state, () -> renderPanel(ctx, id, state), "/groups/" + id,
        () -> renderPage(ctx, id, state, FormState.EMPTY));
  }

  /** A task's status within the group, which drives the task itself. */
  public void taskStatus(Context ctx) {
    long id = Pages.id(ctx, "id");
    long taskId = Pages.id(ctx, "task_id");
    Form form = Form.of(ctx);
    String status = form.text("status");
    FormState state = Pages.attempt(form, () -> groups.changeTaskStatus(id, taskId, status));
    Pages.answer(ctx, state, () -> renderPanel(ctx, id, state), "/groups/" + id,
        () -> renderPage(ctx, id, state, FormState.EMPTY));
  }

  public void log(Context ctx) {
    long id = Pages.id(ctx, "id");
    Pages.render(ctx, (out, intercept) -> JtelogGenerated.render(out, intercept, id, groups.logs(id, null, null)));
  }

  public void addLog(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    LogDraft draft = new LogDraft(form.text("level"), form.text("message"), form.id("task_id"), null);
    FormState state = Pages.attempt(form, () -> groups.addLog(id, draft));
    Pages.answer(ctx, state, () -> Pages.render(ctx, (out, intercept) -> JtelogformGenerated.render(out, intercept, id,
        state)),
        "/groups/" + id, () -> renderPage(ctx, id, FormState.EMPTY, state));
  }

  public void delete(Context ctx) {
    groups.delete(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/groups");
  }
}
