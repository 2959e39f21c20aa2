package tracker.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Map;

/** Renders the JTE templates precompiled at build time (no Javalin 7 rendering module is served). */
public final class JteRenderer implements FileRenderer {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  @Override
  public String render(String template, Map<String, ?> model, Context ctx) {
    StringOutput output = new StringOutput();
    @SuppressWarnings("unchecked")
    Map<String, Object> params = (Map<String, Object>) model;
    engine.render(template, params, output);
    return output.toString();
  }
}
