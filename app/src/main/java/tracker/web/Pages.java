package tracker.web;

import gg.jte.html.HtmlInterceptor;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import gg.jte.generated.precompiled.layout.JteerrorpageGenerated;
import io.javalin.http.HttpStatus;
import java.util.List;
import tracker.core.FieldError;
import tracker.core.Numbers;
import tracker.core.TrackerException;

/**
 * How the HTML handlers answer. One URL, two renderings: an htmx request gets the swap target's
 * partial, any other request the full page. A refused form answers 422 with the form and its
 * messages (htmx is configured to swap 422, see layout/page.jte); a plain form post that
 * succeeds is redirected (303) to the page, so reloading never posts twice.
 */
public final class Pages {

  private Pages() {}

  /** Whether to answer with the partial only: an htmx request that is not restoring history. */
  public static boolean partial(Context ctx) {
    return "true".equals(ctx.header("HX-Request")) && ctx.header("HX-History-Restore-Request") == null;
  }

  /** The request attribute: the newest history entry before the page read its data (see {@link #renderedAt}). */
  public static final String RENDERED_AT = "tracker.rendered-at";
  private static final ThreadLocal<Long> RENDERING_AT = new ThreadLocal<>();

  /**
   * A template's render method as JTE generates it from the template (build time): called with
   * the template's own {@code @param}s in order, so a missing, extra or mistyped parameter fails
   * the compile, not a request. {@code (out, intercept) -> JtepageGenerated.render(out, intercept, screen)}.
   */
  @FunctionalInterface
  public interface Template {
    void render(HtmlTemplateOutput out, HtmlInterceptor intercept);
  }

  /** Answers with the page or partial {@code template} draws, escaped as HTML. */
  public static void render(Context ctx, Template template) {
    StringOutput html = new StringOutput();
    RENDERING_AT.set(ctx.attribute(RENDERED_AT));
    try {
      template.render(new OwaspHtmlTemplateOutput(html), null);
    } finally {
      RENDERING_AT.remove();
    }
    ctx.contentType("text/html; charset=utf-8").result(html.toString());
  }

  /**
   * The newest history entry before the page being rendered read its data (null when unknown):
   * its live updates start after it, so a change made while it rendered still reaches it.
   */
  public static Long renderedAt() {
    return RENDERING_AT.get();
  }

  /** Runs a form's change; answers the form's state: empty when done, else what to show. */
  /**
   * Refuses (400) a query parameter given more than once unless it is {@code repeatable}: the
   * first value would win silently. The one rule of the pages and the API (Api.onlyDocumentedQueryParams).
   */
  public static void refuseRepeatedQuery(Context ctx, java.util.Set<String> repeatable) {
    List<FieldError> repeated = ctx.queryParamMap().entrySet().stream()
        .filter(e -> e.getValue().size() > 1 && !repeatable.contains(e.getKey()))
        .map(e -> new FieldError(e.getKey(), "is given " + e.getValue().size() + " times; give it once")).toList();
    if (!repeated.isEmpty()) {
      throw TrackerException.badRequest("query parameter '" + repeated.get(0).field() + "' is repeated", repeated);
    }
  }

  public static FormState attempt(Form form, Runnable change) {
    try {
      form.check();
      change.run();
      return FormState.EMPTY;
    } catch (TrackerException refused) {
      return FormState.refused(form.values(), refused);
    }
  }

  /**
   * Answers a form post: the partial (422 when refused) for htmx; otherwise a redirect to
   * {@code pageUrl} when done, or the full page with the messages.
   */
  public static void answer(Context ctx, FormState state, Runnable partial, String pageUrl, Runnable fullPage) {
    boolean done = state.errors().isEmpty() && state.message() == null;
    if (partial(ctx)) {
      ctx.status(done ? 200 : 422);
      partial.run();
    } else if (done) {
      ctx.redirect(pageUrl, HttpStatus.SEE_OTHER);
    } else {
      ctx.status(422);
      fullPage.run();
    }
  }

  /** Sends the browser to another page: through htmx's HX-Redirect, else a 303. */
  public static void redirect(Context ctx, String url) {
    if (partial(ctx)) {
      ctx.header("HX-Redirect", url).status(204);
    } else {
      ctx.redirect(url, HttpStatus.SEE_OTHER);
    }
  }

  /** The error page (or, for htmx, a short text that app.js shows in the flash bar). */
  public static void error(Context ctx, int status, String title, String detail) {
    ctx.status(status);
    if (partial(ctx)) {
      ctx.contentType("text/plain; charset=utf-8").result(title + ": " + detail);
    } else {
      render(ctx, (out, intercept) -> JteerrorpageGenerated.render(out, intercept, status, title, detail));
    }
  }

  /** The path parameter as an id; anything else is the 404 page. */
  public static long id(Context ctx, String name) {
    Long id = Numbers.whole(ctx.pathParam(name));
    if (id != null && id > 0) {
      return id;
    }
    throw new TrackerException(404, "Not found", "there is no page " + ctx.path(), java.util.List.of());
  }
}
