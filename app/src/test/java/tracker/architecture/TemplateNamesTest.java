package tracker.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A template's name tells a page from a partial: a whole page (one that wraps itself in the
 * layout) ends in {@code page.jte}, and nothing else does, so a swap target is never a page.
 */
class TemplateNamesTest {

  @Test
  void pages_and_only_pages_are_named_page() throws IOException {
    List<Path> templates;
    try (Stream<Path> files = Files.walk(Path.of("templates"))) {
      templates = files.filter(f -> f.toString().endsWith(".jte")).toList();
    }
    assertThat(templates).hasSizeGreaterThan(40);
    for (Path template : templates) {
      String name = Path.of("templates").relativize(template).toString();
      if (name.equals("layout/page.jte")) {
        continue; // the layout itself
      }
      boolean page = Files.readString(template).contains("@template.layout.page(");
      assertThat(name.endsWith("page.jte")).as("%s %s", name, page ? "is a page" : "is a partial").isEqualTo(page);
    }
  }
}
